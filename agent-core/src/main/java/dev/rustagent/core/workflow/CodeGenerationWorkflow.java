package dev.rustagent.core.workflow;

import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.tools.CancellationToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes code from a description, then optionally tests and documentation. Each stage is done by the
 * agent with its tools (every change behind the permission gate) and checked with cargo
 * ({@code check} for code and docs, {@code test} for tests); failures are fed back to the agent until
 * the check passes or the round cap is reached. Immutable.
 */
public final class CodeGenerationWorkflow implements Workflow {
  /** The workflow's name in results. */
  public static final String NAME = "generate";

  private final Agent agent;
  private final String spec;
  private final String outputFile;
  private final boolean tests;
  private final boolean docs;
  private final String checkWith;
  private final int maxRounds;

  private CodeGenerationWorkflow(Builder b) {
    this.agent = b.agent;
    this.spec = b.spec;
    this.outputFile = b.outputFile;
    this.tests = b.tests;
    this.docs = b.docs;
    this.checkWith = b.checkWith;
    this.maxRounds = b.maxRounds;
  }

  /** Starts building. */
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
    String where = outputFile == null ? "" : " Put the code in `" + outputFile + "`.";
    List<CheckedTask.Stage> stages = new ArrayList<>();
    stages.add(new CheckedTask.Stage("code", spec + where
        + " Write the files with your tools; keep the crate compiling.", checkWith));
    if (tests) {
      stages.add(new CheckedTask.Stage("tests", "Write unit tests for the code you just wrote for: " + spec
          + where + " Put them in a #[cfg(test)] module.", "test"));
    }
    if (docs) {
      stages.add(new CheckedTask.Stage("docs", "Write rustdoc comments (///) for the public items of the code for: "
          + spec + where, "check"));
    }
    return CheckedTask.run(agent, NAME, stages, maxRounds, listener, cancellation);
  }

  /** Builds a {@link CodeGenerationWorkflow}; every setter checks its argument at once. */
  public static final class Builder {
    private Agent agent;
    private String spec;
    private String outputFile;
    private boolean tests;
    private boolean docs;
    private String checkWith = "check";
    private int maxRounds = 3;

    private Builder() {}

    /** The agent doing the work (required). */
    public Builder agent(Agent agent) {
      this.agent = requireNonNull(agent, "agent");
      return this;
    }

    /** What to write (required, not blank). */
    public Builder spec(String spec) {
      requireNonNull(spec, "spec");
      if (spec.isBlank()) {
        throw new IllegalArgumentException("spec must not be blank");
      }
      this.spec = spec.strip();
      return this;
    }

    /** The file to write the code to, relative to the workspace. */
    public Builder outputFile(String outputFile) {
      requireNonNull(outputFile, "outputFile");
      if (outputFile.isBlank() || outputFile.startsWith("/") || outputFile.contains("..")) {
        throw new IllegalArgumentException("output file must be a relative path inside the workspace: " + outputFile);
      }
      this.outputFile = outputFile;
      return this;
    }

    /** Whether tests are written and run after the code. */
    public Builder tests(boolean tests) {
      this.tests = tests;
      return this;
    }

    /** Whether documentation is written after the code. */
    public Builder docs(boolean docs) {
      this.docs = docs;
      return this;
    }

    /** The cargo subcommand checking the first stage: {@code check} (default), {@code test}, {@code build}, {@code clippy}. */
    public Builder checkWith(String subcommand) {
      requireNonNull(subcommand, "subcommand");
      if (!List.of("check", "test", "build", "clippy").contains(subcommand)) {
        throw new IllegalArgumentException("check with one of check, test, build, clippy: " + subcommand);
      }
      this.checkWith = subcommand;
      return this;
    }

    /** Rounds per stage before giving up; 1 to 20, default 3. */
    public Builder maxRounds(int maxRounds) {
      if (maxRounds < 1 || maxRounds > 20) {
        throw new IllegalArgumentException("max rounds must be between 1 and 20: " + maxRounds);
      }
      this.maxRounds = maxRounds;
      return this;
    }

    /**
     * Builds the workflow.
     *
     * @throws IllegalStateException when the agent or the spec is missing
     */
    public CodeGenerationWorkflow build() {
      if (agent == null || spec == null) {
        throw new IllegalStateException("an agent and a spec are required");
      }
      return new CodeGenerationWorkflow(this);
    }
  }
}
