package dev.rustagent.bench.core;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Framework overhead of one ReAct step: the task goes to a scripted model that asks for a no-op tool,
 * the tool runs, its result goes back and the model answers. The same stateless scripted model and
 * the same no-op tool drive both our {@link Agent} and LangChain4j's {@link AiServices}. Our agent is
 * measured twice: as configured by default (each tool call on the executor, so a hung tool cannot hang
 * the run) and with a same-thread executor (tools inline, like AiServices).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReactStepBenchmark {

  /** Asks for the tool when the last message is not a tool result, answers otherwise. */
  static final class OneStepModel implements ChatModel {
    private static final TokenUsage USAGE = new TokenUsage(10, 5);

    @Override
    public ChatResponse doChat(ChatRequest request) {
      List<ChatMessage> messages = request.messages();
      ChatMessage last = messages.get(messages.size() - 1);
      AiMessage answer = last instanceof ToolExecutionResultMessage
          ? AiMessage.from("done")
          : AiMessage.from(ToolExecutionRequest.builder().id("1").name("noop").arguments("{}").build());
      return ChatResponse.builder().aiMessage(answer).tokenUsage(USAGE)
          .finishReason(answer.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
          .build();
    }
  }

  /** Our no-op tool. */
  static final class NoopTool implements Tool {
    @Override
    public String name() {
      return "noop";
    }

    @Override
    public String description() {
      return "does nothing";
    }

    @Override
    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().build();
    }

    @Override
    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
      return ToolResult.success("ok");
    }
  }

  /** LangChain4j's no-op tool. */
  public static final class NoopTools {
    @dev.langchain4j.agent.tool.Tool("does nothing")
    public String noop(@P(value = "unused", required = false) String unused) {
      return "ok";
    }
  }

  /** LangChain4j's service interface. */
  public interface Assistant {
    String chat(String message);
  }

  /** Runs tasks on the submitting thread: tools run inline, as in AiServices, with no timeout enforced. */
  static final class SameThreadExecutor extends java.util.concurrent.AbstractExecutorService {
    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  private Agent agent;
  private Agent inlineAgent;
  private Assistant assistant;

  @Setup
  public void setUp() {
    ChatModel model = new OneStepModel();
    agent = Agent.builder()
        .chatModel(model)
        .tools(ToolRegistry.of(new NoopTool()))
        .workspace(Path.of(System.getProperty("java.io.tmpdir")))
        .build();
    inlineAgent = agent.toBuilder().executor(new SameThreadExecutor()).build();
    assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new NoopTools()).build();
    AgentResult check = agent.run("go");
    if (check.status() != AgentStatus.COMPLETED || !"done".equals(check.answer())) {
      throw new IllegalStateException("agent did not complete the scripted step: " + check);
    }
    if (!"done".equals(assistant.chat("go"))) {
      throw new IllegalStateException("AiServices did not complete the scripted step");
    }
  }

  @Benchmark
  public AgentResult rustAgentStep() {
    return agent.run("go");
  }

  @Benchmark
  public AgentResult rustAgentStepInlineTools() {
    return inlineAgent.run("go");
  }

  @Benchmark
  public String aiServicesStep() {
    return assistant.chat("go");
  }
}
