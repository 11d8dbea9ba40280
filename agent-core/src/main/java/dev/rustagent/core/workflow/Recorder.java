package dev.rustagent.core.workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  WorkflowResult result(WorkflowStatus status, String summary, int rounds) {
    return new WorkflowResult(workflow, status, summary, steps, List.copyOf(problems.values()), rounds);
  }
}
