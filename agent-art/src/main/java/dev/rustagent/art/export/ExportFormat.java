package dev.rustagent.art.export;

import java.util.Locale;

/** The training-data formats {@link TrainingDataExporter} writes, one JSON object per line. */
public enum ExportFormat {
  /**
   * OpenPipe ART trajectory groups: one group per line, {@code {"trajectories":[{"messages_and_choices",
   * "tools", "reward", "metrics", "metadata", "logs"}]}}.
   */
  ART,
  /** Chat SFT: {@code {"messages":[...], "tools":[...]}} in the OpenAI format with tool calls. */
  SFT,
  /** Preference pairs: {@code {"context", "chosen", "rejected", "margin"}} from same-objective groups. */
  PREFERENCE;

  /** Parses {@code art}, {@code sft} or {@code preference} (any case). */
  public static ExportFormat parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown export format '" + name + "'; use art, sft or preference", e);
    }
  }
}
