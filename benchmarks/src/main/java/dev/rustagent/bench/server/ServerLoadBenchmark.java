package dev.rustagent.bench.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.server.AgentServer;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolContext.CancellationToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server adds to a run, under load, beside calling {@code Agent.run} directly.
 *
 * <p>Latency: {@code SESSIONS} WebSocket sessions at once (default 200), each sending {@code ROUNDS}
 * queries one after the other to an agent with a scripted, instant model (read-only, so runs are not
 * serialised). Per query, the added latency is the client's round trip (send to {@code result}) minus
 * the run's own {@code latency_ms}; the same queries through {@code Agent.run} on as many threads give
 * the baseline run time. Throughput: {@code CLIENTS} HTTP clients (default 32) posting
 * {@code /api/v1/query} for {@code SECONDS} seconds, beside the same number of threads calling
 * {@code Agent.run}.
 *
 * <p>Two arrival patterns: saturation (each session sends its next query as soon as the last one is
 * answered, so the figures measure the machine's capacity: latency = sessions / throughput) and paced
 * (each session thinks a random 0 to 2 x {@code THINK_MS} before each query, as people and bots do; the
 * figures measure what the server adds to one query while all sessions stay connected). The direct
 * baseline runs with the same pattern on as many threads.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.rustagent.bench.server.ServerLoadBenchmark [SESSIONS ROUNDS CLIENTS SECONDS THINK_MS]}
 */
public final class ServerLoadBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    long thinkMillis = args.length > 4 ? Long.parseLong(args[4]) : 1000;
    Path workspace = Files.createTempDirectory("server-bench-");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .otherwise(request -> dev.langchain4j.model.chat.response.ChatResponse.builder()
            .aiMessage(dev.langchain4j.data.message.AiMessage.from("A short scripted answer about Rust ownership."))
            .build())
        .build();
    Agent agent = Agent.builder().chatModel(model).streamingChatModel(model.streaming()).workspace(workspace)
        .permissionPolicy(PermissionPolicy.readOnly()).build();
    System.out.printf("machine: %d processors, %s %s; load average at start %.1f%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            .getSystemLoadAverage());

    // Warm-up and the direct baseline.
    directLatency(agent, sessions, rounds, 0);
    long[] direct = directLatency(agent, sessions, rounds, 0);
    report("Agent.run direct, " + sessions + " threads x " + rounds + " runs, saturation (run time)", direct);
    long[] directPaced = directLatency(agent, sessions, rounds, thinkMillis);
    report("Agent.run direct, " + sessions + " threads x " + rounds + " runs, paced (run time)", directPaced);

    try (AgentServer server = AgentServer.builder().agentFactory(approver -> agent.toBuilder().approver(approver).build())
        .token("bench-token-0123456789").port(0).maxConcurrentReadOnlyRuns(Math.max(sessions, clients))
        .maxSessions(sessions * rounds * 2 + 1000).build().start()) {
      wsLatency(server, sessions, 2, 0);
      long[][] ws = wsLatency(server, sessions, rounds, 0);
      report("server over WebSocket, " + sessions + " sessions x " + rounds + " queries, saturation (round trip)", ws[0]);
      report("  of which the run itself (latency_ms)", ws[1]);
      report("  added by the server (round trip - latency_ms)", ws[2]);
      System.out.printf("  saturation throughput: %.0f queries/s%n", ws[3][0] / 1000.0);
      long[][] paced = wsLatency(server, sessions, rounds, thinkMillis);
      report("server over WebSocket, " + sessions + " sessions x " + rounds + " queries, paced " + thinkMillis
          + " ms (round trip)", paced[0]);
      report("  of which the run itself (latency_ms)", paced[1]);
      report("  added by the server (round trip - latency_ms)", paced[2]);

      restThroughput(server, clients, 2);
      double rest = restThroughput(server, clients, seconds);
      double directRate = directThroughput(agent, clients, seconds);
      System.out.printf("throughput, %d clients for %d s: POST /api/v1/query %.0f queries/s; Agent.run direct %.0f runs/s%n",
          clients, seconds, rest, directRate);
    }
    System.out.printf("load average at end %.1f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.exit(0);
  }

  /** A random think time of 0 to 2 x {@code thinkMillis} (mean {@code thinkMillis}); none when it is 0. */
  private static void think(long thinkMillis) {
    if (thinkMillis > 0) {
      try {
        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(2 * thinkMillis + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static ExecutorService daemonPool(int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    });
  }

  private static long[] directLatency(Agent agent, int threads, int rounds, long thinkMillis) throws Exception {
    ExecutorService pool = daemonPool(threads);
    List<CompletableFuture<long[]>> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      all.add(CompletableFuture.supplyAsync(() -> {
        long[] nanos = new long[rounds];
        var session = agent.newSession();
        for (int r = 0; r < rounds; r++) {
          think(thinkMillis);
          long start = System.nanoTime();
          session.run("question " + r, new StreamingHandler() {}, CancellationToken.create());
          nanos[r] = System.nanoTime() - start;
        }
        return nanos;
      }, pool));
    }
    long[] out = all.stream().map(CompletableFuture::join).flatMapToLong(Arrays::stream).toArray();
    pool.shutdown();
    return out;
  }

  /**
   * Round trips, the runs' own latencies and their difference, in nanoseconds, and (fourth) the
   * throughput in thousandths of a query per second.
   */
  private static long[][] wsLatency(AgentServer server, int sessions, int rounds, long thinkMillis) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "think-timer");
      t.setDaemon(true);
      return t;
    });
    URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws?token=" + server.token());
    long[] trip = new long[sessions * rounds];
    long[] run = new long[sessions * rounds];
    AtomicLong index = new AtomicLong();
    CountDownLatch done = new CountDownLatch(sessions);
    List<WebSocket> sockets = new ArrayList<>();
    List<Session> listeners = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      Session session = new Session(rounds, trip, run, index, done, timer, thinkMillis);
      listeners.add(session);
      sockets.add(http.newWebSocketBuilder().buildAsync(uri, session).join());
    }
    long began = System.nanoTime();
    for (int s = 0; s < sessions; s++) {
      listeners.get(s).next(sockets.get(s));
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the WebSocket sessions did not finish");
    }
    long elapsed = System.nanoTime() - began;
    sockets.forEach(WebSocket::abort);
    timer.shutdownNow();
    long[] added = new long[trip.length];
    for (int i = 0; i < trip.length; i++) {
      added[i] = Math.max(0, trip[i] - run[i]);
    }
    return new long[][] {trip, run, added, {(long) (trip.length * 1e12 / elapsed)}};
  }

  /** One WebSocket session sending its queries one after the other. */
  private static final class Session implements WebSocket.Listener {
    private final int rounds;
    private final long[] trip;
    private final long[] run;
    private final AtomicLong index;
    private final CountDownLatch done;
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final long thinkMillis;
    private final StringBuilder partial = new StringBuilder();
    private volatile int round;
    private volatile long sentAt;

    Session(int rounds, long[] trip, long[] run, AtomicLong index, CountDownLatch done,
        java.util.concurrent.ScheduledExecutorService timer, long thinkMillis) {
      this.rounds = rounds;
      this.trip = trip;
      this.run = run;
      this.index = index;
      this.done = done;
      this.timer = timer;
      this.thinkMillis = thinkMillis;
    }

    /** Sends the next query, after a think time when pacing. */
    void next(WebSocket webSocket) {
      Runnable send = () -> {
        sentAt = System.nanoTime();
        webSocket.sendText("{\"type\":\"query\",\"prompt\":\"question " + round + "\"}", true);
      };
      if (thinkMillis == 0) {
        send.run();
      } else {
        timer.schedule(send, java.util.concurrent.ThreadLocalRandom.current().nextLong(2 * thinkMillis + 1),
            TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (text.contains("\"type\":\"accepted\"")) {
          webSocket.request(1);
          return null;
        }
        if (text.contains("\"type\":\"result\"")) {
          long now = System.nanoTime();
          try {
            JsonNode result = JSON.readTree(text);
            int i = (int) index.getAndIncrement();
            trip[i] = now - sentAt;
            run[i] = result.path("latency_ms").asLong() * 1_000_000L;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          round++;
          if (round == rounds) {
            done.countDown();
          } else {
            next(webSocket);
          }
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  private static double restThroughput(AgentServer server, int clients, int seconds) throws Exception {
    // HTTP/1.1 as curl and most bots speak it to a plain-http server (the JDK client's default, HTTP/2,
    // first offers an h2c upgrade that Jetty declines).
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(daemonPool(clients)).build();
    HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/query"))
        .header("Authorization", "Bearer " + server.token())
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a question\"}")).build();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong ok = new AtomicLong();
    ExecutorService pool = daemonPool(clients);
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(CompletableFuture.runAsync(() -> {
        while (System.nanoTime() < end) {
          try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
              ok.incrementAndGet();
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }, pool));
    }
    workers.forEach(CompletableFuture::join);
    pool.shutdown();
    return ok.get() / (double) seconds;
  }

  private static double directThroughput(Agent agent, int threads, int seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong runs = new AtomicLong();
    ExecutorService pool = daemonPool(threads);
    List<CompletableFuture<Void>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(CompletableFuture.runAsync(() -> {
        while (System.nanoTime() < end) {
          AgentResult result = agent.newSession().run("a question");
          if (result.isSuccess()) {
            runs.incrementAndGet();
          }
        }
      }, pool));
    }
    workers.forEach(CompletableFuture::join);
    pool.shutdown();
    return runs.get() / (double) seconds;
  }

  private static void report(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("%-78s n=%d p50=%.2f ms p99=%.2f ms max=%.2f ms%n", what, sorted.length,
        percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
  }

  private static double percentile(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
