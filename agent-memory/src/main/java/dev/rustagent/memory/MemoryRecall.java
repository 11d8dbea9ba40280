package dev.rustagent.memory;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.AgentListener;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentPlugin.ContextContribution;
import dev.rustagent.core.AgentPlugin.ContextProvider;
import dev.rustagent.core.AgentPlugin.RecalledItem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.memory.MemoryPlugin.MemoryConceptRecorder;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import dev.rustagent.memory.KnowledgeBase.CommandTool;
import dev.rustagent.memory.LearningMetrics.MetricSample;

/**
 * Connects an {@link AgentMemory} to the loop: before a run it recalls the most similar past episodes,
 * the most relevant code patterns and the concepts learned recently into the context (within the provider's token budget, under a
 * heading that says it is recalled memory); after the run it records the task, answer and outcome as
 * an episode, counts a use of every recalled pattern, successful or not, and appends a
 * learning-metrics sample: the success rate and mean run latency over the runs this agent recorded
 * since the memory was attached, with the concepts-learned count carried over from the newest sample and
 * the cache-aware token counts (input, cache write, cache read, output) summed over those runs.
 * Relevant tool commands of the knowledge base are recalled too; a recalled command counts a use when
 * the run made a call of its tool ({@code git}, {@code gh}, {@code shell}) whose arguments hold every
 * word of the command after the program's name ({@link #uses}).
 *
 * <p>The context is asked for on the run's thread right after {@code RunStarted}, so the run is told
 * apart by a thread-local set there. What went into the context is reported as {@link RecalledItem}s
 * ({@code episode} with the past run's success as its outcome, {@code pattern} with its success rate
 * once it has been used, {@code command}, {@code concept} for the newest concepts learned that match the task).
 */
final class MemoryRecall implements ContextProvider, AgentListener {

  static final String HEADING = "## Recalled memory (similar past tasks and known patterns; may be outdated)";
  static final String NO_SESSION = "no-session";

  private static final Logger log = LoggerFactory.getLogger(MemoryRecall.class);
  private static final int EPISODES = 3;
  private static final int PATTERNS = 2;
  private static final int COMMANDS = 3;
  private static final int CONCEPTS = 3;
  private static final int CONCEPT_CANDIDATES = 10;

  private final AgentMemory memory;
  private final ThreadLocal<String> currentRun = new ThreadLocal<>();
  private final Map<String, RunState> runs = new ConcurrentHashMap<>();
  private long finishedRuns;
  private long successfulRuns;
  private long totalLatencyMillis;
  private dev.rustagent.core.AgentResult.CacheAwareTokenUsage tokens = dev.rustagent.core.AgentResult.CacheAwareTokenUsage.zero();

  private record RunState(String sessionId, Set<Long> patternIds, Map<Long, ToolCommand> commands) {}

  MemoryRecall(AgentMemory memory) {
    this.memory = requireNonNull(memory, "memory");
  }

  @Override
  public void onRunStarted(AgentEvent.RunStarted event) {
    runs.put(event.runId(), new RunState(event.sessionId() == null ? NO_SESSION : event.sessionId(),
        ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>()));
    currentRun.set(event.runId());
  }

  @Override
  public String provide(String task, int tokenBudget) {
    return contribute(task, tokenBudget).text();
  }

  @Override
  public ContextContribution contribute(String task, int tokenBudget) {
    int budget = dev.rustagent.core.internal.HeuristicTokenCountEstimator.charsFor(tokenBudget) - HEADING.length() - 1;
    if (budget <= 0) {
      return ContextContribution.none();
    }
    List<RecalledItem> items = new ArrayList<>();
    StringBuilder text = new StringBuilder(HEADING);
    int room = budget;
    String section = "### Similar past tasks";
    for (Scored<Episode> hit : memory.episodes().similar(task, EPISODES)) {
      Interaction i = hit.value().interaction();
      String e = "- Task (" + (i.success() ? "succeeded" : "failed") + "): " + clip(i.userMessage(), 300)
          + "\n  Answer: " + clip(i.agentResponse(), 600);
      String line = fit(e, room - section.length() - 2);
      if (line == null) {
        break;
      }
      room -= add(text, section) + add(text, line);
      section = "";
      items.add(new RecalledItem("episode", Long.toString(hit.value().id()), clip(i.userMessage(), 120),
          unit(hit.score()), i.success() ? 1.0 : 0.0));
    }
    List<Scored<CodePattern>> patternHits = memory.knowledge().searchPatterns(task, PATTERNS);
    Set<Long> recalledPatterns = new LinkedHashSet<>();
    section = "### Rust patterns that may help";
    for (Scored<CodePattern> hit : patternHits) {
      CodePattern p = hit.value();
      String line = "- " + p.name() + " (" + p.category() + "): " + p.description();
      String withCode = line + "\n```rust\n" + p.codeTemplate() + "\n```";
      String chosen = withCode.length() + section.length() + 2 <= room ? withCode
          : fit(line, room - section.length() - 2);
      if (chosen == null) {
        break;
      }
      room -= add(text, section) + add(text, chosen);
      section = "";
      recalledPatterns.add(p.id());
      items.add(new RecalledItem("pattern", Long.toString(p.id()), p.name(), unit(hit.score()),
          p.useCount() > 0 ? unit(p.successRate()) : null));
    }
    Map<Long, ToolCommand> recalledCommands = new java.util.LinkedHashMap<>();
    section = "### Commands that may help";
    for (Scored<ToolCommand> hit : memory.knowledge().searchCommands(task, null, COMMANDS)) {
      ToolCommand c = hit.value();
      String line = fit("- `" + c.command() + "` (" + c.tool().name().toLowerCase(java.util.Locale.ROOT) + "): "
          + c.description(), room - section.length() - 2);
      if (line == null) {
        break;
      }
      room -= add(text, section) + add(text, line);
      section = "";
      recalledCommands.put(c.id(), c);
      items.add(new RecalledItem("command", Long.toString(c.id()), c.command(), unit(hit.score()), null));
    }
    section = "### Concepts learned recently";
    for (Scored<MemoryItem> hit : recentConcepts(task)) {
      String line = fit("- " + clip(hit.value().text(), 400), room - section.length() - 2);
      if (line == null) {
        break;
      }
      room -= add(text, section) + add(text, line);
      section = "";
      String concept = hit.value().metadata().getOrDefault("concept", "concept");
      items.add(new RecalledItem("concept", Long.toString(hit.value().id()), concept, unit(hit.score()), null));
    }
    if (room == budget) {
      return ContextContribution.none();
    }
    String runId = currentRun.get();
    RunState state = runId == null ? null : runs.get(runId);
    if (state != null) {
      state.patternIds().addAll(recalledPatterns);
      state.commands().putAll(recalledCommands);
    }
    return new ContextContribution(text.toString(), items);
  }

  /** The newest concepts learned (explanations recorded by {@link MemoryConceptRecorder}) among those matching the task. */
  private List<Scored<MemoryItem>> recentConcepts(String task) {
    List<Scored<MemoryItem>> found = memory.semantic().search(SemanticQuery.builder(task).topK(CONCEPT_CANDIDATES)
        .filter("kind", MemoryConceptRecorder.KIND).minScore(Double.NEGATIVE_INFINITY).build());
    return found.stream().sorted(java.util.Comparator.comparingLong((Scored<MemoryItem> h) -> h.value().id()).reversed())
        .limit(CONCEPTS).toList();
  }

  private static double unit(double score) {
    return Double.isNaN(score) ? 0 : Math.max(0, Math.min(1, score));
  }

  /** Appends a line (nothing for an empty one); returns the characters used. */
  private static int add(StringBuilder text, String line) {
    if (line.isEmpty()) {
      return 0;
    }
    text.append('\n').append(line);
    return line.length() + 1;
  }

  /** The line, cut to the room left if need be; null when not even a useful part fits. */
  private static String fit(String line, int room) {
    if (line.length() <= room) {
      return line;
    }
    return room >= 80 ? line.substring(0, room - 1) + "…" : null;
  }

  private static String clip(String s, int max) {
    String flat = s.strip();
    return flat.length() <= max ? flat : flat.substring(0, max) + "…";
  }

  @Override
  public void onRunFinished(AgentEvent.RunFinished event) {
    currentRun.remove();
    RunState state = runs.remove(event.runId());
    AgentResult result = event.result();
    String sessionId = state == null ? NO_SESSION : state.sessionId();
    String answer = !result.answer().isBlank() ? result.answer()
        : result.failureCause().map(t -> "(failed: " + t.getMessage() + ")").orElse("(no answer)");
    memory.episodes().record(new Interaction(sessionId, event.at(), result.task(), answer,
        context(result), result.isSuccess()));
    recordMetrics(event.at(), result);
    if (state != null) {
      for (ToolCommand command : state.commands().values()) {
        if (result.steps(AgentStep.ToolCall.class).stream().anyMatch(call -> uses(call, command))) {
          try {
            memory.knowledge().recordCommandUse(command.id());
          } catch (java.util.NoSuchElementException e) {
            log.debug("recalled command {} is gone; its use is not counted", command.id());
          }
        }
      }
      for (long id : state.patternIds()) {
        try {
          memory.knowledge().recordPatternUse(id, result.isSuccess());
        } catch (java.util.NoSuchElementException e) {
          log.debug("recalled pattern {} is gone; its use is not counted", id);
        }
      }
    }
  }

  private void recordMetrics(java.time.Instant at, AgentResult result) {
    double successRate;
    long averageMillis;
    dev.rustagent.core.AgentResult.CacheAwareTokenUsage total;
    synchronized (this) {
      finishedRuns++;
      successfulRuns += result.isSuccess() ? 1 : 0;
      totalLatencyMillis += result.totalLatency().toMillis();
      successRate = (double) successfulRuns / finishedRuns;
      averageMillis = totalLatencyMillis / finishedRuns;
      tokens = tokens.add(result.usage());
      total = tokens;
    }
    int concepts = memory.metrics().latest().map(MetricSample::conceptsLearned).orElse(0);
    memory.metrics().record(new MetricSample(at, concepts, successRate, java.time.Duration.ofMillis(averageMillis),
        total.inputTokenCount(), total.cacheWriteTokens(), total.cacheReadTokens(), total.outputTokenCount()));
  }

  /**
   * Whether a tool call ran the command: the call is to the command's tool ({@code git}, {@code gh},
   * or {@code shell} for Linux commands) and its arguments hold every word of the command after the
   * program's name.
   */
  static boolean uses(AgentStep.ToolCall call, ToolCommand command) {
    String tool = switch (command.tool()) {
      case GIT -> "git";
      case GH -> "gh";
      case LINUX -> "shell";
    };
    if (!call.tool().equals(tool)) {
      return false;
    }
    List<String> words = List.of(command.command().strip().split("\\s+"));
    if (command.tool() != CommandTool.LINUX && !words.isEmpty() && words.get(0).equals(tool)) {
      words = words.subList(1, words.size());
    }
    Set<String> called = new java.util.HashSet<>(List.of(call.arguments().replaceAll("[\\[\\]{}\",:]", " ")
        .strip().split("\\s+")));
    return !words.isEmpty() && called.containsAll(words);
  }

  private static String context(AgentResult result) {
    List<String> tools = result.steps(AgentStep.ToolCall.class).stream().map(AgentStep.ToolCall::tool).toList();
    return "status=" + result.status() + "; iterations=" + result.iterations()
        + (tools.isEmpty() ? "" : "; tools=" + String.join(",", tools));
  }
}
