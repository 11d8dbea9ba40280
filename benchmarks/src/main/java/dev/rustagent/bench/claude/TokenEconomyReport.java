package dev.rustagent.bench.claude;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.rustagent.core.Agent;
import dev.rustagent.core.AgentResult;
import dev.rustagent.core.AgentResult.CacheAwareTokenUsage;
import dev.rustagent.core.internal.HeuristicTokenCountEstimator;
import dev.rustagent.core.AgentResult.ModelPricing;
import dev.rustagent.core.RustExpert;
import dev.rustagent.llm.claude.ClaudeProxy;
import dev.rustagent.llm.claude.LlmConfig.PromptCaching;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Token economy on the faithful fake (run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.rustagent.bench.claude.TokenEconomyReport}):
 *
 * <ol>
 *   <li>a scripted 10-step debug run (the Rust-expert persona, the built-in tools' real
 *       specifications, real {@code list_files}/{@code read_file}/{@code grep} calls on a generated
 *       crate) through {@link ClaudeProxy} with prompt caching off and on: input, cache-write,
 *       cache-read and output tokens and the estimated cost;</li>
 *   <li>the error of {@link HeuristicTokenCountEstimator} against the fake's {@code count_tokens}, per
 *       kind of text.</li>
 * </ol>
 * Prints a Markdown report. Deterministic: the figures depend on the code, not on the machine.
 */
public final class TokenEconomyReport {
  private static final String MODEL = "claude-sonnet-4-6";

  private TokenEconomyReport() {}

  public static void main(String[] args) throws Exception {
    Path crate = Files.createTempDirectory("token-economy-crate");
    writeCrate(crate);
    StringBuilder report = new StringBuilder();
    report.append("| prompt caching | input | cache write | cache read | output | read share | est. cost (USD) |\n");
    report.append("|---|---|---|---|---|---|---|\n");
    for (PromptCaching caching : List.of(PromptCaching.OFF, PromptCaching.FIVE_MINUTES)) {
      AgentResult result = debugRun(crate, caching);
      CacheAwareTokenUsage u = result.usage();
      double cost = ModelPricing.defaults().estimateCost(MODEL, u).orElseThrow();
      report.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %.1f%% | %.4f |%n", caching,
          u.inputTokenCount(), u.cacheWriteTokens(), u.cacheReadTokens(), u.outputTokenCount(),
          100 * u.cacheReadShare(), cost));
      if (result.iterations() != 10) {
        throw new IllegalStateException("the scripted run took " + result.iterations() + " steps, not 10: "
            + result.status() + " " + result.failureCause().map(Throwable::getMessage).orElse(""));
      }
    }
    report.append("\n").append(heuristicError(crate));
    System.out.println(report);
  }

  /** Ten model turns: nine read-only tool calls on the crate, then the diagnosis. */
  private static AgentResult debugRun(Path crate, PromptCaching caching) {
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      server.enqueue(
          FakeResponse.message().text("Let me look at the crate layout first.")
              .toolUse("toolu_01", "list_files", "{\"path\":\".\"}").build(),
          FakeResponse.toolUse("toolu_02", "read_file", "{\"path\":\"Cargo.toml\"}"),
          FakeResponse.toolUse("toolu_03", "read_file", "{\"path\":\"src/lib.rs\"}"),
          FakeResponse.message().text("The error points at the parser.")
              .toolUse("toolu_04", "read_file", "{\"path\":\"src/parser.rs\"}").build(),
          FakeResponse.toolUse("toolu_05", "grep", "{\"pattern\":\"fn parse_\",\"path\":\"src\"}"),
          FakeResponse.toolUse("toolu_06", "read_file", "{\"path\":\"src/lexer.rs\"}"),
          FakeResponse.toolUse("toolu_07", "read_file", "{\"path\":\"src/ast.rs\"}"),
          FakeResponse.toolUse("toolu_08", "grep", "{\"pattern\":\"Token::\",\"path\":\"src\"}"),
          FakeResponse.toolUse("toolu_09", "read_file", "{\"path\":\"src/main.rs\"}"),
          FakeResponse.text("The bug: `parse_expr` keeps a borrow of `self.tokens` across `self.advance()`. "
              + "Clone the token (it is `Copy`-sized) before advancing, or match on `self.peek().kind` by value."));
      ClaudeProxy proxy = ClaudeProxy.builder().baseUrl(server.baseUrl()).model(MODEL).promptCaching(caching).build();
      Agent agent = RustExpert.builder().chatModel(proxy.chatModel()).tools(BuiltinTools.defaults().registry())
          .workspace(crate).maxIterations(10).build();
      return agent.run("cargo check fails with E0502 in src/parser.rs; find the cause and explain the fix");
    }
  }

  /** The heuristic against the fake's count_tokens, per kind of text: mean and worst relative error. */
  private static String heuristicError(Path crate) throws IOException {
    Map<String, List<String>> corpus = new LinkedHashMap<>();
    List<String> rust = new ArrayList<>();
    try (var files = Files.walk(crate.resolve("src"))) {
      files.filter(Files::isRegularFile).sorted().forEach(f -> {
        try {
          rust.add(Files.readString(f));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    corpus.put("Rust source", rust);
    corpus.put("compiler output", List.of(compilerOutput(3), compilerOutput(12), compilerOutput(40)));
    corpus.put("English prose", List.of(RustExpert.SYSTEM_PROMPT,
        "The borrow checker rejects the program because a shared reference to the vector is still alive "
            + "when the loop pushes to it. Move the push after the last use of the reference, or collect "
            + "the indices first and push afterwards. ".repeat(6)));
    corpus.put("JSON", List.of("{\"path\":\"src/parser.rs\",\"line\":42,\"column\":17,\"code\":\"E0502\"}"
        .repeat(20), "[" + "{\"name\":\"read_file\",\"arguments\":{\"path\":\"src/lib.rs\"}},".repeat(30) + "{}]"));
    StringBuilder out = new StringBuilder();
    out.append("| kind of text | samples | heuristic / count_tokens (mean) | worst relative error |\n");
    out.append("|---|---|---|---|\n");
    try (FakeAnthropicServer server = FakeAnthropicServer.start()) {
      TokenCountEstimator counted = ClaudeProxy.builder().baseUrl(server.baseUrl()).build().tokenCountEstimator();
      for (Map.Entry<String, List<String>> kind : corpus.entrySet()) {
        double ratioSum = 0;
        double worst = 0;
        for (String text : kind.getValue()) {
          int exact = counted.estimateTokenCountInMessage(UserMessage.from(text));
          int heuristic = HeuristicTokenCountEstimator.INSTANCE.estimateTokenCountInMessage(UserMessage.from(text));
          double ratio = (double) heuristic / exact;
          ratioSum += ratio;
          worst = Math.max(worst, Math.abs(ratio - 1));
        }
        out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f%% |%n", kind.getKey(), kind.getValue().size(),
            ratioSum / kind.getValue().size(), 100 * worst));
      }
    }
    return out.toString();
  }

  private static String compilerOutput(int errors) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < errors; i++) {
      out.append("error[E0502]: cannot borrow `self.tokens` as mutable because it is also borrowed as immutable\n")
          .append("  --> src/parser.rs:").append(40 + i).append(":17\n   |\n")
          .append(40 + i).append(" |         let tok = &self.tokens[self.pos];\n")
          .append("   |                    ----------- immutable borrow occurs here\n")
          .append(41 + i).append(" |         self.advance();\n")
          .append("   |         ^^^^^^^^^^^^^^ mutable borrow occurs here\n\n");
    }
    return out.append("error: could not compile `calc` (lib) due to ").append(errors).append(" previous errors\n")
        .toString();
  }

  private static void writeCrate(Path crate) throws IOException {
    dev.rustagent.testkit.internal.Crates.binary(crate, "calc", """
        use calc::parser::Parser;

        fn main() {
            let input = std::env::args().nth(1).unwrap_or_else(|| "1 + 2 * 3".to_string());
            let mut parser = Parser::new(&input);
            match parser.parse_expr() {
                Ok(expr) => println!("{} = {}", input, expr.eval()),
                Err(e) => eprintln!("error: {e}"),
            }
        }
        """);
    Files.writeString(crate.resolve("src/lib.rs"), "pub mod ast;\npub mod lexer;\npub mod parser;\n\n"
        + functions("helper", 12));
    Files.writeString(crate.resolve("src/lexer.rs"), """
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum Kind { Number, Plus, Minus, Star, Slash, LParen, RParen, End }

        #[derive(Debug, Clone, PartialEq)]
        pub struct Token { pub kind: Kind, pub text: String }
        """ + functions("lex", 25));
    Files.writeString(crate.resolve("src/ast.rs"), """
        #[derive(Debug)]
        pub enum Expr { Num(f64), Bin(Box<Expr>, char, Box<Expr>) }

        impl Expr {
            pub fn eval(&self) -> f64 {
                match self {
                    Expr::Num(n) => *n,
                    Expr::Bin(l, op, r) => match op { '+' => l.eval() + r.eval(), '-' => l.eval() - r.eval(),
                        '*' => l.eval() * r.eval(), _ => l.eval() / r.eval() },
                }
            }
        }
        """ + functions("ast", 20));
    Files.writeString(crate.resolve("src/parser.rs"), """
        use crate::ast::Expr;
        use crate::lexer::{Kind, Token};

        pub struct Parser { tokens: Vec<Token>, pos: usize }

        impl Parser {
            pub fn new(input: &str) -> Self { Parser { tokens: crate::lexer::lex_all(input), pos: 0 } }
            fn advance(&mut self) { self.pos += 1; }
            pub fn parse_expr(&mut self) -> Result<Expr, String> {
                let tok = &self.tokens[self.pos];
                self.advance();
                match tok.kind { Kind::Number => Ok(Expr::Num(tok.text.parse().map_err(|e| format!("{e}"))?)),
                    _ => Err(format!("unexpected {:?}", tok.kind)) }
            }
        }
        """ + functions("parse", 30));
  }

  /** {@code count} small, distinct Rust functions, as a real module has. */
  private static String functions(String prefix, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append("\n/// Returns the ").append(i).append("th ").append(prefix).append(" value, clamped to the range.\n")
          .append("pub fn ").append(prefix).append('_').append(i)
          .append("(values: &[i64], limit: i64) -> Option<i64> {\n")
          .append("    let total: i64 = values.iter().copied().filter(|v| *v % ").append(i + 2)
          .append(" == 0).sum();\n")
          .append("    if total > limit { None } else { Some(total.saturating_mul(").append(i + 1).append(")) }\n}\n");
    }
    return out.toString();
  }
}
