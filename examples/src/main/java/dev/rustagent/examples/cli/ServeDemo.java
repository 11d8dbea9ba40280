package dev.rustagent.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted model of {@code serve --demo}: for any question it reads {@code src/main.rs} of the
 * demo's hello crate, proposes a change of the greeting (so the page shows the approval dialog with
 * the diff) and then streams an answer saying what happened.
 */
final class ServeDemo {
  private static final Pattern GREETING = Pattern.compile("String::from\\(\"([^\"\\\\]*)\"\\)");

  private ServeDemo() {}

  static FakeAnthropicServer start() {
    AtomicInteger changes = new AtomicInteger();
    FakeAnthropicServer server = FakeAnthropicServer.start();
    server.respondWith(request -> respond(request, changes));
    return server;
  }

  static FakeResponse respond(RecordedRequest request, AtomicInteger changes) {
    JsonNode messages = request.json().path("messages");
    String question = firstUserText(messages);
    int toolResults = 0;
    String lastResult = "";
    for (JsonNode message : messages) {
      for (JsonNode block : message.path("content")) {
        if ("tool_result".equals(block.path("type").asText())) {
          toolResults++;
          JsonNode content = block.path("content");
          lastResult = content.isTextual() ? content.asText() : content.toString();
        }
      }
    }
    if (toolResults == 0) {
      return FakeResponse.message().text("Let me look at the crate first.")
          .toolUse("toolu_serve_read", "read_file", "{\"path\":\"src/main.rs\"}").build();
    }
    if (toolResults == 1) {
      Matcher m = GREETING.matcher(lastResult);
      if (m.find()) {
        String next = "Hello from the Rust agent! (change " + changes.incrementAndGet() + ")";
        return FakeResponse.message().text("I will change the greeting; that modifies code, so I ask you first.")
            .toolUse("toolu_serve_edit", "edit_file", "{\"path\":\"src/main.rs\",\"old_text\":\"String::from(\\\""
                + m.group(1) + "\\\")\",\"new_text\":\"String::from(\\\"" + next + "\\\")\"}").build();
      }
      return answer(question, "I could not find the greeting in src/main.rs, so I changed nothing.");
    }
    boolean refused = lastResult.startsWith("permission denied") || lastResult.contains("not allowed");
    return answer(question, refused ? "The change was not allowed, so src/main.rs is as it was."
        : "The greeting in src/main.rs is changed: " + lastResult.lines().findFirst().orElse(""));
  }

  private static FakeResponse answer(String question, String outcome) {
    return FakeResponse.message().text("(demo model) You asked: \"" + question + "\". " + outcome
        + " I am scripted; start a Claude proxy and leave out --demo for real answers.").chunkSize(6).build();
  }

  private static String firstUserText(JsonNode messages) {
    for (JsonNode message : messages) {
      if ("user".equals(message.path("role").asText())) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
          return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(block -> text.append(block.path("text").asText()));
        return text.toString();
      }
    }
    return "";
  }
}
