package dev.rustagent.examples.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.AgentResult.ModelPricing;
import dev.rustagent.core.internal.Secrets;
import java.time.Duration;

/** Writes an {@link AgentResult} as JSON for {@code --json}. */
final class ResultJson {
  /** Non-ASCII and control characters are written as JSON escapes, so the output cannot drive a terminal. */
  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  private ResultJson() {}

  /** The result; {@code model} prices its tokens ({@link ModelPricing#defaults()}). */
  static String write(AgentResult result, String model) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("runId", result.runId());
    root.put("task", Secrets.redact(result.task()));
    root.put("status", result.status().name());
    root.put("answer", Secrets.redact(result.answer()));
    result.failureCause().ifPresent(f -> root.put("failure", Secrets.redact(String.valueOf(f.getMessage()))));
    root.put("iterations", result.iterations());
    CacheAwareTokenUsage tokens = result.usage();
    ObjectNode usage = root.putObject("tokenUsage");
    usage.put("input", tokens.inputTokenCount());
    usage.put("cacheWrite", tokens.cacheWriteTokens());
    usage.put("cacheRead", tokens.cacheReadTokens());
    usage.put("output", tokens.outputTokenCount());
    usage.put("total", nz(tokens.totalTokenCount()));
    ModelPricing.defaults().estimateCost(model, tokens).ifPresentOrElse(
        cost -> usage.put("estimatedCostUsd", cost), () -> usage.putNull("estimatedCostUsd"));
    root.put("totalLatencyMillis", result.totalLatency().toMillis());
    root.put("confidence", result.confidence());
    ArrayNode used = root.putArray("patternsUsed");
    for (dev.rustagent.core.AgentPlugin.RecalledItem item : result.patternsUsed()) {
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
        node.put("type", "thought").put("text", Secrets.redact(t.text()));
      } else if (step instanceof AgentStep.ToolCall c) {
        node.put("type", "tool_call").put("id", c.id()).put("tool", c.tool()).put("arguments", Secrets.redact(c.arguments()));
      } else if (step instanceof AgentStep.PermissionDecision d) {
        node.put("type", "permission").put("callId", d.callId()).put("tool", d.tool())
            .put("permission", d.permission().name()).put("allowed", d.allowed()).put("reason", Secrets.redact(d.reason()));
        ArrayNode actions = node.putArray("actions");
        d.actions().forEach(a -> actions.add(a.name()));
      } else if (step instanceof AgentStep.ToolOutcome o) {
        node.put("type", "tool_result").put("callId", o.callId()).put("tool", o.tool())
            .put("error", o.result().isError()).put("truncated", o.result().truncated())
            .put("text", Secrets.redact(o.result().text())).put("durationMillis", o.duration().toMillis());
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
