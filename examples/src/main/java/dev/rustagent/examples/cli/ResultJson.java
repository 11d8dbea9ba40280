package dev.rustagent.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentStep;
import java.time.Duration;

/** Writes an {@link AgentResult} as JSON for {@code --json}. */
final class ResultJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  static String write(AgentResult result) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("runId", result.runId());
    root.put("task", result.task());
    root.put("status", result.status().name());
    root.put("answer", result.answer());
    result.failureCause().ifPresent(f -> root.put("failure", String.valueOf(f.getMessage())));
    root.put("iterations", result.iterations());
    ObjectNode usage = root.putObject("tokenUsage");
    usage.put("input", nz(result.tokenUsage().inputTokenCount()));
    usage.put("output", nz(result.tokenUsage().outputTokenCount()));
    usage.put("total", nz(result.tokenUsage().totalTokenCount()));
    root.put("totalLatencyMillis", result.totalLatency().toMillis());
    root.put("confidence", result.confidence());
    ArrayNode used = root.putArray("patternsUsed");
    for (dev.rustagent.core.RecalledItem item : result.patternsUsed()) {
      ObjectNode node = used.addObject().put("kind", item.kind()).put("id", item.id()).put("summary", item.summary())
          .put("relevance", item.relevance());
      if (item.outcome() != null) {
        node.put("outcome", item.outcome());
      }
    }
    ArrayNode latencies = root.putArray("modelLatenciesMillis");
    result.modelLatencies().stream().map(Duration::toMillis).forEach(latencies::add);
    ArrayNode steps = root.putArray("steps");
    for (AgentStep step : result.steps()) {
      ObjectNode node = steps.addObject();
      if (step instanceof AgentStep.Thought t) {
        node.put("type", "thought").put("text", t.text());
      } else if (step instanceof AgentStep.ToolCall c) {
        node.put("type", "tool_call").put("id", c.id()).put("tool", c.tool()).put("arguments", c.arguments());
      } else if (step instanceof AgentStep.PermissionDecision d) {
        node.put("type", "permission").put("callId", d.callId()).put("tool", d.tool())
            .put("permission", d.permission().name()).put("allowed", d.allowed()).put("reason", d.reason());
        ArrayNode actions = node.putArray("actions");
        d.actions().forEach(a -> actions.add(a.name()));
      } else if (step instanceof AgentStep.ToolOutcome o) {
        node.put("type", "tool_result").put("callId", o.callId()).put("tool", o.tool())
            .put("error", o.result().isError()).put("truncated", o.result().truncated())
            .put("text", o.result().text()).put("durationMillis", o.duration().toMillis());
      }
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the result as JSON", e);
    }
  }

  private static int nz(Integer value) {
    return value == null ? 0 : value;
  }
}
