package dev.rustagent.core.workflow;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.HostRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;
import dev.rustagent.core.workflow.Workflow.Problem;

/** Collects a workflow's steps and problems and tells the listener. Confined to one workflow run. */
final class Recorder {
  private static final Logger log = LoggerFactory.getLogger(Recorder.class);

  private final String workflow;
  private final WorkflowListener listener;
  private final List<WorkflowStep> steps = new ArrayList<>();
  private final Map<String, Problem> problems = new LinkedHashMap<>();

  Recorder(String workflow, WorkflowListener listener) {
    this.workflow = workflow;
    this.listener = listener;
  }

  void step(WorkflowStep.Kind kind, String detail) {
    WorkflowStep step = new WorkflowStep(kind, detail);
    steps.add(step);
    try {
      listener.onStep(step);
    } catch (RuntimeException e) {
      log.warn("workflow listener failed on a {} step; the workflow goes on", kind, e);
    }
  }

  /** Records a problem met (again); a problem fixed earlier that comes back is open again. */
  void met(String key, String description) {
    problems.put(key, new Problem(description, null));
  }

  boolean isOpen(String key) {
    Problem p = problems.get(key);
    return p != null && !p.fixed();
  }

  List<String> openKeys() {
    return problems.entrySet().stream().filter(e -> !e.getValue().fixed()).map(Map.Entry::getKey).toList();
  }

  void fixed(String key, String resolution) {
    Problem p = problems.get(key);
    if (p != null && !p.fixed()) {
      problems.put(key, new Problem(p.description(), resolution));
    }
  }

  /**
   * Runs a workflow as one {@link HostRun} of {@code agent} of kind {@code workflow:NAME}, so the
   * agent's listeners (trajectory recording, telemetry) see the whole workflow as one run, its tool
   * calls as its steps and its model questions as child runs.
   */
  static WorkflowResult asHostRun(Agent agent, String workflow, String task, Supplier<WorkflowResult> body) {
    try (HostRun host = HostRun.start(agent, task, "workflow:" + workflow)) {
      WorkflowResult result = body.get();
      host.finish(switch (result.status()) {
        case SUCCEEDED -> AgentStatus.COMPLETED;
        case UNRESOLVED -> AgentStatus.INCOMPLETE;
        case PERMISSION_DENIED -> AgentStatus.PERMISSION_DENIED;
        case CANCELLED -> AgentStatus.CANCELLED;
        case FAILED -> AgentStatus.FAILED;
      }, result.summary());
      return result;
    }
  }

  WorkflowResult result(WorkflowStatus status, String summary, int rounds) {
    return new WorkflowResult(workflow, status, summary, steps, List.copyOf(problems.values()), rounds);
  }
}
