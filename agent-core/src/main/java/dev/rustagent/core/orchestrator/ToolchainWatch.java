package dev.rustagent.core.orchestrator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import dev.rustagent.tools.spi.internal.Programs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a change of the Rust toolchain: probes the version ({@code rustc --version} by default) and
 * compares it with the one seen last, kept in {@code rust-version.txt} of the data directory when
 * there is one, so a change between two sessions is noticed too.
 */
final class ToolchainWatch {
  private static final Logger log = LoggerFactory.getLogger(ToolchainWatch.class);
  private static final String FILE = "rust-version.txt";

  private final Supplier<String> probe;
  private final Path dataDirectory;
  private String last;

  /** @param dataDirectory where the version is kept, or {@code null} to keep it in memory only */
  ToolchainWatch(Supplier<String> probe, Path dataDirectory) {
    this.probe = probe;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Probes the version; the change when it differs from the one seen last, empty the first time and
   * when unchanged.
   *
   * @throws RuntimeException when the probe fails
   */
  Optional<Trigger.RustVersionChanged> check() {
    String current = probe.get().strip();
    String previous;
    synchronized (this) {
      previous = last != null ? last : stored().orElse(null);
      last = current;
    }
    store(current);
    if (previous == null || previous.equals(current)) {
      return Optional.empty();
    }
    return Optional.of(new Trigger.RustVersionChanged(previous, current));
  }

  private Optional<String> stored() {
    if (dataDirectory == null) {
      return Optional.empty();
    }
    Path file = dataDirectory.resolve(FILE);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void store(String version) {
    if (dataDirectory == null) {
      return;
    }
    try {
      Files.createDirectories(dataDirectory);
      Files.writeString(dataDirectory.resolve(FILE), version + "\n");
    } catch (IOException e) {
      log.warn("cannot store the Rust version in {}", dataDirectory, e);
    }
  }

  /** The default probe: {@code rustc --version} through the one process runner, with a timeout that can fire. */
  static String rustcVersion() {
    java.util.Optional<Path> rustc = Programs.find("rustc");
    if (rustc.isEmpty()) {
      throw new IllegalStateException("rustc is not installed: 'rustc' was not found on the PATH or in ~/.cargo/bin");
    }
    try {
      ProcessRunner.Outcome outcome = ProcessRunner.run(new ProcessRunner.Command(
              java.util.List.of(rustc.get().toString(), "--version"), Path.of("").toAbsolutePath(),
              Programs.environmentWithCargoBin(), null),
          java.time.Duration.ofSeconds(30), CancellationToken.create(), 64_000);
      if (!outcome.succeeded()) {
        throw new IllegalStateException("rustc --version failed"
            + (outcome.timedOut() ? " (no answer within 30 s)" : " with exit code " + outcome.exitCode())
            + ": " + outcome.combined().strip());
      }
      return outcome.stdout().strip();
    } catch (ProcessRunner.StartException e) {
      throw new IllegalStateException("rustc could not be started: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running rustc --version", e);
    }
  }
}
