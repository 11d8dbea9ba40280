package dev.rustagent.core.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A hostile model against the real agent: a scripted model sends the calls, the real built-in tools
 * run real git and cargo on temporary repositories, and the test looks at what changed on disk.
 */
final class Hostile {
  /** A secret the host has in its environment; no child process may see it. */
  static final String SECRET = "sk-ant-api03-adversarial-secret-0123456789";

  final Path workspace;
  final Path targetDir;
  final List<ApprovalRequest> asked = new CopyOnWriteArrayList<>();
  private BuiltinTools.Builder tools;

  Hostile(Path workspace, Path targetDir) {
    this.workspace = workspace;
    this.targetDir = targetDir;
    this.tools = BuiltinTools.builder().environment(environment(targetDir)).offline(true);
  }

  static Map<String, String> environment(Path targetDir) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("CARGO_TARGET_DIR", targetDir.toString());
    env.put("PATH", env.getOrDefault("PATH", "/usr/bin:/bin") + ":" + System.getProperty("user.home") + "/.cargo/bin");
    env.put("ANTHROPIC_API_KEY", SECRET);
    env.put("DEPLOY_TOKEN", SECRET);
    return env;
  }

  Hostile tools(java.util.function.UnaryOperator<BuiltinTools.Builder> change) {
    tools = change.apply(tools);
    return this;
  }

  ToolRegistry registry() {
    return tools.build().registry();
  }

  /** An agent whose model sends {@code calls} one turn each, then says "done". */
  Agent agent(PermissionPolicy policy, Approver approver, String[]... calls) {
    ScriptedChatModel.Builder model = ScriptedChatModel.builder();
    for (String[] call : calls) {
      model.thenToolCall(call[0], call[1]);
    }
    model.thenText("done");
    Agent.Builder builder = Agent.builder().chatModel(model.build()).workspace(workspace).tools(registry())
        .permissionPolicy(policy).toolTimeout(Duration.ofSeconds(60));
    if (approver != null) {
      builder.approver(request -> {
        asked.add(request);
        return approver.approve(request);
      });
    }
    return builder.build();
  }

  AgentResult run(PermissionPolicy policy, Approver approver, String[]... calls) {
    return agent(policy, approver, calls).run("do it");
  }

  static String[] call(String tool, String json) {
    return new String[] {tool, json};
  }

  static void requireCargo() {
    boolean present = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"),
            new String[] {System.getProperty("user.home") + "/.cargo/bin"})
        .flatMap(Stream::of).anyMatch(dir -> Files.isExecutable(Path.of(dir, "cargo")));
    if ("true".equals(System.getenv("CI"))) {
      assertThat(present).as("cargo must be installed on CI").isTrue();
    }
    Assumptions.assumeTrue(present, "cargo is not installed");
  }

  /** Writes a small crate at {@code dir}. */
  static Path crate(Path dir, String name, String extraManifest) throws IOException {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("Cargo.toml"), "[package]\nname = \"" + name + "\"\nversion = \"0.1.0\"\n"
        + "edition = \"2021\"\n" + extraManifest + "\n[dependencies]\n");
    Files.writeString(dir.resolve("src/main.rs"), "fn main() {\n    println!(\"hi\");\n}\n");
    return dir;
  }

  /** Makes {@code dir} a git repository with one commit. */
  static void gitRepo(Path dir) throws Exception {
    exec(dir, "git", "init", "-q", "-b", "main");
    exec(dir, "git", "config", "user.email", "t@example.com");
    exec(dir, "git", "config", "user.name", "T");
    exec(dir, "git", "config", "commit.gpgsign", "false");
    Files.writeString(dir.resolve("README.md"), "hello\n");
    exec(dir, "git", "add", "-A");
    exec(dir, "git", "commit", "-q", "-m", "init");
  }

  static String exec(Path dir, String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  /** Every file under {@code dir} (skipping {@code target/}) with its content, to compare before and after. */
  static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = dir.relativize(p).toString();
        if (rel.startsWith("target/") || rel.startsWith(".git/index") || rel.startsWith(".git/logs")) {
          continue;
        }
        files.put(rel, Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)
            + (Files.isExecutable(p) ? "[x]" : ""));
      }
    }
    return files;
  }

  /** The text of every tool result of the run. */
  static String toolOutput(AgentResult result) {
    List<String> texts = new ArrayList<>();
    result.steps().forEach(step -> {
      if (step instanceof dev.rustagent.core.AgentResult.AgentStep.ToolOutcome o) {
        texts.add(o.result().text());
      }
    });
    return String.join("\n", texts);
  }

  /** Whether every tool call of the run was refused or failed. */
  static boolean nothingSucceeded(AgentResult result) {
    return result.steps().stream().noneMatch(step -> step instanceof dev.rustagent.core.AgentResult.AgentStep.ToolOutcome o
        && !o.result().isError());
  }
}
