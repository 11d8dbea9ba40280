package dev.rustagent.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.rustagent.core.AgentConfig.Persona;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.internal.CoreJson;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.tools.spi.internal.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Rust-expert coding agent: a ReAct loop over a LangChain4j chat model with native tool calls.
 *
 * <p>{@link #run(String)} sends the task with the tool specifications, runs each tool call the model
 * asks for behind the permission gate, returns the results to the model, and repeats until the model
 * answers without tool calls, a cap is reached or the run is cancelled. It never throws for what
 * happens during the run: failures, refusals and caps are in the {@link AgentResult}.
 *
 * <p>Build one with {@link #builder()} (or {@link RustExpert#builder()}). An agent is immutable and
 * thread-safe: several runs may go on at once; a multi-turn conversation is an {@link AgentSession}.
 *
 * <pre>{@code
 * Agent agent = RustExpert.builder()
 *     .chatModel(model)
 *     .tools(ToolRegistry.discover())
 *     .workspace(Path.of("my-crate"))
 *     .approver(request -> askTheUser(request.description()))
 *     .build();
 * AgentResult result = agent.run("Fix the borrow-check error in src/main.rs");
 * }</pre>
 */
public final class Agent {
  /** The longest run timeout accepted. */
  public static final Duration MAX_RUN_TIMEOUT = Duration.ofDays(7);

  private static final ExecutorService DEFAULT_EXECUTOR = Executors.newCachedThreadPool(DaemonThreads.factory("tool"));

  final ChatModel chatModel;
  final StreamingChatModel streamingModel;
  final ChatModel fallbackModel;
  final String parentRunId;
  final String systemPrompt;
  final List<Tool> tools;
  final List<ToolSpecification> toolSpecifications;
  final ToolRegistry registry;
  private final Map<String, String> unavailable;
  final Path workspace;
  final PermissionPolicy policy;
  final Approver approver;
  final List<AgentListener> listeners;
  final List<ContextProvider> contextProviders;
  final int maxIterations;
  final int maxToolCalls;
  final int contextBudgetTokens;
  final RetryPolicy retryPolicy;
  final ExecutorService executor;
  final Clock clock;
  final Duration toolTimeout;
  final int toolOutputCap;
  final int maxSessionMessages;
  final boolean includeFileContent;
  final boolean includeErrorLogs;
  final TokenCountEstimator tokenCountEstimator;
  final Duration runTimeout;
  private final ToolContext baseToolContext;
  private final AgentSettings settings;

  private Agent(Builder b) {
    this.settings = b.s.copy();
    this.chatModel = b.s.chatModel;
    this.streamingModel = b.s.streamingModel;
    this.fallbackModel = b.s.fallbackModel;
    this.parentRunId = b.s.parentRunId;
    this.systemPrompt = b.s.systemPrompt;
    this.tools = b.s.registry.availableTools();
    this.registry = ToolRegistry.empty();
    this.tools.forEach(registry::register);
    this.unavailable = AgentSettings.unavailable(b.s.registry, tools);
    this.toolSpecifications = tools.stream().map(ToolRegistry::specification).toList();
    this.workspace = b.s.workspace;
    this.policy = b.s.policy;
    this.approver = b.s.approver;
    this.listeners = List.copyOf(b.s.listeners);
    this.contextProviders = List.copyOf(b.s.contextProviders);
    this.maxIterations = b.s.maxIterations;
    this.maxToolCalls = b.s.maxToolCalls;
    this.contextBudgetTokens = b.s.contextBudgetTokens;
    this.retryPolicy = b.s.retryPolicy;
    this.executor = b.s.executor != null ? b.s.executor : DEFAULT_EXECUTOR;
    this.clock = b.s.clock;
    this.toolTimeout = b.s.toolTimeout;
    this.toolOutputCap = b.s.toolOutputCap;
    this.maxSessionMessages = b.s.maxSessionMessages;
    this.includeFileContent = b.s.includeFileContent;
    this.includeErrorLogs = b.s.includeErrorLogs;
    this.tokenCountEstimator = b.s.tokenCountEstimator;
    this.runTimeout = b.s.runTimeout;
    this.baseToolContext = ToolContext.builder(workspace).timeout(toolTimeout).outputCap(toolOutputCap).build();
  }

  /**
   * The run on whose behalf the calling thread works: the run itself on its own thread, or the run
   * whose tool call is executing. Empty elsewhere. A helper spawned here records it as its parent.
   */
  public static java.util.Optional<String> currentRunId() {
    return java.util.Optional.ofNullable(AgentRun.CURRENT.get());
  }

  /** Starts building an agent. */
  public static Builder builder() {
    return new Builder(new AgentSettings());
  }

  /**
   * Runs a task to its end.
   *
   * @throws NullPointerException when {@code task} is null
   * @throws IllegalArgumentException when {@code task} is blank
   */
  public AgentResult run(String task) {
    return run(task, StreamingHandler.NONE, CancellationToken.create());
  }

  /** Runs a task, streaming the model's text and the run's events to {@code handler}. */
  public AgentResult run(String task, StreamingHandler handler) {
    return run(task, handler, CancellationToken.create());
  }

  /** Runs a task that {@code cancellation} can stop; a cancelled run ends with status CANCELLED. */
  public AgentResult run(String task, StreamingHandler handler, CancellationToken cancellation) {
    AgentSettings.checkTask(task);
    requireNonNull(handler, "handler");
    requireNonNull(cancellation, "cancellation");
    return new AgentRun(this, task, null, handler, cancellation).execute();
  }

  /**
   * Runs one tool call that the host (a workflow, not the model) asks for, through the same argument
   * check, permission gate, approver, timeout and listeners as the model's calls. Its events carry a
   * run id of their own; no RunStarted or RunFinished is published for it. A refused, unknown or
   * broken call is a failed {@link ToolCallResult}, not an exception.
   *
   * @throws java.util.concurrent.CancellationException when cancelled while the tool was running
   */
  public ToolCallResult callTool(String tool, ToolArguments arguments, CancellationToken cancellation) {
    requireNonNull(tool, "tool");
    requireNonNull(arguments, "arguments");
    requireNonNull(cancellation, "cancellation");
    AgentRun run = new AgentRun(this, "host call to " + tool, null, StreamingHandler.NONE, cancellation);
    return ToolCallResult.of(tool, run.hostCalls(List.of(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
        .id("host_" + run.runId).name(tool).arguments(arguments.toJson()).build())));
  }

  /**
   * {@link #callTool(String, ToolArguments, CancellationToken)} with the arguments as a map (values
   * are converted as Jackson converts them: strings, numbers, booleans, lists, nested maps).
   *
   * @throws IllegalArgumentException when a value cannot be converted to JSON
   */
  public ToolCallResult callTool(String tool, Map<String, ?> arguments, CancellationToken cancellation) {
    requireNonNull(arguments, "arguments");
    return callTool(tool, ToolArguments.of(CoreJson.MAPPER.valueToTree(arguments)), cancellation);
  }

  /**
   * {@link #callTool(String, ToolArguments, CancellationToken)} with the arguments as a JSON object.
   *
   * @throws IllegalArgumentException when {@code arguments} is not a JSON object
   */
  public ToolCallResult callTool(String tool, JsonNode arguments, CancellationToken cancellation) {
    requireNonNull(arguments, "arguments");
    if (!(arguments instanceof ObjectNode object)) {
      throw new IllegalArgumentException("tool arguments must be a JSON object, got " + arguments.getNodeType());
    }
    return callTool(tool, ToolArguments.of(object), cancellation);
  }

  /** Starts a multi-turn conversation with working memory. */
  public AgentSession newSession() {
    return new AgentSession(this);
  }

  /**
   * Why a tool of the registry given to the builder was left out (for example "cargo is not
   * installed: ..."), or empty when it is available or was never registered.
   */
  public Optional<String> unavailableReason(String tool) {
    return Optional.ofNullable(unavailable.get(requireNonNull(tool, "tool")));
  }

  /** The tools offered to the model (the available ones of the registry given to the builder). */
  public List<Tool> tools() {
    return tools;
  }

  /** The permission policy. */
  public PermissionPolicy permissionPolicy() {
    return policy;
  }

  /** The workspace tools run in. */
  public Path workspace() {
    return workspace;
  }

  /** A builder holding this agent's settings, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(settings.copy());
  }

  /** The host's approver, asked about calls the policy marks ASK and about protected calls; empty when none is set. */
  public Optional<Approver> approver() {
    return Optional.ofNullable(approver);
  }

  ToolContext toolContext(CancellationToken cancellation) {
    return baseToolContext.withCancellation(cancellation);
  }


  /**
   * Builds an {@link Agent}. Every setter checks its argument at once; only the chat model is
   * required.
   */
  public static final class Builder {
    private final AgentSettings s;

    private Builder(AgentSettings settings) {
      this.s = settings;
    }

    /** The model that runs the loop (required). */
    public Builder chatModel(ChatModel chatModel) {
      s.chatModel = requireNonNull(chatModel, "chatModel");
      return this;
    }

    /**
     * A streaming twin of the chat model: when set, every model call of a run streams (the text reaches
     * the {@link StreamingHandler} of {@link Agent#run(String, StreamingHandler)} as it comes).
     */
    public Builder streamingChatModel(StreamingChatModel streamingModel) {
      s.streamingModel = requireNonNull(streamingModel, "streamingModel");
      return this;
    }

    /** A model tried when the main one keeps failing transiently or cannot be reached. */
    public Builder fallbackModel(ChatModel fallbackModel) {
      s.fallbackModel = requireNonNull(fallbackModel, "fallbackModel");
      return this;
    }

    /** The system prompt; the default is the {@link RustExpert} persona's. */
    public Builder systemPrompt(String systemPrompt) {
      requireNonNull(systemPrompt, "systemPrompt");
      if (systemPrompt.isBlank()) {
        throw new IllegalArgumentException("system prompt must not be blank");
      }
      s.systemPrompt = systemPrompt;
      return this;
    }

    /** Sets the system prompt from a persona. */
    public Builder persona(Persona persona) {
      return systemPrompt(requireNonNull(persona, "persona").systemPrompt());
    }

    /** The tools offered to the model; unavailable ones are left out at build time. */
    public Builder tools(ToolRegistry registry) {
      s.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** The workspace tools run in; must be an existing directory. Default: the current directory. */
    public Builder workspace(Path workspace) {
      requireNonNull(workspace, "workspace");
      if (!Files.isDirectory(workspace)) {
        throw new IllegalArgumentException("workspace is not a directory: " + workspace);
      }
      s.workspace = workspace.toAbsolutePath().normalize();
      return this;
    }

    /** The permission policy; default {@link PermissionPolicy#defaults()}. */
    public Builder permissionPolicy(PermissionPolicy policy) {
      s.policy = requireNonNull(policy, "policy");
      return this;
    }

    /** Decides calls the policy marks ASK. Without one, ASK means no. */
    public Builder approver(Approver approver) {
      s.approver = requireNonNull(approver, "approver");
      return this;
    }

    /**
     * Marks this agent's runs as working for another run (a helper agent's parent run); their
     * {@link AgentEvent.RunStarted} carries it, so tracing nests them. Without it, a run started from
     * inside another run's thread or tool call has that run as its parent.
     *
     * @param runId the parent run's id
     * @return this builder
     */
    public Builder parentRunId(String runId) {
      if (requireNonNull(runId, "runId").isBlank()) {
        throw new IllegalArgumentException("parent run id must not be blank");
      }
      s.parentRunId = runId;
      return this;
    }

    /** Adds a listener. */
    public Builder listener(AgentListener listener) {
      s.listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Attaches a plugin: its context providers and listeners are added, in its order, after those
     * already added. Memory ({@code MemoryPlugin} in agent-memory), trajectory tracking (agent-art) and
     * telemetry (agent-otel) attach this way.
     */
    public Builder plugin(AgentPlugin plugin) {
      requireNonNull(plugin, "plugin");
      for (ContextProvider provider : requireNonNull(plugin.contextProviders(), "contextProviders")) {
        contextProvider(provider);
      }
      for (AgentListener listener : requireNonNull(plugin.listeners(), "listeners")) {
        listener(listener);
      }
      return this;
    }

    /** Adds a source of context for each run (recalled memory, success patterns, notes). */
    public Builder contextProvider(ContextProvider provider) {
      s.contextProviders.add(requireNonNull(provider, "provider"));
      return this;
    }

    /** The most model turns of one run; 1 to 1000, default 15. */
    public Builder maxIterations(int maxIterations) {
      s.maxIterations = AgentSettings.inRange(maxIterations, 1, 1000, "max iterations");
      return this;
    }

    /** The most tool calls of one run; 1 to 10,000, default 100. */
    public Builder maxToolCalls(int maxToolCalls) {
      s.maxToolCalls = AgentSettings.inRange(maxToolCalls, 1, 10_000, "max tool calls");
      return this;
    }

    /**
     * The context budget in tokens (counted by the {@link #tokenCountEstimator}); past it, older turns
     * are summarised. 1,000 to 10,000,000, default 100,000.
     */
    public Builder contextBudgetTokens(int tokens) {
      s.contextBudgetTokens = AgentSettings.inRange(tokens, 1_000, 10_000_000, "context budget");
      return this;
    }

    /**
     * How the context budget counts tokens; default {@link HeuristicTokenCountEstimator#INSTANCE} (about
     * four characters a token). A model client may offer an exact one (ClaudeProxy counts with the
     * API's {@code count_tokens}).
     */
    public Builder tokenCountEstimator(TokenCountEstimator estimator) {
      s.tokenCountEstimator = requireNonNull(estimator, "estimator");
      return this;
    }

    /**
     * The most wall time one run may take, model calls, retries and tools included; when it runs out
     * the run is cancelled and ends {@link AgentStatus#TIMED_OUT}, and a server's retry-after longer
     * than the time left fails the run at once. 1 second to 7 days; default none.
     */
    public Builder runTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_RUN_TIMEOUT) > 0) {
        throw new IllegalArgumentException("run timeout must be between 1 second and 7 days: " + timeout);
      }
      s.runTimeout = timeout;
      return this;
    }

    /** How transient model failures are retried; default {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      s.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Where tool calls run (read-only calls of one turn in parallel). Default: a shared daemon pool. */
    public Builder executor(ExecutorService executor) {
      s.executor = requireNonNull(executor, "executor");
      return this;
    }

    /** The clock that stamps events. */
    public Builder clock(Clock clock) {
      s.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** How long one tool call may take; positive, default 2 minutes. */
    public Builder toolTimeout(Duration toolTimeout) {
      Durations.positive(toolTimeout, "tool timeout");
      s.toolTimeout = toolTimeout;
      return this;
    }

    /** The most characters of one tool's output shown to the model; at least 256. */
    public Builder toolOutputCap(int characters) {
      s.toolOutputCap = AgentSettings.inRange(characters, 256, 10_000_000, "tool output cap");
      return this;
    }

    /**
     * Applies the {@code [context]} section of a configuration: {@code max_context_tokens} becomes the
     * context budget, {@code max_history_messages} the messages a session keeps, and
     * {@code include_file_content} / {@code include_error_logs} set {@link #includeFileContent} and
     * {@link #includeErrorLogs}. {@code [llm]} is read by model clients such as
     * {@code ClaudeProxy.Config}, whose {@code run_timeout_seconds} the host passes to
     * {@link #runTimeout}.
     */
    public Builder config(AgentConfig config) {
      requireNonNull(config, "config");
      contextBudgetTokens(config.context().maxContextTokens());
      includeFileContent(config.context().includeFileContent());
      includeErrorLogs(config.context().includeErrorLogs());
      return maxSessionMessages(config.context().maxHistoryMessages());
    }

    /**
     * Whether each turn of a session shows the model the current content of the files in focus (the
     * latest three, each cut to 4,000 characters, within an eighth of the context budget). Default off.
     */
    public Builder includeFileContent(boolean include) {
      s.includeFileContent = include;
      return this;
    }

    /**
     * Whether each turn of a session shows the model the compiler and test problems still open (from
     * the latest diagnostics of each tool). Default on.
     */
    public Builder includeErrorLogs(boolean include) {
      s.includeErrorLogs = include;
      return this;
    }

    /** How many messages a session keeps between turns; 2 to 10,000, default 40. */
    public Builder maxSessionMessages(int messages) {
      s.maxSessionMessages = AgentSettings.inRange(messages, 2, 10_000, "max session messages");
      return this;
    }

    /**
     * Builds the immutable agent.
     *
     * @throws IllegalStateException when no chat model was set
     */
    public Agent build() {
      if (s.chatModel == null) {
        throw new IllegalStateException("a chat model is required: call chatModel(...)");
      }
      return new Agent(this);
    }
  }
}
