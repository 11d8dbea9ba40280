package dev.rustagent.core;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.core.AgentPlugin.ContextProvider;

/**
 * The settings an {@link Agent.Builder} collects, with their defaults; the builder checks each value
 * as it is set. An agent keeps a copy, from which {@link Agent#toBuilder()} starts.
 */
final class AgentSettings {
  // The builder's defaults, the one place they are defined ([context] defaults are these too).
  static final int DEFAULT_MAX_ITERATIONS = 15;
  static final int DEFAULT_MAX_TOOL_CALLS = 100;
  static final int DEFAULT_CONTEXT_BUDGET = 100_000;
  static final int DEFAULT_SESSION_MESSAGES = 40;
  static final boolean DEFAULT_INCLUDE_FILE_CONTENT = false;
  static final boolean DEFAULT_INCLUDE_ERROR_LOGS = true;

  ChatModel chatModel;
  StreamingChatModel streamingModel;
  ChatModel fallbackModel;
  String parentRunId;
  String systemPrompt = RustExpert.SYSTEM_PROMPT;
  ToolRegistry registry = ToolRegistry.empty();
  Path workspace = Path.of("").toAbsolutePath();
  PermissionPolicy policy = PermissionPolicy.defaults();
  Approver approver;
  final List<AgentListener> listeners = new ArrayList<>();
  final List<ContextProvider> contextProviders = new ArrayList<>();
  int maxIterations = DEFAULT_MAX_ITERATIONS;
  int maxToolCalls = DEFAULT_MAX_TOOL_CALLS;
  int contextBudgetTokens = DEFAULT_CONTEXT_BUDGET;
  RetryPolicy retryPolicy = RetryPolicy.defaults();
  ExecutorService executor;
  Clock clock = Clock.systemUTC();
  Duration toolTimeout = ToolContext.DEFAULT_TIMEOUT;
  int toolOutputCap = ToolContext.DEFAULT_OUTPUT_CAP;
  int maxSessionMessages = DEFAULT_SESSION_MESSAGES;
  boolean includeFileContent = DEFAULT_INCLUDE_FILE_CONTENT;
  boolean includeErrorLogs = DEFAULT_INCLUDE_ERROR_LOGS;
  TokenCountEstimator tokenCountEstimator = HeuristicTokenCountEstimator.INSTANCE;
  Duration runTimeout;

  /** The value when it is in {@code min..max}; otherwise an exception naming the setting. */
  static int inRange(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
    }
    return value;
  }

  /** Checks a run's task: not null, not blank. */
  static void checkTask(String task) {
    java.util.Objects.requireNonNull(task, "task");
    if (task.isBlank()) {
      throw new IllegalArgumentException("task must not be blank");
    }
  }

  /** Why each tool of the registry that is not among the available ones cannot run, by name. */
  static java.util.Map<String, String> unavailable(ToolRegistry registry, List<dev.rustagent.tools.Tool> available) {
    java.util.Map<String, String> reasons = new java.util.LinkedHashMap<>();
    for (dev.rustagent.tools.Tool tool : registry.tools()) {
      if (!available.contains(tool)) {
        tool.unavailableReason().ifPresent(reason -> reasons.put(tool.name(), reason));
      }
    }
    return java.util.Map.copyOf(reasons);
  }

  AgentSettings copy() {
    AgentSettings c = new AgentSettings();
    c.chatModel = chatModel;
    c.streamingModel = streamingModel;
    c.fallbackModel = fallbackModel;
    c.parentRunId = parentRunId;
    c.systemPrompt = systemPrompt;
    c.registry = registry;
    c.workspace = workspace;
    c.policy = policy;
    c.approver = approver;
    c.listeners.addAll(listeners);
    c.contextProviders.addAll(contextProviders);
    c.maxIterations = maxIterations;
    c.maxToolCalls = maxToolCalls;
    c.contextBudgetTokens = contextBudgetTokens;
    c.retryPolicy = retryPolicy;
    c.executor = executor;
    c.clock = clock;
    c.toolTimeout = toolTimeout;
    c.toolOutputCap = toolOutputCap;
    c.maxSessionMessages = maxSessionMessages;
    c.includeFileContent = includeFileContent;
    c.includeErrorLogs = includeErrorLogs;
    c.tokenCountEstimator = tokenCountEstimator;
    c.runTimeout = runTimeout;
    return c;
  }
}
