package dev.rustagent.art.judge;

import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class JudgeFixtures {
  static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

  private JudgeFixtures() {}

  /** A run that calls build with each of {@code features} (failing unless "ok") and then answers. */
  static Trajectory run(String id, String objective, boolean success, Double reward, String... features) {
    List<TrajectoryStep> steps = new ArrayList<>();
    List<TrajectoryMessage> messages = new ArrayList<>();
    messages.add(TrajectoryMessage.system("You are a Rust expert."));
    messages.add(TrajectoryMessage.user(objective));
    for (String f : features) {
      boolean failed = !f.equals("ok");
      String args = "{\"features\":\"" + f + "\"}";
      steps.add(new TrajectoryStep(steps.size(), "", "", new StepAction.UseTool("build", args),
          failed ? "error" : "built", failed, null, null, Map.of(), T0, Duration.ZERO));
      messages.add(TrajectoryMessage.assistant("", List.of(new TrajectoryMessage.ToolCall("c" + steps.size(),
          "build", args))));
      messages.add(TrajectoryMessage.tool("c" + steps.size(), "build", failed ? "error" : "built"));
    }
    String answer = success ? "It builds." : "I could not make it build.";
    steps.add(new TrajectoryStep(steps.size(), "", "", new StepAction.Answer(answer), null, false, null, null,
        Map.of(), T0, Duration.ZERO));
    messages.add(TrajectoryMessage.assistant(answer, List.of()));
    long failedCalls = steps.stream().filter(TrajectoryStep::toolFailed).count();
    double efficiency = (double) (steps.size() - failedCalls) / steps.size();
    return new Trajectory(id, null, "tester", objective, success, answer, steps, messages, List.of(),
        new TrajectoryMetadata("m", 10, 0, List.of("build"), (int) failedCalls, efficiency, "COMPLETED"), Map.of(),
        reward, List.of(), T0, T0);
  }

  static Trajectory noSteps(String id, String objective) {
    return new Trajectory(id, null, "tester", objective, false, "", List.of(), List.of(), List.of(), null, null,
        null, null, T0, T0);
  }
}
