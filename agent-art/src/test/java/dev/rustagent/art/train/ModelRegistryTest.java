package dev.rustagent.art.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import dev.rustagent.art.ArtConfig.ArtException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.rustagent.art.train.ModelRegistry.RegisteredModel;

class ModelRegistryTest {
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  @TempDir
  Path dir;

  private static RegisteredModel model(String id, String location, Instant at) {
    return new RegisteredModel(id, RegisteredModel.Kind.MODEL, null, "qwen", location, null, "execution",
        Map.of("eval_loss", 0.3), at);
  }

  static Stream<Arguments> registries() {
    return Stream.of(
        Arguments.of("json", (Function<Path, ModelRegistry>) d -> ModelRegistry.jsonFile(d.resolve("models.json"))),
        Arguments.of("h2", (Function<Path, ModelRegistry>) d -> ModelRegistry.h2(d.resolve("models"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registries")
  void keepsModelsCheckpointsAndTheChampionAcrossReopening(String name, Function<Path, ModelRegistry> open) {
    try (ModelRegistry registry = open.apply(dir)) {
      registry.register(model("m1", "/w/m1", T0));
      registry.register(model("m2", "/w/m2", T0.plusSeconds(60)));
      registry.register(new RegisteredModel("m2-e1", RegisteredModel.Kind.CHECKPOINT, "m2", "qwen", "/w/m2/e1",
          null, null, Map.of(), T0));
      registry.promote("m1");
    }
    try (ModelRegistry reopened = open.apply(dir)) {
      assertThat(reopened.models()).extracting(RegisteredModel::id).containsExactly("m2", "m1");
      assertThat(reopened.checkpoints("m2")).extracting(RegisteredModel::id).containsExactly("m2-e1");
      assertThat(reopened.champion().orElseThrow().id()).isEqualTo("m1");
      assertThat(reopened.find("m1").orElseThrow().metrics()).containsEntry("eval_loss", 0.3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registries")
  void promotingAnUnknownModelIsAnError(String name, Function<Path, ModelRegistry> open) {
    try (ModelRegistry registry = open.apply(dir)) {
      assertThatThrownBy(() -> registry.promote("ghost")).hasMessageContaining("ghost");
      assertThat(registry.champion()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registries")
  void aCheckpointNeedsItsRun(String name, Function<Path, ModelRegistry> open) {
    try (ModelRegistry registry = open.apply(dir)) {
      assertThatThrownBy(() -> registry.register(new RegisteredModel("c", RegisteredModel.Kind.CHECKPOINT, null,
          "", "/c", null, null, null, T0))).hasMessageContaining("parentId");
      assertThat(registry.find("c")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("registries")
  void registeringTheSameIdReplacesIt(String name, Function<Path, ModelRegistry> open) {
    try (ModelRegistry registry = open.apply(dir)) {
      registry.register(model("m1", "/old", T0));
      registry.register(model("m1", "/new", T0));
      assertThat(registry.models()).singleElement().satisfies(m -> assertThat(m.location()).isEqualTo("/new"));
    }
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
  void aServedModelStreamsFromItsEndpoint() throws Exception {
    try (dev.rustagent.testkit.FakeAnthropicServer server = dev.rustagent.testkit.FakeAnthropicServer.start()) {
      server.enqueue(dev.rustagent.testkit.FakeResponse.text("Use cargo check."));
      ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
      registry.register(new RegisteredModel("served", RegisteredModel.Kind.MODEL, null, "qwen", server.baseUrl() + "/v1",
          "my-finetune", null, null, T0));
      StringBuffer partials = new StringBuffer();
      java.util.concurrent.CompletableFuture<dev.langchain4j.model.chat.response.ChatResponse> done =
          new java.util.concurrent.CompletableFuture<>();

      registry.streamingChatModel("served", "").chat("How do I check the crate?",
          new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
              partials.append(partial);
            }

            @Override
            public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse response) {
              done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });

      assertThat(done.get(60, java.util.concurrent.TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Use cargo check.");
      assertThat(partials.toString()).isEqualTo("Use cargo check.");
      assertThat(server.requests()).singleElement().satisfies(r -> {
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.json().path("stream").asBoolean()).isTrue();
        assertThat(r.json().path("model").asText()).isEqualTo("my-finetune");
      });
    }
  }

  @Test
  void aModelStoredOnDiskIsNotAChatModel() {
    ModelRegistry registry = ModelRegistry.open(dir.resolve("models.json"));
    registry.register(model("local", "/weights/local", T0));
    assertThatThrownBy(() -> registry.chatModel("local", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OpenAI-compatible endpoint");
    assertThatThrownBy(() -> registry.streamingChatModel("local", "")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OpenAI-compatible endpoint");
  }
}
