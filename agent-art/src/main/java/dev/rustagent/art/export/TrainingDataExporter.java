package dev.rustagent.art.export;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryMessage;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.art.internal.ArtJson;
import dev.rustagent.art.internal.Conversations;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Writes training data from scored trajectories as JSONL.
 *
 * <ul>
 *   <li>{@link ExportFormat#ART}: one line per group of trajectories with the same objective (OpenPipe
 *       ART's {@code TrajectoryGroup}); a group is kept when at least one of its trajectories reaches
 *       the reward threshold, and all of its scored trajectories are written (the low rewards are what
 *       RL learns from).
 *   <li>{@link ExportFormat#SFT}: one line per trajectory at or above the threshold.
 *   <li>{@link ExportFormat#PREFERENCE}: within each group, the best trajectory (at or above the
 *       threshold) against each one scored at least {@code minMargin} lower.
 * </ul>
 *
 * <p>Only scored trajectories with a conversation are used; a specialisation filter keeps only
 * trajectories of that kind. The file is written to a temporary file and moved into place.
 */
public final class TrainingDataExporter {
  private final double minReward;
  private final Specialization specialization;
  private final double minMargin;

  private TrainingDataExporter(Builder b) {
    this.minReward = b.minReward;
    this.specialization = b.specialization;
    this.minMargin = b.minMargin;
  }

  /** Starts building an exporter. */
  public static Builder builder() {
    return new Builder();
  }

  /** Exports every objective group of the store. */
  public ExportSummary export(TrajectoryStore store, ExportFormat format, Path file) {
    return export(store.groupsByObjective(1), format, file, n -> {});
  }

  /**
   * Exports the given groups (each of one objective), reporting progress (groups done) to
   * {@code progress}.
   *
   * @throws ArtException when the file cannot be written
   */
  public ExportSummary export(List<List<Trajectory>> groups, ExportFormat format, Path file, IntConsumer progress) {
    requireNonNull(groups, "groups");
    requireNonNull(format, "format");
    requireNonNull(file, "file");
    int[] used = {0};
    int[] skipped = {0};
    int records = 0;
    Path tmp = null;
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try (BufferedWriter out = Files.newBufferedWriter(tmp)) {
        int done = 0;
        for (List<Trajectory> group : groups) {
          List<Trajectory> eligible = new ArrayList<>();
          for (Trajectory t : group) {
            if (usable(t)) {
              eligible.add(t);
            } else {
              skipped[0]++;
            }
          }
          for (Object line : lines(format, eligible, used, skipped)) {
            out.write(ArtJson.write(line));
            out.write('\n');
            records++;
          }
          progress.accept(++done);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ArtException("cannot write training data to " + file + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
    return new ExportSummary(format, file, records, used[0], skipped[0]);
  }

  private boolean usable(Trajectory t) {
    return t.isScored() && !Conversations.messages(t).isEmpty()
        && (specialization == null || specialization.matches(t));
  }

  private List<Object> lines(ExportFormat format, List<Trajectory> group, int[] used, int[] skipped) {
    List<Object> lines = new ArrayList<>();
    if (group.isEmpty()) {
      return lines;
    }
    switch (format) {
      case ART -> {
        if (group.stream().anyMatch(t -> t.reward() >= minReward)) {
          lines.add(Map.of("trajectories", group.stream().map(TrainingDataExporter::artTrajectory).toList()));
          used[0] += group.size();
        } else {
          skipped[0] += group.size();
        }
      }
      case SFT -> {
        for (Trajectory t : group) {
          if (t.reward() >= minReward) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("messages", Conversations.openAi(Conversations.messages(t)));
            line.put("tools", t.tools());
            lines.add(line);
            used[0]++;
          } else {
            skipped[0]++;
          }
        }
      }
      case PREFERENCE -> {
        List<Trajectory> sorted = group.stream().sorted(Comparator.comparing(Trajectory::reward).reversed()).toList();
        Trajectory best = sorted.get(0);
        boolean any = false;
        if (best.reward() >= minReward) {
          List<TrajectoryMessage> chosen = Conversations.messages(best);
          for (Trajectory other : sorted.subList(1, sorted.size())) {
            double margin = best.reward() - other.reward();
            List<TrajectoryMessage> rejected = Conversations.messages(other);
            int prefix = Conversations.commonPrefixLength(List.of(chosen, rejected));
            if (margin < minMargin || prefix == chosen.size() || prefix == rejected.size()) {
              continue;
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("objective", best.objective());
            line.put("context", Conversations.openAi(chosen.subList(0, prefix)));
            line.put("chosen", Conversations.openAi(chosen.subList(prefix, chosen.size())));
            line.put("rejected", Conversations.openAi(rejected.subList(prefix, rejected.size())));
            line.put("margin", margin);
            line.put("chosen_id", best.id());
            line.put("rejected_id", other.id());
            lines.add(line);
            used[0]++;
            any = true;
          }
        }
        if (any) {
          used[0]++;
        } else {
          skipped[0] += group.size();
        }
      }
      default -> throw new IllegalStateException("unknown format " + format);
    }
    return lines;
  }

  static Map<String, Object> artTrajectory(Trajectory t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messages_and_choices", Conversations.openAi(Conversations.messages(t)));
    m.put("tools", t.tools());
    m.put("reward", t.reward());
    m.put("metrics", t.metrics());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("trajectory_id", t.id());
    metadata.put("objective", t.objective());
    metadata.put("agent", t.agentName());
    metadata.put("success", t.success());
    metadata.put("model", t.metadata().model());
    metadata.put("status", t.metadata().status());
    metadata.put("specialization", Specialization.of(t).name().toLowerCase(java.util.Locale.ROOT));
    metadata.put("created_at", t.createdAt().toString());
    m.put("metadata", metadata);
    m.put("logs", t.logs());
    return m;
  }

  /** Builds a {@link TrainingDataExporter}. */
  public static final class Builder {
    private double minReward;
    private Specialization specialization;
    private double minMargin = 0.1;

    private Builder() {}

    /** The reward threshold (see the class description); 0..1, default 0. */
    public Builder minReward(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("reward threshold must be within 0..1: " + threshold);
      }
      this.minReward = threshold;
      return this;
    }

    /** Keeps only trajectories of this specialisation. */
    public Builder specialization(Specialization specialization) {
      this.specialization = requireNonNull(specialization, "specialization");
      return this;
    }

    /** The smallest reward gap for a preference pair; 0..1, default 0.1. */
    public Builder minMargin(double margin) {
      if (!(margin >= 0 && margin <= 1)) {
        throw new IllegalArgumentException("margin must be within 0..1: " + margin);
      }
      this.minMargin = margin;
      return this;
    }

    /** Builds the exporter. */
    public TrainingDataExporter build() {
      return new TrainingDataExporter(this);
    }
  }
}
