package dev.rustagent.art.export;

import static java.util.Objects.requireNonNull;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
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
import java.util.Locale;
import dev.rustagent.art.export.TrainingDataExporter.ExportFormat;
import dev.rustagent.memory.internal.KeywordIndex;
import java.util.LinkedHashSet;
import java.util.Set;

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

  /**
   * What an export wrote.
   *
   * @param format the format
   * @param file the JSONL file
   * @param records lines written
   * @param trajectories trajectories used
   * @param skipped trajectories left out (unscored, below the threshold, other specialisation, no messages)
   */
  public record ExportSummary(ExportFormat format, Path file, int records, int trajectories, int skipped) {}

  /**
   * What a trajectory mainly does, judged from the words of its objective and the tools it used:
   * research (reading, explaining), planning (designing steps), execution (building, testing, running),
   * code generation (writing and changing code) or analysis (reviewing, diagnosing, measuring); a
   * trajectory that fits none of them is general. Used to build specialised training sets; the general
   * set takes every trajectory.
   */
  public enum Specialization {
    /** Investigating and explaining: docs, search, reading code. */
    RESEARCH(Set.of("explain", "find", "investigate", "research", "understand", "search",
        "docs", "documentation", "compare", "look"), List.of("search", "docs", "read", "grep", "explain", "crate")),
    /** Designing an approach: plans, steps, architecture. */
    PLANNING(Set.of("plan", "design", "steps", "architecture", "roadmap", "strategy", "outline", "break",
        "approach", "propose"), List.of("plan", "todo")),
    /** Running things: builds, tests, benchmarks, CI. */
    EXECUTION(Set.of("run", "test", "tests", "build", "deploy", "execute", "bench", "benchmark", "ci", "check",
        "clippy", "lint", "release"), List.of("cargo", "shell", "clippy", "test", "build", "run")),
    /** Writing and changing code. */
    CODE_GENERATION(Set.of("implement", "write", "add", "create", "refactor", "fix", "generate", "rewrite",
        "change", "rename", "port", "code"), List.of("edit", "write", "patch", "create", "apply")),
    /** Analysing what is there: reviews, diagnoses, profiles, audits. */
    ANALYSIS(Set.of("analyse", "analyze", "analysis", "review", "audit", "diagnose", "profile", "inspect", "measure",
        "assess", "why", "cause", "complexity"), List.of("analyzer", "blame", "log", "diff", "metrics", "profile")),
    /** Everything: the general model learns from every trajectory; the kind of one that fits no other. */
    GENERAL(Set.of(), List.of());

    private final Set<String> words;
    private final List<String> toolHints;

    Specialization(Set<String> words, List<String> toolHints) {
      this.words = words;
      this.toolHints = toolHints;
    }

    /**
     * Parses {@code research}, {@code planning}, {@code execution}, {@code code} (or
     * {@code code_generation}), {@code analysis} or {@code general} (any case).
     */
    public static Specialization parse(String name) {
      String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
      return switch (n) {
        case "research" -> RESEARCH;
        case "planning" -> PLANNING;
        case "execution" -> EXECUTION;
        case "code", "code_generation", "codegen" -> CODE_GENERATION;
        case "analysis", "analyse", "analyze" -> ANALYSIS;
        case "general" -> GENERAL;
        default -> throw new IllegalArgumentException(
            "unknown specialisation '" + name + "'; use research, planning, execution, code, analysis or general");
      };
    }

    /**
     * The specialisation a trajectory fits best; ties go to the earlier constant, and one with no word
     * or tool of any specialisation is {@link #GENERAL}.
     */
    public static Specialization of(Trajectory t) {
      Set<String> objectiveWords = new LinkedHashSet<>(KeywordIndex.terms(t.objective()));
      Specialization best = GENERAL;
      int bestScore = 0;
      for (Specialization s : values()) {
        int score = 0;
        for (String w : objectiveWords) {
          if (s.words.contains(w)) {
            score += 2;
          }
        }
        for (String tool : t.metadata().toolsUsed()) {
          String lower = tool.toLowerCase(Locale.ROOT);
          if (s.toolHints.stream().anyMatch(lower::contains)) {
            score++;
          }
        }
        if (score > bestScore) {
          best = s;
          bestScore = score;
        }
      }
      return best;
    }

    /** Whether the trajectory belongs in this specialisation's set: it fits it best, or this is {@link #GENERAL}. */
    public boolean matches(Trajectory t) {
      return this == GENERAL || of(t) == this;
    }
  }
}
