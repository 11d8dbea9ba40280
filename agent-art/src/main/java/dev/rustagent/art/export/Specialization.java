package dev.rustagent.art.export;

import dev.rustagent.art.Trajectory;
import dev.rustagent.memory.KeywordIndex;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
