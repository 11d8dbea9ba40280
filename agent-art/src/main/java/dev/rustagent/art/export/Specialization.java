package dev.rustagent.art.export;

import dev.rustagent.art.Trajectory;
import dev.rustagent.memory.KeywordIndex;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a trajectory mainly does, judged from the words of its objective and the tools it used:
 * research (reading, explaining), planning (designing steps), execution (building, testing, running)
 * or code generation (writing and changing code). Used to build specialised training sets.
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
      "change", "rename", "port", "code"), List.of("edit", "write", "patch", "create", "apply"));

  private final Set<String> words;
  private final List<String> toolHints;

  Specialization(Set<String> words, List<String> toolHints) {
    this.words = words;
    this.toolHints = toolHints;
  }

  /**
   * Parses {@code research}, {@code planning}, {@code execution}, {@code code} or
   * {@code code_generation} (any case).
   */
  public static Specialization parse(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    return switch (n) {
      case "research" -> RESEARCH;
      case "planning" -> PLANNING;
      case "execution" -> EXECUTION;
      case "code", "code_generation", "codegen" -> CODE_GENERATION;
      default -> throw new IllegalArgumentException(
          "unknown specialisation '" + name + "'; use research, planning, execution or code");
    };
  }

  /** The specialisation a trajectory fits best; ties go to the earlier constant. */
  public static Specialization of(Trajectory t) {
    Set<String> objectiveWords = new LinkedHashSet<>(KeywordIndex.terms(t.objective()));
    Specialization best = CODE_GENERATION;
    int bestScore = -1;
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

  /** Whether the trajectory fits this specialisation best. */
  public boolean matches(Trajectory t) {
    return of(t) == this;
  }
}
