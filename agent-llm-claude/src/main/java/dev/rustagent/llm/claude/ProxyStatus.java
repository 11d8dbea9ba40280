package dev.rustagent.llm.claude;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.core.ModelException;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ClaudeProxy#check()} found out about the proxy.
 *
 * @param endpoint the base URL checked
 * @param reachable whether anything answered HTTP there
 * @param authenticated whether the proxy accepted the key (or needed none)
 * @param models the model ids {@code GET /v1/models} listed (empty when unknown)
 * @param model the configured model
 * @param summary one or more lines for a person: what works, what does not, and what to do
 * @param failure the classified failure, or {@code null} when the proxy is usable
 */
public record ProxyStatus(String endpoint, boolean reachable, boolean authenticated, List<String> models,
    String model, String summary, @Nullable ModelException failure) {
  /** Validates and copies. */
  public ProxyStatus {
    requireNonNull(endpoint, "endpoint");
    models = List.copyOf(models);
    requireNonNull(model, "model");
    requireNonNull(summary, "summary");
  }

  /** Whether the agent can use the proxy with the configured model. */
  public boolean usable() {
    return reachable && authenticated && failure == null;
  }

  /** Whether the proxy listed the configured model (false when it listed nothing). */
  public boolean modelOffered() {
    return models.contains(model);
  }

  /** The failure, if any. */
  public Optional<ModelException> failureCause() {
    return Optional.ofNullable(failure);
  }
}
