package dev.rustagent.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.ArtPlugin;
import dev.rustagent.art.TrajectoryStore.Feedback;
import dev.rustagent.art.Trajectory;
import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.core.workflow.LearningWorkflow;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.MemoryPlugin.MemoryConceptRecorder;
import dev.rustagent.memory.MemoryStats;
import dev.rustagent.memory.LearningMetrics.MetricSample;
import dev.rustagent.memory.SemanticMemory.Scored;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The endpoints backed by agent-memory's public API (patterns, conversations, learning, knowledge stats),
 * and run feedback, which goes to ART's trajectory store when the server has it.
 */
final class MemoryApi {
  static final String FEEDBACK_KIND = "run-feedback";
  private static final Set<String> LEARN_FIELDS = Set.of("kind", "concept", "explanation", "level", "name", "category",
      "code_template", "description", "run_id", "helpful", "comment");

  private final AgentMemory memory;
  private final ArtPlugin art;
  private final RunManager runs;
  private final Clock clock = Clock.systemUTC();
  private final LongAdder helpful = new LongAdder();
  private final LongAdder unhelpful = new LongAdder();

  MemoryApi(AgentMemory memory, ArtPlugin art, RunManager runs) {
    this.memory = memory;
    this.art = art;
    this.runs = runs;
  }

  private AgentMemory memory() {
    if (memory == null) {
      throw new ApiException(503, "no memory is attached to this server (AgentServer.Builder.memory)");
    }
    return memory;
  }

  ApiViews.Page<ApiViews.PatternView> patterns(String query, int limit, int offset) {
    AgentMemory m = memory();
    if (query == null || query.isBlank()) {
      List<CodePattern> all = m.knowledge().patterns();
      return new ApiViews.Page<>(slice(all, limit, offset).stream().map(p -> view(p, null)).toList(), all.size(),
          limit, offset);
    }
    List<Scored<CodePattern>> hits = m.knowledge().searchPatterns(query, offset + limit);
    return new ApiViews.Page<>(slice(hits, limit, offset).stream().map(h -> view(h.value(), h.score())).toList(),
        hits.size(), limit, offset);
  }

  private static ApiViews.PatternView view(CodePattern p, Double score) {
    return new ApiViews.PatternView(p.id(), p.name(), p.category(), p.description(), p.codeTemplate(), p.useCount(),
        p.successRate(), score);
  }

  ApiViews.Page<ApiViews.ConversationSummary> conversations(int limit, int offset) {
    AgentMemory m = memory();
    List<String> ids = m.episodes().sessions();
    List<ApiViews.ConversationSummary> page = slice(ids, limit, offset).stream().map(id -> {
      List<Episode> turns = m.episodes().session(id);
      Interaction last = turns.isEmpty() ? null : turns.get(turns.size() - 1).interaction();
      return new ApiViews.ConversationSummary(id, turns.size(), last == null ? null : last.time().toString(),
          last == null ? null : last.userMessage());
    }).toList();
    return new ApiViews.Page<>(page, ids.size(), limit, offset);
  }

  ApiViews.Conversation conversation(String id) {
    List<Episode> turns = memory().episodes().session(id);
    if (turns.isEmpty()) {
      throw ApiException.notFound("unknown conversation '" + id + "'");
    }
    return new ApiViews.Conversation(id, turns.stream().map(Episode::interaction)
        .map(i -> new ApiViews.Turn(i.time().toString(), i.userMessage(), i.agentResponse(), i.success())).toList());
  }

  ApiViews.Learned learn(String body) {
    ObjectNode node = Json.object(body, LEARN_FIELDS);
    String kind = Json.requiredText(node, "kind");
    return switch (kind) {
      case "concept" -> {
        AgentMemory m = memory();
        only(node, kind, Set.of("kind", "concept", "explanation", "level"));
        String concept = Json.requiredText(node, "concept");
        String explanation = Json.requiredText(node, "explanation");
        LearningWorkflow.Level level;
        try {
          level = LearningWorkflow.Level.parse(Optional.ofNullable(Json.optionalText(node, "level")).orElse("intermediate"));
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest(e.getMessage());
        }
        // the recorder counts the concept in the learning metrics
        MemoryConceptRecorder.of(m).record(concept, level, explanation);
        yield new ApiViews.Learned(kind, null, null, null);
      }
      case "pattern" -> {
        only(node, kind, Set.of("kind", "name", "category", "code_template", "description"));
        CodePattern stored = memory().knowledge().putPattern(new CodePattern(0, Json.requiredText(node, "name"),
            Json.requiredText(node, "category"), Json.requiredText(node, "code_template"),
            Json.requiredText(node, "description"), 0, 0));
        yield new ApiViews.Learned(kind, stored.id(), null, null);
      }
      case "feedback" -> feedback(node);
      default -> throw ApiException.badRequest("'kind' must be concept, pattern or feedback, not '" + kind + "'");
    };
  }

  /**
   * A person's verdict on a run: with ART, the run's trajectory gets it as {@code rust-agent art feedback}
   * gives it (reward 1 or 0, the lessons updated); with memory, it is also kept as a note. Checked
   * whole before anything is written.
   */
  private ApiViews.Learned feedback(ObjectNode node) {
    only(node, "feedback", Set.of("kind", "run_id", "helpful", "comment"));
    String runId = Json.requiredText(node, "run_id");
    ServerRun run = runs.run(runId).orElseThrow(() -> ApiException.notFound("unknown run_id '" + runId + "'"));
    if (!node.has("helpful")) {
      throw ApiException.badRequest("'helpful' is required");
    }
    boolean good = Json.optionalBoolean(node, "helpful", false);
    String comment = Optional.ofNullable(Json.optionalText(node, "comment")).orElse("");
    if (memory == null && art == null) {
      throw new ApiException(503, "neither memory nor ART is attached to this server (AgentServer.Builder.memory, .art)");
    }
    String trajectoryId = null;
    Double reward = null;
    if (art != null) {
      if (!run.isDone()) {
        throw new ApiException(409, "run '" + runId + "' is still " + run.state() + "; give feedback once it has ended");
      }
      if (run.agentRunId() == null) {
        throw new ApiException(409, "run '" + runId + "' ended before the agent started it, so it has no trajectory");
      }
      Feedback feedback;
      try {
        feedback = new Feedback(run.agentRunId(), good ? Feedback.Verdict.GOOD : Feedback.Verdict.BAD, comment,
            clock.instant());
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
      try {
        Trajectory updated = art.feedback(feedback);
        trajectoryId = updated.id();
        reward = updated.rewardValue().orElse(null);
      } catch (ArtException e) {
        throw ApiException.notFound("run '" + runId + "' has no trajectory in the ART store (was its recording "
            + "skipped?): " + e.getMessage());
      }
    } else if (comment.length() > Feedback.MAX_COMMENT) {
      throw ApiException.badRequest("a feedback comment has at most " + Feedback.MAX_COMMENT + " characters, this one "
          + comment.length());
    }
    Long noteId = null;
    if (memory != null) {
      noteId = memory.semantic().put("Feedback on \"" + run.task() + "\": " + (good ? "helpful" : "not helpful")
              + (comment.isBlank() ? "" : ". " + comment),
          Map.of("kind", FEEDBACK_KIND, "run_id", runId, "helpful", Boolean.toString(good))).id();
    }
    (good ? helpful : unhelpful).increment();
    return new ApiViews.Learned("feedback", noteId, trajectoryId, reward);
  }

  private static void only(ObjectNode node, String kind, Set<String> fields) {
    node.fieldNames().forEachRemaining(f -> {
      if (!fields.contains(f)) {
        throw ApiException.badRequest("'" + f + "' does not belong to a " + kind + "; allowed: "
            + new java.util.TreeSet<>(fields));
      }
    });
  }

  long feedbackHelpful() {
    return helpful.sum();
  }

  long feedbackUnhelpful() {
    return unhelpful.sum();
  }

  /** Learning figures, or null without memory. */
  ApiViews.Learning learning() {
    if (memory == null) {
      return null;
    }
    MemoryStats s = memory.stats();
    Optional<MetricSample> latest = memory.metrics().latest();
    return new ApiViews.Learning(s.episodes(), s.sessions(), s.patterns(), s.commands(), s.semanticItems(),
        latest.map(MetricSample::conceptsLearned).orElse(null), latest.map(MetricSample::successRate).orElse(null),
        latest.map(x -> x.averageResponseTime().toMillis()).orElse(null));
  }

  ApiViews.Knowledge knowledge() {
    MemoryStats s = memory().stats();
    int concepts = memory.metrics().latest().map(MetricSample::conceptsLearned).orElse(0);
    return new ApiViews.Knowledge(s.patterns(), s.commands(), s.episodes(), s.sessions(), s.semanticItems(), concepts,
        s.embeddingModel());
  }

  static <T> List<T> slice(List<T> all, int limit, int offset) {
    if (offset >= all.size()) {
      return List.of();
    }
    return all.subList(offset, Math.min(all.size(), offset + limit));
  }
}
