package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.io.BufferedReader;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chat watches the data directory's progress.json and each turn carries its open objectives. */
class ChatObjectivesTest {
  @TempDir Path workspace;
  @TempDir Path data;

  @Test
  void anObjectiveAddedToProgressJsonDuringTheChatReachesTheNextTurns() throws Exception {
    Files.writeString(data.resolve("progress.json"), "{\"objectives\":[\"Learn borrowing\"]}");
    Files.writeString(data.resolve("knowledge_base.json"), "{\"conventions\":[\"errors use thiserror\"]}");
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      server.respondWith(request -> FakeResponse.text("noted"));
      PipedWriter typed = new PipedWriter();
      BufferedReader input = new BufferedReader(new PipedReader(typed));
      CapturedCli cli = new CapturedCli();
      CompletableFuture<Integer> chat = CompletableFuture.supplyAsync(() -> cli.execute(
          c -> c.getSubcommands().get("chat").<ChatCommand>getCommand().input = input,
          "chat", "--llm-url", server.baseUrl(), "--workspace", workspace.toString(), "--data-dir", data.toString(),
          "--no-memory", "--no-art", "--approve", "none"));

      say(typed, "first question");
      awaitRequests(server, 1);
      String first = server.messageRequests().get(0).body();
      Files.writeString(data.resolve("progress.json"),
          "{\"objectives\":[{\"title\":\"Learn borrowing\",\"done\":true},{\"title\":\"Write an iterator\"}]}");
      String latest = first;
      for (int turn = 2; turn <= 40 && !latest.contains("Write an iterator"); turn++) {
        say(typed, "question " + turn);
        awaitRequests(server, turn);
        latest = server.messageRequests().get(turn - 1).body();
      }
      say(typed, "/quit");

      assertThat(chat.get(60, TimeUnit.SECONDS)).isEqualTo(RustAgentCli.EXIT_OK);
      assertThat(first).contains("Learn borrowing").contains("errors use thiserror");
      assertThat(latest).contains("Write an iterator");
      assertThat(latest.substring(latest.indexOf("Objectives"))).doesNotContain("Learn borrowing");
    }
  }

  private static void say(PipedWriter typed, String line) throws Exception {
    typed.write(line + "\n");
    typed.flush();
  }

  private static void awaitRequests(FakeAnthropicServer server, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.messageRequests().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.messageRequests()).hasSizeGreaterThanOrEqualTo(count);
  }
}
