package dev.rustagent.art;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * A person's verdict on one run: good or bad, with an optional comment. Feedback is reward: it
 * outweighs any judge's score (a good run gets reward 1, a bad one 0, the judge's score is kept in the
 * metrics), a bad run never becomes a success pattern, and the latest feedback on a run counts while
 * every earlier one stays in the trajectory's logs.
 *
 * @param runId the run (trajectory) the feedback is about
 * @param verdict good or bad
 * @param comment what the person said, or empty
 * @param at when it was given
 */
public record Feedback(String runId, Verdict verdict, String comment, Instant at) {

  /** The longest comment kept; longer ones are refused rather than cut. */
  public static final int MAX_COMMENT = 2_000;

  /** Good or bad. */
  public enum Verdict {
    GOOD, BAD;

    /** {@code good} or {@code bad}, any case. */
    public static Verdict parse(String text) {
      requireNonNull(text, "text");
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "good", "+", "up" -> GOOD;
        case "bad", "-", "down" -> BAD;
        default -> throw new IllegalArgumentException("feedback is 'good' or 'bad', not '" + text + "'");
      };
    }

    /** The reward this verdict stands for. */
    public double reward() {
      return this == GOOD ? 1.0 : 0.0;
    }
  }

  public Feedback {
    requireNonNull(runId, "runId");
    if (runId.isBlank()) {
      throw new IllegalArgumentException("runId must not be blank");
    }
    requireNonNull(verdict, "verdict");
    comment = comment == null ? "" : comment.strip();
    if (comment.length() > MAX_COMMENT) {
      throw new IllegalArgumentException("a feedback comment has at most " + MAX_COMMENT + " characters, this one "
          + comment.length());
    }
    requireNonNull(at, "at");
  }
}
