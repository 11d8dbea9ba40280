package dev.rustagent.core.orchestrator;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What handling a trigger did.
 *
 * @param trigger the trigger
 * @param succeeded whether the handler did its job
 * @param summary what was done, in words
 * @param detail the workflow, agent or command result, or {@code null}
 */
public record TriggerResult(Trigger trigger, boolean succeeded, String summary, @Nullable Object detail) {
  public TriggerResult {
    requireNonNull(trigger, "trigger");
    requireNonNull(summary, "summary");
  }

  /** A successful result. */
  public static TriggerResult done(Trigger trigger, String summary, Object detail) {
    return new TriggerResult(trigger, true, summary, detail);
  }

  /** A failed result. */
  public static TriggerResult failed(Trigger trigger, String summary) {
    return new TriggerResult(trigger, false, summary, null);
  }

  /** The detail, if of the given type. */
  public <D> Optional<D> detail(Class<D> type) {
    return type.isInstance(detail) ? Optional.of(type.cast(detail)) : Optional.empty();
  }
}
