package dev.rustagent.core.workflow;

import static dev.rustagent.core.workflow.DiagnosticText.counts;
import static dev.rustagent.core.workflow.DiagnosticText.firstLine;
import static dev.rustagent.core.workflow.DiagnosticText.firstParagraph;
import static dev.rustagent.core.workflow.DiagnosticText.firstSentence;
import static dev.rustagent.core.workflow.DiagnosticText.key;
import static dev.rustagent.core.workflow.DiagnosticText.normal;
import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.AgentStatus;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.PermissionPolicy.Permission;
import dev.rustagent.core.AgentListener.StreamingHandler;
import dev.rustagent.core.ToolCallResult;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowStep;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;
import dev.rustagent.core.workflow.Workflow.WorkflowStatus;

/**
 * Debugs a crate until {@code cargo check} is clean: runs the check, reads the diagnostics, explains
 * the first error ({@code rustc --explain} and the model), asks the model for a fix, shows it as a
 * diff, asks permission, applies it, and checks again — until no error is left or the round cap is
 * reached; then rustc's MachineApplicable suggestions for warnings are proposed too. With
 * {@linkplain Builder#autoFix auto-fix}, MachineApplicable suggestions (for
 * errors and warnings) are applied directly, without the model, when the permission policy allows
 * MODIFY_CODE for the file.
 *
 * <p>Tools are used by name through the agent, behind its permission gate and approver:
 * {@code cargo} with {@code {"subcommand":"check"}} (its result's payload must carry the
 * diagnostics), {@code rustc_explain} with {@code {"code":...}} (optional) and {@code edit_file} with
 * {@code {"path","old_text","new_text"}}. The model is the agent's chat model, asked without tools.
 *
 * <p>Immutable; {@link #run} may be called several times, also concurrently on different workspaces'
 * agents.
 */
public final class DebuggingWorkflow implements Workflow {
  private static final Logger log = LoggerFactory.getLogger(DebuggingWorkflow.class);
  /** The workflow's name in results. */
  public static final String NAME = "debug";
  static final String CHECK_TOOL = "cargo";
  static final String EXPLAIN_TOOL = "rustc_explain";
  static final String EDIT_TOOL = "edit_file";
  static final String READ_TOOL = "read_file";
  private static final int MAX_EXPLANATION_CHARS = 700;
  private static final int MAX_FILE_CHARS = 40_000;

  private final Agent agent;
  private final Agent fixer;
  private final int maxRounds;
  private final boolean autoFix;
  private final boolean trace;

  private DebuggingWorkflow(Builder b) {
    this.agent = b.agent;
    this.fixer = b.agent.toBuilder().tools(ToolRegistry.empty()).maxIterations(2).build();
    this.maxRounds = b.maxRounds;
    this.autoFix = b.autoFix;
    this.trace = b.trace;
  }

  /** Starts building a debugging workflow. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public WorkflowResult run(WorkflowListener listener, CancellationToken cancellation) {
    requireNonNull(listener, "listener");
    requireNonNull(cancellation, "cancellation");
    return Recorder.asHostRun(agent, NAME, "debug the crate until cargo check is clean",
        () -> runRecorded(listener, cancellation));
  }

  private WorkflowResult runRecorded(WorkflowListener listener, CancellationToken cancellation) {
    Recorder rec = new Recorder(NAME, listener);
    Run run = new Run(rec, cancellation);
    try {
      return run.loop();
    } catch (CancellationException e) {
      rec.step(WorkflowStep.Kind.NOTE, "cancelled");
      return rec.result(WorkflowStatus.CANCELLED, "Cancelled after " + run.round + " round(s).", run.round);
    } catch (RuntimeException e) {
      log.warn("debugging workflow failed", e);
      return rec.result(WorkflowStatus.FAILED, "Failed: " + e, run.round);
    }
  }

  /** One run's state. */
  private final class Run {
    private final Recorder rec;
    private final CancellationToken cancellation;
    private final Map<String, String> attempted = new HashMap<>();
    private final Set<String> declined = new java.util.HashSet<>();
    private final Set<String> named = new java.util.HashSet<>();
    private boolean skipNoted;
    private String lastFix;
    private String feedback;
    int round;

    Run(Recorder rec, CancellationToken cancellation) {
      this.rec = rec;
      this.cancellation = cancellation;
    }

    WorkflowResult loop() {
      if (!hasTool(agent, CHECK_TOOL)) {
        return rec.result(WorkflowStatus.FAILED, missing(agent, CHECK_TOOL), 0);
      }
      while (true) {
        cancellation.throwIfCancelled();
        ToolCallResult check = agent.callTool(CHECK_TOOL, Map.of("subcommand", "check"), cancellation);
        if (check.refused()) {
          rec.step(WorkflowStep.Kind.PERMISSION, check.decisionText());
          return rec.result(WorkflowStatus.PERMISSION_DENIED, "cargo check was not allowed to run.", round);
        }
        Optional<String> cargoFailure = check.problems().flatMap(ProblemReport::toolFailure);
        if (cargoFailure.isPresent()) {
          rec.step(WorkflowStep.Kind.CHECK, "cargo check failed without a compiler error to fix");
          return rec.result(WorkflowStatus.FAILED, "cargo check failed; nothing was checked. cargo said:\n"
              + abbreviate(cargoFailure.get().strip(), 2_000), round);
        }
        Optional<ProblemReport> read = check.problems();
        if (read.isEmpty()) {
          rec.step(WorkflowStep.Kind.CHECK, "cargo check could not run: " + check.result().text());
          return rec.result(WorkflowStatus.FAILED, "cargo check gave no diagnostics: "
              + abbreviate(check.result().text(), 300), round);
        }
        List<CompilerDiagnostic> diagnostics = read.get().diagnostics();
        diagnostics.forEach(d -> d.primary().ifPresent(span -> named.add(normal(span.file()))));
        diagnostics.forEach(d -> d.machineApplicable().forEach(r -> named.add(normal(r.span().file()))));
        List<CompilerDiagnostic> errors = read.get().errors();
        List<CompilerDiagnostic> suggested = diagnostics.stream()
            .filter(d -> !d.machineApplicable().isEmpty() && !declined.contains(key(d))).toList();
        List<CompilerDiagnostic> autoFixable = autoFix ? suggested.stream().filter(this::editsAllowed).toList() : List.of();
        if (autoFix && autoFixable.size() < suggested.size() && !skipNoted) {
          skipNoted = true;
          rec.step(WorkflowStep.Kind.NOTE, "auto-fix is limited: the policy does not allow MODIFY_CODE without asking,"
              + " so errors go through the model and every change is asked about");
        }
        List<CompilerDiagnostic> warningFixes = suggested.stream().filter(CompilerDiagnostic::isWarning).toList();
        rec.step(WorkflowStep.Kind.CHECK, "cargo check: " + counts(diagnostics));
        if (trace) {
          rec.step(WorkflowStep.Kind.TRACE, check.result().text());
        }
        track(diagnostics, errors, suggested);
        if (errors.isEmpty() && (warningFixes.isEmpty() || round >= maxRounds)) {
          long warnings = read.get().warnings().size();
          return rec.result(WorkflowStatus.SUCCEEDED, (warnings == 0 ? "cargo check is clean"
              : "cargo check reports no errors (" + warnings + " warning(s) left)")
              + (round == 0 ? "; nothing to fix." : " after " + round + " round(s) of fixes."), round);
        }
        if (round >= maxRounds) {
          return rec.result(WorkflowStatus.UNRESOLVED, "Gave up after " + round + " round(s): "
              + errors.size() + " error(s) left.", round);
        }
        round++;
        if (!autoFixable.isEmpty() && applySuggestions(autoFixable)) {
          continue;
        }
        if (errors.isEmpty()) {
          // only warnings with suggestions are left: propose each, asking when the policy says so
          applySuggestions(warningFixes);
          continue;
        }
        Optional<WorkflowResult> end = fixWithModel(errors.get(0));
        if (end.isPresent()) {
          return end.get();
        }
      }
    }

    private boolean editsAllowed(CompilerDiagnostic d) {
      return d.machineApplicable().stream().allMatch(r -> agent.permissionPolicy()
          .decide(EDIT_TOOL, Set.of(Action.MODIFY_CODE), r.span().file()) == Permission.ALLOW);
    }

    /** Marks problems that went away as fixed and reports new ones. */
    private void track(List<CompilerDiagnostic> all, List<CompilerDiagnostic> errors, List<CompilerDiagnostic> fixable) {
      Set<String> present = new java.util.HashSet<>();
      all.forEach(d -> present.add(key(d)));
      for (String key : rec.openKeys()) {
        if (!present.contains(key)) {
          rec.fixed(key, attempted.getOrDefault(key, lastFix == null ? "no longer reported" : "went away with: " + lastFix));
        }
      }
      Map<String, CompilerDiagnostic> tracked = new LinkedHashMap<>();
      errors.forEach(d -> tracked.putIfAbsent(key(d), d));
      fixable.forEach(d -> tracked.putIfAbsent(key(d), d));
      for (CompilerDiagnostic d : tracked.values()) {
        if (!rec.isOpen(key(d))) {
          rec.met(key(d), d.summary());
          rec.step(WorkflowStep.Kind.DIAGNOSTIC, d.rendered() != null && trace ? d.rendered() : d.summary());
        }
      }
    }

    /**
     * Applies MachineApplicable suggestions through the gate (asking when the policy says ASK);
     * refused ones are not proposed again. Returns whether any was applied.
     */
    private boolean applySuggestions(List<CompilerDiagnostic> fixable) {
      boolean applied = false;
      List<CompilerDiagnostic> ordered = new ArrayList<>(fixable);
      // later positions first, so earlier spans in the same file stay valid
      ordered.sort((a, b) -> Integer.compare(firstLine(b), firstLine(a)));
      for (CompilerDiagnostic d : ordered) {
        cancellation.throwIfCancelled();
        Map<String, List<CompilerDiagnostic.Suggestion>> byFile = new LinkedHashMap<>();
        d.machineApplicable().forEach(r -> byFile.computeIfAbsent(r.span().file(), f -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<CompilerDiagnostic.Suggestion>> e : byFile.entrySet()) {
          String path = e.getKey();
          Optional<String> content = read(path);
          if (content.isEmpty()) {
            declined.add(key(d));
            continue;
          }
          SourceEdit edit;
          try {
            edit = SourceEdit.fromSuggestions(path, content.get(), e.getValue());
          } catch (IllegalArgumentException ex) {
            rec.step(WorkflowStep.Kind.NOTE, "cannot apply the suggestion for " + d.summary() + ": " + ex.getMessage());
            declined.add(key(d));
            continue;
          }
          String what = "applied rustc's suggestion (" + e.getValue().get(0).message() + ")";
          rec.step(WorkflowStep.Kind.PROPOSAL, "rustc's suggestion for " + d.summary() + ":\n" + describe(edit));
          Applied result = apply(d, edit, what);
          if (result == Applied.DONE) {
            applied = true;
          } else {
            declined.add(key(d));
          }
        }
      }
      return applied;
    }

    private Optional<WorkflowResult> fixWithModel(CompilerDiagnostic target) {
      String explanation = explain(target);
      String path = target.primary().map(CompilerDiagnostic.Span::file).orElse(null);
      Optional<String> content = path == null ? Optional.empty() : read(path);
      StringBuilder prompt = new StringBuilder("`cargo check` reports this error:\n\n")
          .append(target.rendered() != null ? target.rendered() : target.summary()).append('\n');
      if (!explanation.isEmpty()) {
        prompt.append("\n`rustc --explain ").append(target.code()).append("` says:\n").append(explanation).append('\n');
      }
      content.ifPresent(c -> prompt.append("\nThe file `").append(path).append("`:\n```rust\n")
          .append(abbreviate(c, MAX_FILE_CHARS)).append("\n```\n"));
      if (feedback != null) {
        prompt.append("\nYour previous proposal could not be used: ").append(feedback).append('\n');
      }
      prompt.append("\nExplain the error and propose the smallest fix.\n").append(FixProposal.FORMAT);
      rec.step(WorkflowStep.Kind.MODEL, "asking the model to explain and fix " + target.summary());
      if (trace) {
        rec.step(WorkflowStep.Kind.TRACE, prompt.toString());
      }
      AgentResult answer = fixer.run(prompt.toString(), StreamingHandler.NONE, cancellation);
      if (answer.status() == AgentStatus.CANCELLED) {
        throw new CancellationException("cancelled while the model was answering");
      }
      if (answer.status() == AgentStatus.FAILED) {
        String why = answer.failureCause().map(Throwable::getMessage).orElse("unknown failure");
        return Optional.of(rec.result(WorkflowStatus.FAILED, "The model failed: " + why, round));
      }
      FixProposal proposal;
      try {
        proposal = FixProposal.parse(answer.answer());
      } catch (IllegalArgumentException e) {
        feedback = e.getMessage() + ". " + FixProposal.FORMAT;
        rec.step(WorkflowStep.Kind.NOTE, "the model's answer could not be used: " + e.getMessage());
        return Optional.empty();
      }
      rec.step(WorkflowStep.Kind.EXPLANATION, "model: " + proposal.explanation());
      SourceEdit edit = proposal.edit();
      if (!inScope(edit.path(), target)) {
        return Optional.of(rec.result(WorkflowStatus.PERMISSION_DENIED, "The fix for " + target.summary()
            + " edits " + edit.path() + ", which no diagnostic names, and was not approved.", round));
      }
      Optional<String> current = read(edit.path());
      if (current.isEmpty()) {
        feedback = "the file '" + edit.path() + "' cannot be read";
        return Optional.empty();
      }
      int at = current.get().indexOf(edit.oldText());
      if (at < 0 || at != current.get().lastIndexOf(edit.oldText())) {
        feedback = "old_text must occur exactly once in " + edit.path() + (at < 0 ? "; it does not occur" : "; it occurs more than once");
        rec.step(WorkflowStep.Kind.NOTE, "the model's fix could not be used: " + feedback);
        return Optional.empty();
      }
      if (edit.oldText().equals(edit.newText())) {
        feedback = "old_text and new_text are the same; that changes nothing";
        rec.step(WorkflowStep.Kind.NOTE, "the model's fix could not be used: " + feedback);
        return Optional.empty();
      }
      feedback = null;
      rec.step(WorkflowStep.Kind.PROPOSAL, describe(edit));
      Applied applied = apply(target, edit, "model's fix: " + firstSentence(proposal.explanation()));
      if (applied == Applied.REFUSED) {
        return Optional.of(rec.result(WorkflowStatus.PERMISSION_DENIED, "The fix for " + target.summary()
            + " was not allowed.", round));
      }
      return Optional.empty();
    }

    private enum Applied { DONE, FAILED, REFUSED }

    private Applied apply(CompilerDiagnostic target, SourceEdit edit, String what) {
      if (!hasTool(agent, EDIT_TOOL)) {
        throw new IllegalStateException("the agent has no '" + EDIT_TOOL + "' tool to apply fixes with");
      }
      ToolCallResult outcome = agent.callTool(EDIT_TOOL, edit.toArguments(), cancellation);
      rec.step(WorkflowStep.Kind.PERMISSION, outcome.decisionText());
      if (outcome.refused()) {
        return Applied.REFUSED;
      }
      if (outcome.result().isError()) {
        feedback = "applying the edit failed: " + outcome.result().text();
        rec.step(WorkflowStep.Kind.NOTE, feedback);
        return Applied.FAILED;
      }
      rec.step(WorkflowStep.Kind.APPLY, "edited " + edit.path() + ": " + what);
      attempted.put(key(target), what);
      lastFix = what;
      return Applied.DONE;
    }

    private String explain(CompilerDiagnostic target) {
      if (target.code() == null || !target.code().matches("E\\d{4}") || !hasTool(agent, EXPLAIN_TOOL)) {
        return "";
      }
      ToolCallResult outcome = agent.callTool(EXPLAIN_TOOL, Map.of("code", target.code()), cancellation);
      if (outcome.refused() || outcome.result().isError()) {
        rec.step(WorkflowStep.Kind.NOTE, "rustc --explain " + target.code() + " gave nothing: " + outcome.result().text());
        return "";
      }
      String text = outcome.result().text().strip();
      String shown = trace ? text : firstParagraph(text);
      rec.step(WorkflowStep.Kind.EXPLANATION, "rustc --explain " + target.code() + ": " + shown);
      return abbreviate(text, 4 * MAX_EXPLANATION_CHARS);
    }

    /** Reads a workspace file through the agent's {@code read_file} tool: its path guard and gate. */
    private Optional<String> read(String path) {
      ToolCallResult outcome = agent.callTool(READ_TOOL, Map.of("path", path), cancellation);
      if (outcome.refused() || outcome.result().isError() || !(outcome.result().payload() instanceof String text)) {
        rec.step(WorkflowStep.Kind.NOTE, "cannot read " + path + ": " + abbreviate(outcome.result().text(), 300));
        return Optional.empty();
      }
      return Optional.of(text);
    }

    /**
     * Whether the model's fix may edit {@code path}: a file the diagnostics name, or another one a
     * human approved after being told so.
     */
    private boolean inScope(String path, CompilerDiagnostic target) {
      if (named.contains(normal(path))) {
        return true;
      }
      String risk = "the fix for " + target.summary() + " edits " + path + ", a file no compiler diagnostic names";
      rec.step(WorkflowStep.Kind.PERMISSION, risk);
      boolean approved = agent.approver().map(a -> {
        try {
          return a.approve(new ApprovalRequest(EDIT_TOOL, Set.of(Action.MODIFY_CODE), ToolArguments.empty(),
              risk, List.of(risk)));
        } catch (RuntimeException e) {
          log.warn("approver failed; treating it as a refusal", e);
          return false;
        }
      }).orElse(false);
      rec.step(WorkflowStep.Kind.PERMISSION, approved ? "approved" : "refused: fixes stay in the files the diagnostics name");
      return approved;
    }
  }

  /**
   * Why a tool the workflow needs is not there: cargo missing on this machine is said as such, not
   * as advice about registering tools.
   */
  static String missing(Agent agent, String tool) {
    return agent.unavailableReason(tool).map(reason -> "The '" + tool + "' tool cannot run: " + reason + ".")
        .orElse("The agent has no '" + tool + "' tool; register the built-in tools.");
  }

  /**
   * The edit as the edit tool describes it to a human (a unified diff for the built-in tool); the
   * workflow shows the very text an approver would see.
   */
  private String describe(SourceEdit edit) {
    return agent.tools().stream().filter(t -> t.name().equals(EDIT_TOOL)).findFirst()
        .map(tool -> tool.describe(edit.toArguments(), ToolContext.builder(agent.workspace()).build()))
        .orElseGet(() -> "edit " + edit.path() + ":\n-" + edit.oldText() + "\n+" + edit.newText());
  }

  /** Whether the agent offers a tool of that name. */
  static boolean hasTool(Agent agent, String tool) {
    return agent.tools().stream().map(Tool::name).anyMatch(tool::equals);
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  /** Builds a {@link DebuggingWorkflow}; every setter checks its argument at once. */
  public static final class Builder {
    private Agent agent;
    private int maxRounds = 5;
    private boolean autoFix;
    private boolean trace;

    private Builder() {}

    /** The agent whose tools, permission gate, approver and model are used (required). */
    public Builder agent(Agent agent) {
      this.agent = requireNonNull(agent, "agent");
      return this;
    }

    /** The most rounds of fixes before giving up; 1 to 50, default 5. */
    public Builder maxRounds(int maxRounds) {
      if (maxRounds < 1 || maxRounds > 50) {
        throw new IllegalArgumentException("max rounds must be between 1 and 50: " + maxRounds);
      }
      this.maxRounds = maxRounds;
      return this;
    }

    /** Whether MachineApplicable suggestions are applied without the model when the policy allows edits. */
    public Builder autoFix(boolean autoFix) {
      this.autoFix = autoFix;
      return this;
    }

    /** Whether steps carry full compiler output, explanations and prompts. */
    public Builder trace(boolean trace) {
      this.trace = trace;
      return this;
    }

    /**
     * Builds the workflow.
     *
     * @throws IllegalStateException when no agent was set
     */
    public DebuggingWorkflow build() {
      if (agent == null) {
        throw new IllegalStateException("an agent is required: call agent(...)");
      }
      return new DebuggingWorkflow(this);
    }
  }
}
