package dev.rustagent.bench.claude;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * ClaudeProxy's per-call overhead over a bare {@code java.net.http} call, measured in interleaved pairs
 * so that both sides see the same machine load (run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.rustagent.bench.claude.ProxyOverheadPairs [rounds] [callsPerBlock]}).
 *
 * <p>{@link ProxyRoundTripBenchmark} runs each side as its own JMH trial, seconds apart; on a shared
 * machine a change of load between trials moves the ratio by more than the overhead being measured.
 * Here every round runs a block of each of the four calls (proxy and bare, round trip and first token),
 * in an order that rotates from round to round, against one {@link FakeAnthropicServer}. The bare client
 * replays the exact body ClaudeProxy sent (cache breakpoints included), so the server does the same work
 * for both. Per side it reports the wall time per call (median, 10th and 90th percentile) and the
 * process CPU time per call; the server runs in the same process, so the CPU difference between a pair
 * is the client's.
 */
public final class ProxyOverheadPairs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = "Why does the borrow checker reject two mutable borrows?";
  private static final String ANSWER = "Because aliasing and mutation together break memory safety.";
  private static final String[] NAMES = {
    "claudeProxyRoundTrip", "bareHttpRoundTrip", "claudeProxyFirstToken", "bareSseFirstToken"};

  private final FakeAnthropicServer server;
  private final ChatModel chatModel;
  private final StreamingChatModel streamingModel;
  private final ChatRequest request;
  private final HttpClient bare = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI messages;
  private final String bareBody;
  private final String bareStreamBody;

  private ProxyOverheadPairs() throws Exception {
    server = FakeAnthropicServer.start();
    server.respondWith(r -> FakeResponse.message().text(ANSWER).chunkSize(ANSWER.length()).pings(false)
        .usage(12, 10).build());
    ClaudeProxy proxy = ClaudeProxy.builder().baseUrl(server.baseUrl()).build();
    chatModel = proxy.chatModel();
    streamingModel = proxy.streamingChatModel();
    request = ChatRequest.builder().messages(UserMessage.from(PROMPT)).build();
    messages = URI.create(server.baseUrl() + "/v1/messages");
    chatModel.chat(request);
    streamFirstToken();
    List<RecordedRequest> sent = server.messageRequests();
    bareBody = sent.stream().filter(r -> !r.streaming()).findFirst().orElseThrow().body();
    bareStreamBody = sent.stream().filter(RecordedRequest::streaming).findFirst().orElseThrow().body();
  }

  private HttpRequest bareRequest(String body) {
    return HttpRequest.newBuilder(messages)
        .header("content-type", "application/json")
        .header("x-api-key", "none")
        .header("anthropic-version", "2023-06-01")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private String call(int kind) throws Exception {
    return switch (kind) {
      case 0 -> chatModel.chat(request).aiMessage().text();
      case 1 -> JSON.readTree(bare.send(bareRequest(bareBody), HttpResponse.BodyHandlers.ofString()).body())
          .path("content").get(0).path("text").asText();
      case 2 -> streamFirstToken();
      default -> bareFirstToken();
    };
  }

  private String streamFirstToken() throws Exception {
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

  private String bareFirstToken() throws Exception {
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

  private void run(int rounds, int perBlock) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<List<Long>> wall = new ArrayList<>();
    long[] cpu = new long[NAMES.length];
    long[] counted = new long[NAMES.length];
    for (int k = 0; k < NAMES.length; k++) {
      wall.add(new ArrayList<>());
    }
    int warmupRounds = Math.max(1, rounds / 5);
    for (int round = 0; round < warmupRounds + rounds; round++) {
      boolean measured = round >= warmupRounds;
      for (int slot = 0; slot < NAMES.length; slot++) {
        int kind = (slot + round) % NAMES.length;
        long cpuStart = os.getProcessCpuTime();
        for (int i = 0; i < perBlock; i++) {
          long start = System.nanoTime();
          if (call(kind) == null) {
            throw new IllegalStateException(NAMES[kind] + " returned no text");
          }
          if (measured) {
            wall.get(kind).add(System.nanoTime() - start);
          }
        }
        if (measured) {
          cpu[kind] += os.getProcessCpuTime() - cpuStart;
          counted[kind] += perBlock;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d rounds x %d calls per side, load average at the end %.2f%n%n", rounds,
        perBlock, os.getSystemLoadAverage());
    System.out.println("| call | p10 µs | p50 µs | p90 µs | process CPU µs/call | p50 ratio to bare |");
    System.out.println("|---|---|---|---|---|---|");
    long[] p50 = new long[NAMES.length];
    for (int k = 0; k < NAMES.length; k++) {
      Collections.sort(wall.get(k));
      p50[k] = percentile(wall.get(k), 0.50);
    }
    for (int k = 0; k < NAMES.length; k++) {
      List<Long> times = wall.get(k);
      String ratio = k % 2 == 0 ? String.format(Locale.ROOT, "%.2fx", (double) p50[k] / p50[k + 1]) : "";
      System.out.printf(Locale.ROOT, "| `%s` | %,d | %,d | %,d | %,d | %s |%n", NAMES[k],
          percentile(times, 0.10) / 1000, p50[k] / 1000, percentile(times, 0.90) / 1000,
          cpu[k] / counted[k] / 1000, ratio);
    }
  }

  private static long percentile(List<Long> sorted, double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    ProxyOverheadPairs pairs = new ProxyOverheadPairs();
    try {
      pairs.run(rounds, perBlock);
    } finally {
      pairs.server.close();
    }
  }
}
