package dev.rustagent.tools.builtin;

import static java.util.Objects.requireNonNull;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.spi.internal.Programs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.rustagent.tools.spi.internal.CommandGlob;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The built-in tools and their configuration: where the programs are, the shell policy, the
 * crates.io endpoint, the cargo home and the documentation directory. Hosts and tests configure one
 * with {@link #builder()}; {@link BuiltinToolProvider} uses {@link #defaults()}. Immutable; the tools
 * it creates are thread-safe.
 */
public final class BuiltinTools {
  /** The crates.io address used unless another is configured. */
  public static final URI CRATES_IO = URI.create("https://crates.io");

  final String cargo;
  final String rustc;
  final String git;
  final String gh;
  final List<String> languageServer;
  final String languageId;
  final ShellPolicy shellPolicy;
  final URI crateSearchBaseUrl;
  final String userAgent;
  final Path cargoHome;
  final Path docsRoot;
  final boolean offline;
  final Map<String, String> environment;
  final Set<String> allowedCredentials;
  final Duration languageServerSettle;
  final Duration languageServerIdle;

  private BuiltinTools(Builder builder) {
    this.cargo = builder.cargo;
    this.rustc = builder.rustc;
    this.git = builder.git;
    this.gh = builder.gh;
    this.languageServer = builder.languageServer;
    this.languageId = builder.languageId;
    this.shellPolicy = builder.shellPolicy;
    this.crateSearchBaseUrl = builder.crateSearchBaseUrl;
    this.userAgent = builder.userAgent;
    this.cargoHome = builder.cargoHome;
    this.docsRoot = builder.docsRoot;
    this.offline = builder.offline;
    this.environment = builder.environment;
    this.allowedCredentials = Set.copyOf(builder.allowedCredentials);
    this.languageServerSettle = builder.languageServerSettle;
    this.languageServerIdle = builder.languageServerIdle;
  }

  /** The tools with programs found on the {@code PATH} (and {@code ~/.cargo/bin}) and default settings. */
  public static BuiltinTools defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every built-in tool, in a stable order. */
  public List<Tool> tools() {
    return List.of(
        new CargoTool(this),
        new ClippyTool(this),
        new RustcExplainTool(this),
        new RustAnalyzerTool(this),
        new GitTool(this),
        new GhTool(this),
        new ShellTool(this),
        new ReadFileTool(),
        new WriteFileTool(),
        new EditFileTool(),
        new ApplyPatchTool(),
        new ListFilesTool(),
        new GrepTool(),
        new DocsSearchTool(this),
        new CrateSearchTool(this));
  }

  /** A registry holding {@link #tools()}. */
  public ToolRegistry registry() {
    return ToolRegistry.of(tools().toArray(Tool[]::new));
  }

  /**
   * The environment the tools' processes start from; every process gets it without credential-like
   * variables, except those named in {@link Builder#allowCredentials(String...)}.
   */
  public Map<String, String> environment() {
    return environment;
  }

  /** Builds {@link BuiltinTools}; every setter checks its argument at once. */
  public static final class Builder {
    private String cargo = "cargo";
    private String rustc = "rustc";
    private String git = "git";
    private String gh = "gh";
    private List<String> languageServer = List.of("rust-analyzer");
    private String languageId = "rust";
    private ShellPolicy shellPolicy = ShellPolicy.defaults();
    private URI crateSearchBaseUrl = CRATES_IO;
    private String userAgent = "rust-agent-sdk/0.1 (Java; https://github.com/rustagent/rust-agent-sdk)";
    private Path cargoHome = defaultCargoHome();
    private Path docsRoot;
    private boolean offline;
    private Map<String, String> environment = Programs.environmentWithCargoBin();
    private final Set<String> allowedCredentials = new HashSet<>();
    private Duration languageServerSettle = Duration.ofSeconds(2);
    private Duration languageServerIdle = Duration.ofMinutes(5);

    private Builder() {}

    /** The cargo program: a name looked up on the PATH, or a path. */
    public Builder cargo(String program) {
      this.cargo = requireProgram(program, "cargo");
      return this;
    }

    /** The rustc program. */
    public Builder rustc(String program) {
      this.rustc = requireProgram(program, "rustc");
      return this;
    }

    /** The git program. */
    public Builder git(String program) {
      this.git = requireProgram(program, "git");
      return this;
    }

    /** The GitHub CLI program. */
    public Builder gh(String program) {
      this.gh = requireProgram(program, "gh");
      return this;
    }

    /**
     * The language server started by the {@code rust_analyzer} tool, speaking LSP over stdio, and the
     * language id of the documents it is sent; {@code rust-analyzer} and {@code rust} by default.
     */
    public Builder languageServer(List<String> command, String languageId) {
      requireNonNull(command, "command");
      requireNonNull(languageId, "languageId");
      if (command.isEmpty()) {
        throw new IllegalArgumentException("the language server command must name a program");
      }
      command.forEach(part -> requireNonNull(part, "command part"));
      this.languageServer = List.copyOf(command);
      this.languageId = languageId;
      return this;
    }

    /** How long the language server is given to publish more diagnostics after its first report. */
    public Builder languageServerSettle(Duration settle) {
      requireNonNull(settle, "settle");
      if (settle.isNegative()) {
        throw new IllegalArgumentException("settle time must not be negative");
      }
      this.languageServerSettle = settle;
      return this;
    }

    /**
     * How long an idle language server is kept running for the next call on the same workspace (it
     * keeps its index, which rust-analyzer takes long to build); zero stops it after every call.
     */
    public Builder languageServerIdle(Duration idle) {
      requireNonNull(idle, "idle");
      if (idle.isNegative()) {
        throw new IllegalArgumentException("idle time must not be negative");
      }
      this.languageServerIdle = idle;
      return this;
    }

    /** The policy of the {@code shell} tool. */
    public Builder shellPolicy(ShellPolicy policy) {
      this.shellPolicy = requireNonNull(policy, "policy");
      return this;
    }

    /** The base address of the crates.io API ({@code https://crates.io}); a loopback server in tests. */
    public Builder crateSearchBaseUrl(URI baseUrl) {
      requireNonNull(baseUrl, "baseUrl");
      if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
        throw new IllegalArgumentException("crate search base URL must be http or https: " + baseUrl);
      }
      this.crateSearchBaseUrl = baseUrl;
      return this;
    }

    /** The User-Agent sent to crates.io, which asks every client to identify itself. */
    public Builder userAgent(String userAgent) {
      requireNonNull(userAgent, "userAgent");
      if (userAgent.isBlank()) {
        throw new IllegalArgumentException("userAgent must not be blank");
      }
      this.userAgent = userAgent;
      return this;
    }

    /** Cargo's home directory, whose registry cache is searched when crates.io cannot be reached. */
    public Builder cargoHome(Path cargoHome) {
      this.cargoHome = requireNonNull(cargoHome, "cargoHome");
      return this;
    }

    /** The Rust HTML documentation directory; by default {@code $(rustc --print sysroot)/share/doc/rust/html}. */
    public Builder docsRoot(Path docsRoot) {
      this.docsRoot = requireNonNull(docsRoot, "docsRoot");
      return this;
    }

    /** Whether cargo runs with {@code --offline} (no network). */
    public Builder offline(boolean offline) {
      this.offline = offline;
      return this;
    }

    /** The environment of the processes the tools start, replacing this JVM's. */
    public Builder environment(Map<String, String> environment) {
      requireNonNull(environment, "environment");
      this.environment = Map.copyOf(environment);
      return this;
    }

    /**
     * Names of credential-like variables of {@link #environment(Map)} that the tools' processes may see
     * (for example {@code GH_TOKEN} for the {@code gh} tool). Every other variable whose name looks like
     * a credential (KEY, TOKEN, SECRET, PASSWORD, ...) is removed before any program starts.
     */
    public Builder allowCredentials(String... names) {
      requireNonNull(names, "names");
      for (String name : names) {
        requireNonNull(name, "name");
        if (name.isBlank()) {
          throw new IllegalArgumentException("a variable name must not be blank");
        }
        allowedCredentials.add(name);
      }
      return this;
    }

    /** Builds the immutable configuration. */
    public BuiltinTools build() {
      return new BuiltinTools(this);
    }

    private static String requireProgram(String program, String name) {
      requireNonNull(program, name);
      if (program.isBlank()) {
        throw new IllegalArgumentException(name + " program must not be blank");
      }
      return program;
    }

    private static Path defaultCargoHome() {
      String home = System.getenv("CARGO_HOME");
      return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".cargo");
    }
  }

  /**
   * Which command lines the {@code shell} tool may run. A pattern is the command glob of the permission
   * rules ({@code CommandGlob}) over the command that will actually run (wrappers such as {@code env},
   * {@code timeout} or {@code sh -c} peeled off, the arguments joined by single spaces): {@code *}
   * matches any text, {@code prefix:*} the prefix and what follows a space, and the first word names a
   * program resolved on the {@code PATH}, so {@code cargo *} allows every cargo command and never a
   * workspace script called {@code cargo}. A command must match an allow pattern and no deny pattern;
   * deny patterns are also checked against each part of a command line joined with {@code ;},
   * {@code &&}, {@code ||} or {@code |}. Line mode (a shell command string run with {@code sh -c}) is
   * off unless {@link Builder#allowCommandLine(boolean)} turns it on. Immutable.
   *
   * <p>Deny patterns are a convenience, not a boundary: a program can be reached in more ways than any
   * list names ({@code find -delete}, an interpreter). The default policy has none; what protects the
   * machine is the permission gate, which asks about every shell call (RUN_COMMAND) unless the host's
   * policy allows it.
   */
  public static final class ShellPolicy {
    private final List<String> allow;
    private final List<String> deny;
    private final List<CommandGlob> allowPatterns;
    private final List<CommandGlob> denyPatterns;
    private final boolean allowCommandLine;

    private ShellPolicy(Builder builder) {
      this.allow = List.copyOf(builder.allow);
      this.deny = List.copyOf(builder.deny);
      this.allowPatterns = allow.stream().map(CommandGlob::compile).toList();
      this.denyPatterns = deny.stream().map(CommandGlob::compile).toList();
      this.allowCommandLine = builder.allowCommandLine;
    }

    /**
     * Every program allowed, no line mode; whether a call runs is the permission gate's decision
     * (RUN_COMMAND, asked about by default).
     */
    public static ShellPolicy defaults() {
      return builder().allow("*").build();
    }

    /** An empty policy to fill: with no allow pattern nothing runs. */
    public static Builder builder() {
      return new Builder();
    }

    /** The allow patterns. */
    public List<String> allowPatterns() {
      return allow;
    }

    /** The deny patterns. */
    public List<String> denyPatterns() {
      return deny;
    }

    /** Whether {@code command} strings run through {@code sh -c} are allowed. */
    public boolean allowsCommandLine() {
      return allowCommandLine;
    }

    /** Why the command line is refused, or empty when it may run. */
    public Optional<String> refusal(String commandLine) {
      List<String> parts = new ArrayList<>();
      parts.add(commandLine.strip());
      for (String part : commandLine.split(";|&&|\\|\\||\\||\\n|`|\\$\\(")) {
        if (!part.isBlank()) {
          parts.add(part.strip());
        }
      }
      for (String part : parts) {
        for (int i = 0; i < denyPatterns.size(); i++) {
          if (denyPatterns.get(i).matches(part)) {
            return Optional.of("command '" + commandLine + "' is denied by the shell policy (pattern '"
                + deny.get(i) + "')");
          }
        }
      }
      for (CommandGlob pattern : allowPatterns) {
        if (pattern.matches(commandLine.strip())) {
          return Optional.empty();
        }
      }
      return Optional.of("command '" + commandLine + "' matches none of the allowed patterns " + allow);
    }

    /** Builds a {@link ShellPolicy}. */
    public static final class Builder {
      private final List<String> allow = new ArrayList<>();
      private final List<String> deny = new ArrayList<>();
      private boolean allowCommandLine;

      private Builder() {}

      /** Adds allow patterns. */
      public Builder allow(String... patterns) {
        requireNonNull(patterns, "patterns");
        for (String pattern : patterns) {
          allow.add(requirePattern(pattern));
        }
        return this;
      }

      /** Adds deny patterns; they win over allow patterns. */
      public Builder deny(String... patterns) {
        requireNonNull(patterns, "patterns");
        for (String pattern : patterns) {
          deny.add(requirePattern(pattern));
        }
        return this;
      }

      /** Whether the model may send a {@code command} string, run with {@code sh -c}. */
      public Builder allowCommandLine(boolean allowed) {
        this.allowCommandLine = allowed;
        return this;
      }

      /** Builds the immutable policy. */
      public ShellPolicy build() {
        return new ShellPolicy(this);
      }

      private static String requirePattern(String pattern) {
        requireNonNull(pattern, "pattern");
        if (pattern.isBlank()) {
          throw new IllegalArgumentException("a shell pattern must not be blank");
        }
        return pattern;
      }
    }
  }
}
