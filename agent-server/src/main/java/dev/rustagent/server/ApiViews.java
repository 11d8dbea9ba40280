package dev.rustagent.server;

import dev.rustagent.core.AgentResult;
import dev.rustagent.core.orchestrator.LatencyTracker.LatencyStats;
import java.util.List;
import java.util.Map;

/** The JSON bodies the API sends (snake_case on the wire, see {@link Json}). */
final class ApiViews {
  private ApiViews() {}

  record Error(String error) {}

  record QueryResponse(String response, List<Results.PatternUsed> patternsUsed, double confidence, long latencyMs, String status,
      String sessionId, String runId, String error) {

    static QueryResponse of(ServerRun run, AgentResult result) {
      return new QueryResponse(result.answer(), Results.patternsUsed(result), Results.confidence(result),
          result.totalLatency().toMillis(), run.state(), run.sessionId(), run.id(), run.error());
    }
  }

  record RunView(String id, String kind, String status, String task, String sessionId, int queuePosition,
      String createdAt, String answer, String error, Long latencyMs, List<Results.PatternUsed> patternsUsed, Double confidence) {

    static RunView of(ServerRun run) {
      AgentResult result = run.result().isDone() && !run.result().isCompletedExceptionally()
          ? run.result().join() : null;
      return new RunView(run.id(), run.kind().name().toLowerCase(java.util.Locale.ROOT), run.state(), run.task(),
          run.sessionId(), run.queuePosition(), run.createdAt().toString(), result == null ? null : result.answer(),
          run.error(), result == null ? null : result.totalLatency().toMillis(),
          result == null ? null : Results.patternsUsed(result), result == null ? null : Results.confidence(result));
    }
  }

  record Spawned(String id, String status, int queuePosition) {}

  record ApprovalView(String id, String runId, String sessionId, String tool, List<String> actions,
      String description, String createdAt) {

    static ApprovalView of(PendingApproval a) {
      return new ApprovalView(a.id(), a.runId(), a.sessionId(), a.tool(),
          a.actions().stream().map(dev.rustagent.tools.Tool.Action::name).sorted().toList(), a.description(), a.createdAt().toString());
    }
  }

  record ApprovalAnswered(String id, boolean allow, boolean always) {}

  record Cancelled(String id, String status) {}

  record Page<T>(List<T> items, long total, int limit, int offset) {}

  record PatternView(long id, String name, String category, String description, String codeTemplate, int useCount,
      double successRate, Double score) {}

  record ConversationSummary(String sessionId, int turns, String lastTime, String lastMessage) {}

  record Turn(String time, String userMessage, String agentResponse, boolean success) {}

  record Conversation(String sessionId, List<Turn> turns) {}

  record Learned(String kind, Long id, String trajectoryId, Double reward) {}

  record Health(String status, long uptimeMs, int activeRuns, int queueLength) {}

  record LatencyView(int count, double p50Ms, double p95Ms, double p99Ms, double meanMs) {
    static LatencyView of(LatencyStats s) {
      return new LatencyView(s.count(), ms(s.p50()), ms(s.p95()), ms(s.p99()), ms(s.mean()));
    }

    private static double ms(java.time.Duration d) {
      return d.toNanos() / 1_000_000.0;
    }
  }

  record Quality(long runs, long completed, Double successRate, Map<String, Long> outcomes, long feedbackHelpful,
      long feedbackUnhelpful) {}

  record Learning(long episodes, long sessions, long patterns, long commands, long semanticItems,
      Integer conceptsLearned, Double recentSuccessRate, Long recentAverageResponseMs) {}

  record ServerState(int activeRuns, int queueLength, int sessions, int pendingApprovals) {}

  record Tokens(long input, long cacheWrite, long cacheRead, long output, Double cacheReadShare, double estimatedCost,
      long modelCalls, long unpricedModelCalls) {}

  record Metrics(Map<String, LatencyView> latency, Quality quality, Learning learning, ServerState server,
      Tokens tokens) {}

  record Knowledge(long patterns, long commands, long episodes, long sessions, long semanticItems,
      int conceptsLearned, String embeddingModel) {}

  record Info(String workspace, List<String> tools, boolean mayModify, boolean memory) {}
}
