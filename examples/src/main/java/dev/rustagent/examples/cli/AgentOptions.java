package dev.rustagent.examples.cli;

import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.AgentConfig.AgentConfigException;
import dev.rustagent.core.Approver;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every agent command ({@code run}, {@code debug}, {@code chat}) shares: the model
 * ({@link ModelOptions}), the workspace, how permission questions are answered, and the memory.
 */
final class AgentOptions {

  @Mixin
  ModelOptions model = new ModelOptions();

  @Option(names = "--workspace", paramLabel = "DIR", description = "The Rust workspace (default: the current directory).")
  Path workspace;

  /** How permission questions are answered ({@code --approve}). */
  enum Approval {
    /** Prompt on the terminal (the server: ask the connected client). */
    ASK,
    /** Approve every call that needs approval (protected calls still need a human's yes). */
    ALL,
    /** Refuse every call that needs approval. */
    NONE;

    /** The name as typed on the command line and shown in help and completion. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Option(names = "--approve", paramLabel = "MODE", defaultValue = "ask",
      description = "ask: prompt on the terminal; all: approve every call; none: refuse what needs approval"
          + " (${COMPLETION-CANDIDATES}). Default: ${DEFAULT-VALUE}.")
  Approval approve;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where the agent's memory lives (default: $RUST_AGENT_DATA, now ${env:RUST_AGENT_DATA:-not set};"
          + " else ~/.rust-agent). --demo never uses it.")
  Path dataDir;

  @Option(names = "--data-url", paramLabel = "JDBC_URL",
      description = "Keep the memory in a PostgreSQL database shared by many agents (jdbc:postgresql://host/db?user=...;"
          + " default: $RUST_AGENT_DATA_URL); overrides --data-dir.")
  String dataUrl;

  @Option(names = "--no-memory", description = "Neither recall past runs nor record this one.")
  boolean noMemory;

  @Option(names = "--no-embeddings", description = "Recall past runs by keywords only, without the in-process"
      + " embedding model (also: " + MemoryOpener.EMBEDDINGS_VARIABLE + "=false, now ${env:"
      + MemoryOpener.EMBEDDINGS_VARIABLE + ":-not set}, or [memory] embeddings = false).")
  boolean noEmbeddings;

  @Option(names = "--otel", description = "Send OpenTelemetry traces and metrics of the run, configured by the OTEL_*"
      + " environment (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER=logging, ...).")
  boolean otel;

  @Option(names = "--no-art", description = "Do not record this run as a trajectory, even when `art init` set ART up.")
  boolean noArt;

  boolean demo() {
    return model.demo;
  }

  /** The memory's data directory, resolved as {@code memory} does. */
  Path dataDir() {
    return MemoryCommand.dataDir(dataDir);
  }

  /** The agent's configuration (file, environment); a bad one is a usage error. */
  AgentConfig config(CommandSpec spec) {
    try {
      return model.config();
    } catch (AgentConfigException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The model's configuration (file, environment, flags); a bad one is a usage error. */
  dev.rustagent.llm.claude.LlmConfig llm(CommandSpec spec) {
    try {
      return model.llm();
    } catch (AgentConfigException | IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * The MCP servers of the {@code [mcp]} table of {@code --config}, not started yet; none without a
   * config file. A bad table is a usage error.
   */
  dev.rustagent.mcp.McpTools mcpServers(CommandSpec spec) {
    if (model.configFile == null) {
      return null;
    }
    try {
      return dev.rustagent.mcp.McpTools.builder().config(model.configFile).build();
    } catch (dev.rustagent.mcp.McpServerConfig.McpConfigException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** {@code --workspace}, else the current directory; a usage error unless it is a directory. */
  Path workspace(CommandSpec spec) {
    Path root = workspace == null ? Path.of("").toAbsolutePath() : workspace;
    if (!Files.isDirectory(root)) {
      throw new ParameterException(spec.commandLine(), "--workspace is not a directory: " + root);
    }
    return root;
  }

  /** True when {@code --approve} answers for the user (all or none) instead of asking. */
  boolean answersForUser() {
    return approve != Approval.ASK;
  }

  /**
   * The approver {@code --approve} asks for: questions on {@code in}/{@code out}, approve all, or
   * refuse all (picocli already refused any other value as a usage error).
   */
  Approver approver(CommandSpec spec, BufferedReader in, PrintWriter out) {
    return switch (approve) {
      case ASK -> new TerminalApprover(in, out);
      case ALL -> Approver.approveAll();
      case NONE -> Approver.denyAll();
    };
  }
}
