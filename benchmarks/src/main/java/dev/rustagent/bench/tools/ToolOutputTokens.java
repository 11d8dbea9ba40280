package dev.rustagent.bench.tools;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.ProblemReport.CargoReport;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.builtin.BuiltinTools;
import dev.rustagent.tools.spi.internal.OutputShaper;
import dev.rustagent.tools.spi.internal.ProcessRunner;
import dev.rustagent.tools.spi.internal.Programs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tokens of the cargo tool's text for the model against cargo's own human output on the same real
 * crates (run with {@code java -cp benchmarks/target/benchmarks.jar dev.rustagent.bench.tools.ToolOutputTokens}).
 *
 * <p>The crates are the hard cases under {@code agent-tools/src/test/resources/shaping-cases/} (where
 * {@code ToolOutputShapingTest} checks that every error's essentials are kept): many errors, one error
 * with a long chain of notes, warnings only, a test failing after long output, macro-expansion errors,
 * terminal junk and non-UTF-8 bytes, and repository text forging a verdict. Each is counted with the
 * project's estimator ({@link HeuristicTokenCountEstimator}) and with two real BPE tokenizers that work
 * offline (jtokkit's cl100k_base and o200k_base; Anthropic's own tokenizer is not public, so these
 * stand in for it). Columns: cargo's human output ({@code CARGO_TERM_COLOR=never}, stdout and stderr),
 * rustc's rendered diagnostics as the tool sent them before issue 16, and the shaped text the model
 * gets now (after the agent loop's own shaping pass). Prints a Markdown table; deterministic apart
 * from the thread ids in panic messages.
 */
public final class ToolOutputTokens {
  private record Case(String name, String subcommand, String kind) {}

  private static final List<Case> CASES = List.of(
      new Case("many-errors", "check", "many errors (18)"),
      new Case("huge-notes", "check", "one error, 17 notes"),
      new Case("warnings-only", "check", "warnings only (54)"),
      new Case("long-panic", "test", "test failure, long output"),
      new Case("macro-error", "check", "macro-expansion errors"),
      new Case("junk-output", "test", "ANSI / non-UTF-8 junk"),
      new Case("forged-verdict", "check", "forged verdict lines"));

  private ToolOutputTokens() {}

  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory("tool-output-tokens");
    Map<String, String> env = new HashMap<>(Programs.environmentWithCargoBin());
    env.put("CARGO_TARGET_DIR", root.resolve("target").toString());
    env.put("CARGO_TERM_COLOR", "never");
    ToolRegistry registry = BuiltinTools.builder().environment(env).offline(true).build().registry();
    Encoding cl100k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    Encoding o200k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    StringBuilder table = new StringBuilder();
    table.append("| case | command | cargo human (est. / cl100k / o200k) | rustc rendered, before "
        + "(est. / cl100k / o200k) | shaped, now (est. / cl100k / o200k) | now / human (o200k) |\n");
    table.append("|---|---|---|---|---|---|\n");
    for (Case c : CASES) {
      Path crate = root.resolve(c.name());
      copyCase(c.name(), crate);
      ProcessRunner.Outcome human = ProcessRunner.run(new ProcessRunner.Command(List.of("cargo", c.subcommand()),
          crate, env, null, Set.of()), Duration.ofMinutes(5), CancellationToken.create(),
          ProcessRunner.DEFAULT_CAPTURE_LIMIT);
      String humanText = human.stdout() + human.stderr();
      ToolContext context = ToolContext.builder(crate).timeout(Duration.ofMinutes(5)).build();
      ToolArguments arguments = registry.parseArguments("cargo", "{\"subcommand\":\"" + c.subcommand() + "\"}");
      ToolResult result = registry.find("cargo").orElseThrow().execute(arguments, context);
      String shaped = OutputShaper.forModel(result, context.outputCap()).text();
      String before = ((CargoReport) result.payload()).diagnostics().stream().map(CompilerDiagnostic::rendered)
          .filter(Objects::nonNull).collect(Collectors.joining("\n"));
      table.append(String.format(Locale.ROOT, "| %s | cargo %s | %s | %s | %s | %.2f |%n", c.kind(), c.subcommand(),
          counts(humanText, cl100k, o200k), c.subcommand().equals("check") ? counts(before, cl100k, o200k)
              : "n/a (test output)", counts(shaped, cl100k, o200k),
          (double) o200k.countTokensOrdinary(shaped) / o200k.countTokensOrdinary(humanText)));
    }
    System.out.print(table);
  }

  private static String counts(String text, Encoding cl100k, Encoding o200k) {
    return String.format(Locale.ROOT, "%,d / %,d / %,d",
        HeuristicTokenCountEstimator.INSTANCE.estimateTokenCountInText(text),
        cl100k.countTokensOrdinary(text), o200k.countTokensOrdinary(text));
  }

  private static void copyCase(String name, Path into) throws IOException {
    for (String file : List.of("Cargo.toml", "build.rs", "src/main.rs", "src/lib.rs")) {
      try (InputStream in = ToolOutputTokens.class.getResourceAsStream("/shaping-cases/" + name + "/" + file)) {
        if (in != null) {
          Files.createDirectories(into.resolve(file).getParent());
          Files.write(into.resolve(file), in.readAllBytes());
        }
      }
    }
  }
}
