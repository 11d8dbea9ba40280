package dev.rustagent.core.workflow;

import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.io.IOException;
import java.nio.file.Path;

/** The built-in tools (real cargo, rustc, file edits) and small crates for workflow tests. */
public final class RustTestTools {
  private RustTestTools() {}

  public static ToolRegistry registry() {
    return BuiltinTools.defaults().registry();
  }

  /** Writes a crate with the given main.rs into {@code dir}. */
  public static Path crate(Path dir, String mainRs) throws IOException {
    return dev.rustagent.testkit.internal.Crates.binary(dir, "scratch", mainRs);
  }

  public static final String MOVED_VALUE = """
      fn total_len(words: Vec<String>) -> usize {
          words.iter().map(|w| w.len()).sum()
      }

      fn main() {
          let mut words = vec![String::from("borrow"), String::from("checker")];
          let total = total_len(words);
          println!("{} words, {} letters", words.len(), total);
      }
      """;
}
