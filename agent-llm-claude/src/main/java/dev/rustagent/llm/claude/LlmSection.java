package dev.rustagent.llm.claude;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.core.internal.ConfigTables;
import dev.rustagent.core.internal.ConfigTables.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.llm.claude.LlmConfig.Provider;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;

/** Reads and checks the {@code [llm]} section for {@link LlmConfig}. */
final class LlmSection {
  private static final Logger LOG = LoggerFactory.getLogger(LlmSection.class);
  static final Map<String, Type> KEYS = keys();
  /** Old environment variable names, each with the one that replaced it. */
  static final Map<String, String> OLD_VARIABLES = Map.of(
      "RUST_AGENT_LLM_URL", "RUST_AGENT_LLM_API_ENDPOINT",
      "RUST_AGENT_MODEL", "RUST_AGENT_LLM_MODEL");

  private LlmSection() {}

  static LlmConfig read(String toml, String source, Map<String, String> environment, Clock clock) {
    JsonNode root = ConfigTables.parse(toml, source);
    List<String> problems = new ArrayList<>();
    Map<String, Object> llm = ConfigTables.section(root, source, "llm", KEYS, environment, OLD_VARIABLES, problems);
    if (!problems.isEmpty()) {
      throw new AgentConfigException(problems);
    }
    LlmConfig d = LlmConfig.defaults();
    String providerName = (String) llm.getOrDefault("provider", "anthropic");
    String endpoint = (String) llm.getOrDefault("api_endpoint", d.apiEndpoint());
    String model = (String) llm.getOrDefault("model", d.model());
    long maxTokens = (Long) llm.getOrDefault("max_tokens", (long) d.maxTokens());
    double temperature = (Double) llm.getOrDefault("temperature", d.temperature());
    long timeout = (Long) llm.getOrDefault("timeout_seconds", d.timeout().toSeconds());
    long cacheTtl = (Long) llm.getOrDefault("cache_ttl_seconds", d.cacheTtl().toSeconds());
    String promptCaching = (String) llm.getOrDefault("prompt_caching", "5m");
    long runTimeout = (Long) llm.getOrDefault("run_timeout_seconds", d.runTimeout().getSeconds());

    Provider provider = null;
    try {
      provider = Provider.fromName(providerName);
    } catch (IllegalArgumentException e) {
      problems.add(source + ": [llm] provider must be \"anthropic\" (or \"claude\") or \"openai\", got \""
          + providerName + "\"");
    }
    PromptCaching caching = null;
    try {
      caching = PromptCaching.fromConfig(promptCaching);
    } catch (IllegalArgumentException e) {
      problems.add(source + ": [llm] " + e.getMessage());
    }
    problems(provider, endpoint, model, maxTokens, temperature, Duration.ofSeconds(timeout),
        Duration.ofSeconds(cacheTtl), Duration.ofSeconds(runTimeout)).forEach(p -> problems.add(source + ": [llm] " + p));
    if (!problems.isEmpty()) {
      throw new AgentConfigException(problems);
    }
    Optional<String> successor = ModelLifecycle.successorIfRetired(model, clock);
    if (successor.isPresent()) {
      LOG.warn("{}: [llm] model {} is retired; using its successor {} (set [llm] model to it to silence this)",
          source, model, successor.get());
      model = successor.get();
    }
    return new LlmConfig(provider, endpoint, model, (int) maxTokens, temperature,
        (Boolean) llm.getOrDefault("streaming", d.streaming()), (String) llm.getOrDefault("api_key", d.apiKey()),
        Duration.ofSeconds(timeout), Duration.ofSeconds(cacheTtl), caching, Duration.ofSeconds(runTimeout));
  }

  /** Every problem of these settings; {@code provider} is null when it was not understood. */
  static List<String> problems(Provider provider, String apiEndpoint, String model, long maxTokens,
      double temperature, Duration timeout, Duration cacheTtl, Duration runTimeout) {
    List<String> problems = new ArrayList<>();
    try {
      URI uri = new URI(apiEndpoint);
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        problems.add("api_endpoint must be an http:// or https:// URL, got \"" + apiEndpoint + "\"");
      }
    } catch (URISyntaxException e) {
      problems.add("api_endpoint is not a URL: " + e.getMessage());
    }
    if (model.isBlank()) {
      problems.add("model must not be empty");
    }
    if (maxTokens < 1 || maxTokens > 1_000_000) {
      problems.add("max_tokens must be between 1 and 1000000, got " + maxTokens);
    }
    double maxTemperature = provider == Provider.OPENAI ? 2.0 : 1.0;
    if (!(temperature >= 0.0 && temperature <= maxTemperature)) {
      problems.add("temperature must be between 0 and " + maxTemperature + ", got " + temperature);
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofDays(1)) > 0) {
      problems.add("timeout_seconds must be between 1 and 86400, got " + timeout.getSeconds());
    }
    if (cacheTtl.isNegative() || cacheTtl.compareTo(Agent.MAX_RUN_TIMEOUT) > 0) {
      problems.add("cache_ttl_seconds must be between 0 and 604800, got " + cacheTtl.getSeconds());
    }
    if (runTimeout.isNegative() || runTimeout.compareTo(Agent.MAX_RUN_TIMEOUT) > 0) {
      problems.add("run_timeout_seconds must be between 0 (no limit) and " + Agent.MAX_RUN_TIMEOUT.toSeconds()
          + " (7 days), got " + runTimeout.getSeconds());
    }
    return problems;
  }

  private static Map<String, Type> keys() {
    Map<String, Type> llm = new LinkedHashMap<>();
    llm.put("provider", Type.STRING);
    llm.put("api_endpoint", Type.STRING);
    llm.put("model", Type.STRING);
    llm.put("max_tokens", Type.INTEGER);
    llm.put("temperature", Type.NUMBER);
    llm.put("streaming", Type.BOOLEAN);
    llm.put("api_key", Type.STRING);
    llm.put("timeout_seconds", Type.INTEGER);
    llm.put("cache_ttl_seconds", Type.INTEGER);
    llm.put("prompt_caching", Type.STRING);
    llm.put("run_timeout_seconds", Type.INTEGER);
    return Collections.unmodifiableMap(llm);
  }
}
