package dev.rustagent.core.workflow;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A problem a workflow met, and how it was fixed if it was.
 *
 * @param description the problem, e.g. {@code error[E0382]: borrow of moved value: `words` at src/main.rs:7:27}
 * @param resolution how it was fixed, or {@code null} while it is open
 */
public record Problem(String description, @Nullable String resolution) {
  public Problem {
    requireNonNull(description, "description");
  }

  /** Whether it was fixed. */
  public boolean fixed() {
    return resolution != null;
  }

  /** How it was fixed, when it was. */
  public Optional<String> resolutionText() {
    return Optional.ofNullable(resolution);
  }
}
