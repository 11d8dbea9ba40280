package dev.rustagent.bench.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of ClaudeProxy's HTTP path (langchain4j-anthropic over our error-mapping client and stream
 * guard) against a bare {@link java.net.http.HttpClient} sending the same Messages request to the same
 * loopback {@link FakeAnthropicServer}. Two pairs: a non-streaming round trip (request, JSON answer,
 * text extracted), and a streamed request measured until the first text token has arrived and the
 * short stream has been read to its end (both sides read the same events). The bare side sends the very
 * bodies ClaudeProxy sent. Each side runs as its own trial: {@link ProxyOverheadPairs} interleaves
 * them, which a shared machine needs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ProxyRoundTripBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = "Why does the borrow checker reject two mutable borrows?";
  private static final String ANSWER = "Because aliasing and mutation together break memory safety.";

  private FakeAnthropicServer server;
  private ChatModel chatModel;
  private StreamingChatModel streamingModel;
  private HttpClient bare;
  private String bareBody;
  private String bareStreamBody;
  private URI messages;
  private ChatRequest request;

  @Setup(Level.Trial)
  public void start() throws Exception {
    server = FakeAnthropicServer.start();
    server.respondWith(r -> FakeResponse.message().text(ANSWER).chunkSize(ANSWER.length()).pings(false)
        .usage(12, 10).build());
    ClaudeProxy proxy = ClaudeProxy.builder().baseUrl(server.baseUrl()).build();
    chatModel = proxy.chatModel();
    streamingModel = proxy.streamingChatModel();
    request = ChatRequest.builder().messages(UserMessage.from(PROMPT)).build();
    bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    messages = URI.create(server.baseUrl() + "/v1/messages");
    // The bare client replays the exact bodies ClaudeProxy sends (cache breakpoints included), so the
    // fake server does the same work for both sides.
    chatModel.chat(request);
    claudeProxyFirstToken();
    bareBody = server.messageRequests().stream().filter(r -> !r.streaming()).findFirst().orElseThrow().body();
    bareStreamBody = server.messageRequests().stream().filter(r -> r.streaming()).findFirst().orElseThrow().body();
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.close();
  }

  private HttpRequest bareRequest(String body) {
    return HttpRequest.newBuilder(messages)
        .header("content-type", "application/json")
        .header("x-api-key", "none")
        .header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Benchmark
  public String claudeProxyRoundTrip() {
    return chatModel.chat(request).aiMessage().text();
  }

  @Benchmark
  public String bareHttpRoundTrip() throws Exception {
    HttpResponse<String> response = bare.send(bareRequest(bareBody), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    return json.path("content").get(0).path("text").asText();
  }

  /** The bare client with the request timeout ClaudeProxy sets (a real client needs one). */
  @Benchmark
  public String bareHttpRoundTripWithTimeout() throws Exception {
    HttpRequest timed = HttpRequest.newBuilder(bareRequest(bareBody), (name, value) -> true)
        .timeout(java.time.Duration.ofSeconds(120)).build();
    HttpResponse<String> response = bare.send(timed, HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    return json.path("content").get(0).path("text").asText();
  }

  @Benchmark
  public String claudeProxyFirstToken() throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streamingModel.chat(request, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partialResponse) {
        first.complete(partialResponse);
      }

      @Override
      public void onCompleteResponse(ChatResponse completeResponse) {
        done.complete(completeResponse);
      }

      @Override
      public void onError(Throwable error) {
        first.completeExceptionally(error);
        done.completeExceptionally(error);
      }
    });
    String token = first.get(10, TimeUnit.SECONDS);
    done.get(10, TimeUnit.SECONDS);
    return token;
  }

  @Benchmark
  public String bareSseFirstToken() throws Exception {
    HttpResponse<InputStream> response = bare.send(bareRequest(bareStreamBody),
        HttpResponse.BodyHandlers.ofInputStream());
    String token = null;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (token == null && line.startsWith("data: ") && line.contains("\"text_delta\"")) {
          token = JSON.readTree(line.substring(6)).path("delta").path("text").asText();
        }
      }
    }
    return token;
  }
}
