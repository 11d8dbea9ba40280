package dev.rustagent.core.workflow;

import org.jspecify.annotations.Nullable;
import static java.util.Objects.requireNonNull;

import dev.rustagent.core.Agent;
import dev.rustagent.tools.ToolContext.CancellationToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import dev.rustagent.core.workflow.Workflow.WorkflowResult;
import dev.rustagent.core.workflow.Workflow.WorkflowListener;

/**
 * Writes code from a description, then optionally tests and documentation. Each stage is done by the
 * agent with its tools (every change behind the permission gate) and checked with cargo
 * ({@code check} for code and docs, {@code test} for tests); failures are fed back to the agent until
 * the check passes or the round cap is reached. Immutable.
 */
public final class CodeGenerationWorkflow implements Workflow {
  /** The workflow's name in results. */
  public static final String NAME = "generate";

  /** The prompt of {@link #documentation}; {@code ${kind}} and {@code ${item}} are filled in. */
  static final String DOCUMENT_TEMPLATE = "Write rustdoc documentation (/// and //! comments with examples) for the"
      + " ${kind} `${item}`. Change only comments.";
  /** The prompt of {@link #tests}; {@code ${kind}}, {@code ${target}} and {@code ${placement}} are filled in. */
  static final String TESTS_TEMPLATE = "Write ${kind} tests for ${target}${placement}";
  private static final Map<String, String> TEST_PLACEMENT = Map.of(
      "unit", "", "integration", " under tests/", "bench", " as benchmarks under benches/");

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

  /**
   * A workflow writing rustdoc documentation (with examples) for one item, changing only comments.
   *
   * @param kind {@code fn}, {@code module} or {@code crate}
   * @param item the item's name or path
   * @throws IllegalArgumentException when the kind is unknown or the item blank
   */
  public static CodeGenerationWorkflow documentation(Agent agent, String kind, String item) {
    requireNonNull(kind, "kind");
    requireNonNull(item, "item");
    if (!List.of("fn", "module", "crate").contains(kind)) {
      throw new IllegalArgumentException("kind must be fn, module or crate: " + kind);
    }
    if (item.isBlank()) {
      throw new IllegalArgumentException("item must not be blank");
    }
    return builder().agent(agent).spec(fill(DOCUMENT_TEMPLATE, Map.of("kind", kind, "item", item))).build();
  }

  /**
   * A workflow writing tests and checking them: {@code unit} and {@code integration} tests are checked
   * with {@code cargo test}, {@code bench}marks (under {@code benches/}) with {@code cargo check}.
   *
   * @param kind {@code unit}, {@code integration} or {@code bench}
   * @param target what to test, or {@code null} for the whole crate
   * @throws IllegalArgumentException when the kind is unknown
   */
  public static CodeGenerationWorkflow tests(Agent agent, String kind, @Nullable String target) {
    requireNonNull(kind, "kind");
    String placement = TEST_PLACEMENT.get(kind);
    if (placement == null) {
      throw new IllegalArgumentException("kind must be unit, integration or bench: " + kind);
    }
    String spec = fill(TESTS_TEMPLATE, Map.of("kind", kind,
        "target", target == null ? "the crate" : "`" + target + "`", "placement", placement));
    return builder().agent(agent).spec(spec).checkWith(kind.equals("bench") ? "check" : "test").build();
  }

  /** Fills {@code ${name}} placeholders; values are taken literally (a {@code ${x}} in one stays as typed). */
  static String fill(String template, Map<String, String> values) {
    StringSubstitutor substitutor = new StringSubstitutor(values);
    substitutor.setDisableSubstitutionInValues(true);
    return substitutor.replace(template);
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
