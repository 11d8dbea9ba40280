package dev.rustagent.bench.orchestrator;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.rustagent.core.Agent;
import dev.rustagent.core.orchestrator.AgentNetwork;
import dev.rustagent.core.orchestrator.HelperHandle;
import dev.rustagent.core.orchestrator.HelperHandle.HelperResult;
import dev.rustagent.core.orchestrator.HelperHandle.HelperSpec;
import dev.rustagent.core.orchestrator.HelperHandle.HelperStatus;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 100 helper agents, at most 8 at once, each answering its task with one call to a scripted model
 * that takes {@code modelMillis}. The peer is the floor: the same 100 model calls on a plain pool of 8
 * threads, with no agent at all. (networkOf100 - plainPoolOf100) / 100 is the network's overhead per
 * helper beyond the model's scripted time; with {@code modelMillis = 0}, networkOf100 / 100 is the
 * whole cost of a helper (spawn, child agent, run, result).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class AgentNetworkBenchmark {
  static final int HELPERS = 100;
  static final int CONCURRENCY = 8;

  @Param({"0", "5"})
  public int modelMillis;

  private AgentNetwork network;
  private ExecutorService plainPool;
  private ChatModel model;

  /** Answers every request with a short text after sleeping the scripted time. Stateless. */
  static final class TimedModel implements ChatModel {
    private static final TokenUsage USAGE = new TokenUsage(10, 5);
    private final long nanos;

    TimedModel(int millis) {
      this.nanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      if (nanos > 0) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
      }
      return ChatResponse.builder().aiMessage(AiMessage.from("done")).tokenUsage(USAGE)
          .finishReason(FinishReason.STOP).build();
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    model = new TimedModel(modelMillis);
    Agent parent = Agent.builder().chatModel(model).tools(ToolRegistry.empty())
        .workspace(Path.of(System.getProperty("java.io.tmpdir"))).build();
    network = AgentNetwork.builder().parent(parent).maxConcurrent(CONCURRENCY).maxSpawned(HELPERS).build();
    plainPool = Executors.newFixedThreadPool(CONCURRENCY);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    network.close();
    plainPool.shutdownNow();
  }

  @Benchmark
  public int networkOf100() throws Exception {
    List<HelperHandle> handles = new ArrayList<>(HELPERS);
    for (int i = 0; i < HELPERS; i++) {
      handles.add(network.spawn(HelperSpec.of("task " + i)));
    }
    int completed = 0;
    for (HelperHandle h : handles) {
      HelperResult r = h.result().get(1, TimeUnit.MINUTES);
      if (r.status() != HelperStatus.COMPLETED) {
        throw new IllegalStateException("helper did not complete: " + r.reason());
      }
      completed++;
    }
    return completed;
  }

  @Benchmark
  public int plainPoolOf100() throws Exception {
    List<Future<ChatResponse>> calls = new ArrayList<>(HELPERS);
    for (int i = 0; i < HELPERS; i++) {
      ChatRequest request = ChatRequest.builder().messages(UserMessage.from("task " + i)).build();
      calls.add(plainPool.submit(() -> model.chat(request)));
    }
    int completed = 0;
    for (Future<ChatResponse> f : calls) {
      if (f.get(1, TimeUnit.MINUTES).aiMessage().text() != null) {
        completed++;
      }
    }
    return completed;
  }
}
