package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code rust-agent} as a child JVM on the test class path, with an environment of the test's
 * choosing and standard error on a pipe (not a terminal), the way a script or CI runs it.
 */
final class CliProcess {

  /** What the child printed and its exit code. */
  record Result(int code, String out, String err) {}

  private CliProcess() {}

  /**
   * @param environment variables set (a null value removes the variable)
   * @param jvmOptions options for the JVM, e.g. {@code -Dpicocli.ansi=true}
   * @param args the command line
   */
  static Result run(Map<String, String> environment, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))));
    command.addAll(jvmOptions);
    command.add(RustAgentCli.class.getName());
    command.addAll(List.of(args));
    Path err = Files.createTempFile("rust-agent-cli", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
      environment.forEach((name, value) -> {
        if (value == null) {
          builder.environment().remove(name);
        } else {
          builder.environment().put(name, value);
        }
      });
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("rust-agent %s ended", args).isTrue();
      return new Result(process.exitValue(), out, Files.readString(err));
    } finally {
      Files.deleteIfExists(err);
    }
  }
}
