package dev.rustagent.bench.art;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Realistic 10-step trajectories for the store benchmarks. */
final class BenchTrajectories {
  static final int STEPS = 10;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] OBJECTIVES = {
      "Fix the borrow-check error E0502 in src/parser.rs", "Make cargo clippy pass without warnings",
      "Add a unit test for the tokenizer's handling of raw strings", "Explain why the lifetime 'a is too short",
      "Refactor the config loader to return Result instead of panicking"};

  private BenchTrajectories() {}

  /** The {@code n}-th trajectory: 10 tool steps plus the answer, messages included, a pseudo-random reward. */
  static Trajectory trajectory(long n) {
    SplittableRandom random = new SplittableRandom(n);
    String objective = OBJECTIVES[(int) (n % OBJECTIVES.length)];
    List<TrajectoryStep> steps = new ArrayList<>(STEPS + 1);
    List<TrajectoryMessage> messages = new ArrayList<>(2 * STEPS + 3);
    messages.add(TrajectoryMessage.system("You are a Rust expert working in the user's workspace."));
    messages.add(TrajectoryMessage.user(objective));
    Instant created = T0.plusSeconds(n);
    for (int i = 0; i < STEPS; i++) {
      String args = JsonNodeFactory.instance.objectNode().put("path", "src/module_" + i + ".rs").put("line", 10 + i)
          .toString();
      String result = "warning: unused variable `x_" + i + "` --> src/module_" + i + ".rs:" + (10 + i)
          + ":9 | help: if this is intentional, prefix it with an underscore: `_x_" + i + "`";
      boolean failed = random.nextInt(10) == 0;
      steps.add(new TrajectoryStep(i, i == 0 ? objective : "previous result " + (i - 1),
          "Step " + i + ": I look at module " + i + " to find the cause.", new StepAction.UseTool("read_file", args),
          result, failed, null, null, Map.of(), created.plusMillis(100L * i), Duration.ofMillis(20 + i)));
      messages.add(TrajectoryMessage.assistant("Step " + i + ": I look at module " + i + ".",
          List.of(new TrajectoryMessage.ToolCall("call_" + i, "read_file", args))));
      messages.add(TrajectoryMessage.tool("call_" + i, "read_file", result));
    }
    steps.add(new TrajectoryStep(STEPS, "done", "", new StepAction.Answer("Fixed: prefixed the unused variables."),
        null, false, null, null, Map.of(), created.plusSeconds(2), Duration.ZERO));
    messages.add(TrajectoryMessage.assistant("Fixed: prefixed the unused variables.", List.of()));
    return new Trajectory("t" + n, null, "bench-agent", objective, random.nextBoolean(),
        "Fixed: prefixed the unused variables.", steps, messages,
        List.of(Map.of("type", "function", "function", Map.of("name", "read_file"))),
        new TrajectoryMetadata("bench-model", 4000, 0.01, List.of("read_file"), 1, 0.9, "COMPLETED"),
        Map.of("latency_ms", 1234.0), random.nextDouble(), List.of(), created, created.plusSeconds(3));
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
