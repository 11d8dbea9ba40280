package dev.rustagent.art.internal;

import dev.rustagent.art.Trajectory.StepAction;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.Trajectory.TrajectoryMessage;
import dev.rustagent.art.Trajectory.TrajectoryStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Views of a trajectory's conversation for judges and exports. */
public final class Conversations {
  private Conversations() {}

  /**
   * The messages of a trajectory; when none were recorded (an imported trajectory), a conversation
   * rebuilt from the objective and the steps.
   */
  public static List<TrajectoryMessage> messages(Trajectory t) {
    if (!t.messages().isEmpty()) {
      return t.messages();
    }
    List<TrajectoryMessage> out = new ArrayList<>();
    out.add(TrajectoryMessage.user(t.objective()));
    for (TrajectoryStep step : t.steps()) {
      if (step.action() instanceof StepAction.UseTool use) {
        String id = "step_" + step.index();
        out.add(TrajectoryMessage.assistant(step.thought(),
            List.of(new TrajectoryMessage.ToolCall(id, use.tool(), use.input()))));
        out.add(TrajectoryMessage.tool(id, use.tool(), step.toolResult() == null ? "" : step.toolResult()));
      } else if (step.action() instanceof StepAction.Answer answer) {
        out.add(TrajectoryMessage.assistant(answer.text(), List.of()));
      } else if (step.action() instanceof StepAction.Ask ask) {
        out.add(TrajectoryMessage.assistant(ask.question(), List.of()));
      } else if (step.action() instanceof StepAction.Think think) {
        out.add(TrajectoryMessage.assistant(think.text(), List.of()));
      }
    }
    return out;
  }

  /** How many leading messages all the conversations share. */
  public static int commonPrefixLength(List<List<TrajectoryMessage>> conversations) {
    if (conversations.isEmpty()) {
      return 0;
    }
    int n = conversations.stream().mapToInt(List::size).min().orElse(0);
    List<TrajectoryMessage> first = conversations.get(0);
    for (int i = 0; i < n; i++) {
      for (List<TrajectoryMessage> c : conversations) {
        if (!c.get(i).equals(first.get(i))) {
          return i;
        }
      }
    }
    return n;
  }

  /** Messages in the OpenAI chat format (role, content, tool_calls, tool_call_id). */
  public static List<Map<String, Object>> openAi(List<TrajectoryMessage> messages) {
    List<Map<String, Object>> out = new ArrayList<>(messages.size());
    for (TrajectoryMessage m : messages) {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("role", m.role());
      map.put("content", m.content());
      if (!m.toolCalls().isEmpty()) {
        map.put("tool_calls", m.toolCalls().stream().map(c -> Map.of("id", c.id(), "type", "function",
            "function", Map.of("name", c.name(), "arguments", c.arguments()))).toList());
      }
      if (m.toolCallId() != null) {
        map.put("tool_call_id", m.toolCallId());
      }
      if (m.name() != null && m.role().equals("tool")) {
        map.put("name", m.name());
      }
      out.add(map);
    }
    return out;
  }

  /** A readable transcript of the steps, for judges. */
  public static String steps(Trajectory t) {
    if (t.steps().isEmpty()) {
      return "(the run recorded no steps)";
    }
    StringBuilder sb = new StringBuilder();
    for (TrajectoryStep s : t.steps()) {
      sb.append(s.index() + 1).append(". ");
      if (!s.thought().isBlank()) {
        sb.append("thought: ").append(clip(s.thought(), 500)).append("\n   ");
      }
      if (s.action() instanceof StepAction.UseTool use) {
        sb.append("tool ").append(use.tool()).append(' ').append(clip(use.input(), 500)).append("\n   ")
            .append(s.toolFailed() ? "FAILED: " : "result: ")
            .append(clip(s.toolResult() == null ? "" : s.toolResult(), 800));
      } else if (s.action() instanceof StepAction.Answer a) {
        sb.append("answer: ").append(clip(a.text(), 1500));
      } else if (s.action() instanceof StepAction.Ask a) {
        sb.append("asked the user: ").append(clip(a.question(), 500));
      } else if (s.action() instanceof StepAction.Think a) {
        sb.append("thought: ").append(clip(a.text(), 500));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
