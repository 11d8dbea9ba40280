package dev.rustagent.testkit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Temporary Rust crates for tests and benchmarks that run real cargo. Not public API. */
public final class Crates {
  private Crates() {}

  /** Writes a binary crate named {@code name}, with no dependencies and {@code mainRs} as its main.rs, into {@code dir}. */
  public static Path binary(Path dir, String name, String mainRs) throws IOException {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("Cargo.toml"), """
        [package]
        name = "%s"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        """.formatted(name));
    Files.writeString(dir.resolve("src/main.rs"), mainRs);
    return dir;
  }
}
