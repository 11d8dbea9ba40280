package dev.rustagent.llm.claude;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Announced retirement dates of Claude models, so a configured model that is past or near its end of
 * life is reported before calls start failing. Matches dated ids ({@code claude-sonnet-4-5-20250929})
 * and dotted aliases ({@code claude-sonnet-4.5}) by prefix.
 */
final class ModelLifecycle {
  /** How long before retirement a warning starts. */
  static final int WARNING_DAYS = 90;

  private record Retirement(String prefix, LocalDate date, String replacement) {}

  private static final List<Retirement> RETIREMENTS = List.of(
      new Retirement("claude-sonnet-4-5", LocalDate.of(2026, 11, 30), "claude-sonnet-4-6"),
      new Retirement("claude-3-opus", LocalDate.of(2026, 1, 5), "claude-opus-4-5"),
      new Retirement("claude-3-5-sonnet", LocalDate.of(2025, 10, 22), "claude-sonnet-4-6"),
      new Retirement("claude-3-sonnet", LocalDate.of(2025, 7, 21), "claude-sonnet-4-6"),
      new Retirement("claude-2", LocalDate.of(2025, 7, 21), "claude-sonnet-4-6"));

  private ModelLifecycle() {}

  /**
   * The model that replaced {@code model}, when {@code model} is retired by now; empty for a model in
   * service (also one that retires soon: it still answers).
   */
  static Optional<String> successorIfRetired(String model, Clock clock) {
    String id = model.toLowerCase(Locale.ROOT).replace('.', '-');
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return RETIREMENTS.stream().filter(r -> id.startsWith(r.prefix())).findFirst()
        .filter(r -> today.isAfter(r.date()))
        .map(Retirement::replacement);
  }

  /** A warning when {@code model} is retired or retires within {@value #WARNING_DAYS} days. */
  static Optional<String> warning(String model, Clock clock) {
    String id = model.toLowerCase(Locale.ROOT).replace('.', '-');
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    for (Retirement retirement : RETIREMENTS) {
      if (!id.startsWith(retirement.prefix())) {
        continue;
      }
      long days = ChronoUnit.DAYS.between(today, retirement.date());
      if (days < 0) {
        return Optional.of("Model " + model + " was retired by Anthropic on " + retirement.date()
            + ": calls will fail; switch [llm] model to " + retirement.replacement());
      }
      if (days <= WARNING_DAYS) {
        return Optional.of("Model " + model + " retires on " + retirement.date() + " (in " + days
            + " days): switch [llm] model to " + retirement.replacement());
      }
      return Optional.empty();
    }
    return Optional.empty();
  }
}
