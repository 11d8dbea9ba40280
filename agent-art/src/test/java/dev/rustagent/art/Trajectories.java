package dev.rustagent.art;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryMetadata;
import dev.rustagent.art.Trajectory.StepAction;

/** Builds trajectories for tests. */
final class Trajectories {
  private Trajectories() {}

  static Trajectory of(String id, String objective, Double reward, int toolSteps, Instant created) {
    List<TrajectoryStep> steps = new ArrayList<>();
    List<TrajectoryMessage> messages = new ArrayList<>();
    messages.add(TrajectoryMessage.system("You are a Rust expert."));
    messages.add(TrajectoryMessage.user(objective));
    for (int i = 0; i < toolSteps; i++) {
      String args = "{\"features\":\"f" + i + "\"}";
      steps.add(new TrajectoryStep(i, i == 0 ? objective : "result " + (i - 1), "step " + i,
          new StepAction.UseTool("build", args), "result " + i, false, null, null, Map.of(), created.plusSeconds(i),
          Duration.ofMillis(5)));
      messages.add(TrajectoryMessage.assistant("step " + i,
          List.of(new TrajectoryMessage.ToolCall("c" + i, "build", args))));
      messages.add(TrajectoryMessage.tool("c" + i, "build", "result " + i));
    }
    steps.add(new TrajectoryStep(toolSteps, "done", "", new StepAction.Answer("done: " + id), null, false, null, null,
        Map.of(), created.plusSeconds(toolSteps), Duration.ZERO));
    messages.add(TrajectoryMessage.assistant("done: " + id, List.of()));
    TrajectoryMetadata metadata = new TrajectoryMetadata("scripted", 100, 0, List.of("build"), 0, 1.0, "COMPLETED");
    return new Trajectory(id, null, "tester", objective, true, "done: " + id, steps, messages,
        List.of(Map.of("type", "function", "function", Map.of("name", "build"))), metadata, Map.of(), reward,
        List.of(), created, created.plusSeconds(toolSteps + 1));
  }

  static Trajectory of(String id, String objective, Double reward) {
    return of(id, objective, reward, 2, Instant.parse("2026-01-01T00:00:00Z"));
  }
}
