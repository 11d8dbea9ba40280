package dev.rustagent.art.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.art.ArtException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir
  Path dir;

  private static RegisteredModel model(String id, String location, Instant at) {
    return new RegisteredModel(id, RegisteredModel.Kind.MODEL, null, "qwen", location, null, "execution",
        Map.of("eval_loss", 0.3), at);
  }

  @Test
  void keepsModelsCheckpointsAndTheChampionAcrossReopening() {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    registry.register(model("m1", "/w/m1", T0));
    registry.register(model("m2", "/w/m2", T0.plusSeconds(60)));
    registry.register(new RegisteredModel("m2-e1", RegisteredModel.Kind.CHECKPOINT, "m2", "qwen", "/w/m2/e1", null,
        null, Map.of(), T0));
    registry.promote("m1");

    ModelRegistry reopened = ModelRegistry.open(dir.resolve("models.json"));
    assertThat(reopened.models()).extracting(RegisteredModel::id).containsExactly("m2", "m1");
    assertThat(reopened.checkpoints("m2")).extracting(RegisteredModel::id).containsExactly("m2-e1");
    assertThat(reopened.champion().orElseThrow().id()).isEqualTo("m1");
    assertThat(reopened.find("m1").orElseThrow().metrics()).containsEntry("eval_loss", 0.3);
  }

  @Test
  void promotingAnUnknownModelIsAnError() {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    assertThatThrownBy(() -> registry.promote("ghost")).hasMessageContaining("ghost");
  }

  @Test
  void aCheckpointNeedsItsRun() {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    assertThatThrownBy(() -> registry.register(new RegisteredModel("c", RegisteredModel.Kind.CHECKPOINT, null, "",
        "/c", null, null, null, T0))).hasMessageContaining("parentId");
  }

  @Test
  void aCorruptRegistryFileIsAClearError() throws Exception {
    Files.writeString(dir.resolve("models.json"), "{ not json");
    assertThatThrownBy(() -> ModelRegistry.open(dir.resolve("models.json")))
        .isInstanceOf(ArtException.class).hasMessageContaining("models.json");
  }

  @Test
  void aRegisteredEndpointServesAsTheAgentsChatModel() throws Exception {
    AtomicReference<String> body = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = """
          {"id":"c1","object":"chat.completion","created":1,"model":"my-finetune",
           "choices":[{"index":0,"message":{"role":"assistant","content":"Use cargo check."},"finish_reason":"stop"}],
           "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.start();
    try {
      ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
      registry.register(new RegisteredModel("served", RegisteredModel.Kind.MODEL, null, "qwen", url, "my-finetune",
          null, null, T0));
      ChatModel chat = registry.chatModel("served", "");
      assertThat(chat.chat("How do I check the crate?")).isEqualTo("Use cargo check.");
      assertThat(body.get()).containsPattern("\"model\"\\s*:\\s*\"my-finetune\"").contains("How do I check the crate?");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aModelStoredOnDiskIsNotAChatModel() {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    registry.register(model("local", "/weights/local", T0));
    assertThatThrownBy(() -> registry.chatModel("local", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OpenAI-compatible endpoint");
  }
}
