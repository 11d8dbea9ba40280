package dev.rustagent.core.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Small real tools for tests, standing in for the built-in ones by name and payload shape: they run
 * the real cargo and rustc on the test's crate.
 */
public final class RustTestTools {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RustTestTools() {}

  public static ToolRegistry registry() {
    return ToolRegistry.of(new CargoCheck(), new RustcExplain(), new EditFile(), new WriteFile());
  }

  /** Writes a crate with the given main.rs into {@code dir}. */
  public static Path crate(Path dir, String mainRs) throws IOException {
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(dir.resolve("Cargo.toml"), """
        [package]
        name = "scratch"
        version = "0.1.0"
        edition = "2021"

        [dependencies]
        """);
    Files.writeString(dir.resolve("src/main.rs"), mainRs);
    return dir;
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

  record Span(String file, int line, int column, int endLine, int endColumn, boolean primary, String label) {}

  record Suggestion(String message, Span span, String replacement, String applicability) {}

  record Diag(String level, String code, String message, Span primarySpan, List<Suggestion> suggestions,
      String rendered) {}

  public record Report(String command, int exitCode, List<Diag> diagnostics, List<String> failedTests)
      implements dev.rustagent.tools.ProblemReport {
    @Override
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      for (Diag d : diagnostics) {
        if (d.level().equals("error")) {
          problems.add("error" + (d.code() == null ? "" : "[" + d.code() + "]") + ": " + d.message());
        }
      }
      failedTests.forEach(t -> problems.add("test failed: " + t));
      return problems;
    }
  }

  record Output(String stdout, int exitCode) {}

  static String run(Path dir, List<String> command) throws IOException, InterruptedException {
    return exec(dir, command).stdout();
  }

  static Output exec(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
    p.getErrorStream().transferTo(java.io.OutputStream.nullOutputStream());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Output(out, p.exitValue());
  }

  static final class CargoCheck implements Tool {
    public String name() {
      return "cargo";
    }

    public String description() {
      return "runs cargo check";
    }

    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("subcommand").required("subcommand").build();
    }

    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.RUN_COMMAND);
    }

    public String permissionSubject(ToolArguments arguments) {
      return "cargo " + arguments.string("subcommand");
    }

    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      String sub = arguments.string("subcommand");
      Output output = exec(context.workspaceRoot(), sub.equals("test")
          ? List.of("cargo", "test", "--message-format=json")
          : List.of("cargo", sub, "--message-format=json", "--quiet"));
      String out = output.stdout();
      List<String> failedTests = new ArrayList<>();
      List<Diag> diags = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (String line : out.split("\n")) {
        if (line.startsWith("test ") && line.endsWith(" ... FAILED")) {
          failedTests.add(line.substring(5, line.length() - 11));
        }
        if (!line.startsWith("{")) {
          continue;
        }
        JsonNode m = MAPPER.readTree(line);
        if (!"compiler-message".equals(m.path("reason").asText())) {
          continue;
        }
        JsonNode d = m.get("message");
        if (d.path("spans").isEmpty()) {
          continue;
        }
        Span primary = null;
        for (JsonNode s : d.get("spans")) {
          if (s.path("is_primary").asBoolean()) {
            primary = span(s);
          }
        }
        List<Suggestion> suggestions = new ArrayList<>();
        collect(d, suggestions);
        String code = d.path("code").isObject() ? d.path("code").path("code").asText() : null;
        diags.add(new Diag(d.get("level").asText(), code, d.get("message").asText(), primary, suggestions,
            d.path("rendered").asText()));
        text.append(d.path("rendered").asText());
      }
      Report report = new Report("cargo " + sub, output.exitCode(), diags, failedTests);
      boolean failed = output.exitCode() != 0;
      String shown = text.length() == 0 ? "no problems" : text.toString();
      return failed ? ToolResult.failure(shown, report) : ToolResult.success(shown, report);
    }

    private static void collect(JsonNode d, List<Suggestion> out) {
      for (JsonNode s : d.path("spans")) {
        if (s.hasNonNull("suggested_replacement")) {
          out.add(new Suggestion(d.path("message").asText(), span(s), s.get("suggested_replacement").asText(),
              s.path("suggestion_applicability").asText()));
        }
      }
      for (JsonNode c : d.path("children")) {
        collect(c, out);
      }
    }

    private static Span span(JsonNode s) {
      return new Span(s.get("file_name").asText(), s.get("line_start").asInt(), s.get("column_start").asInt(),
          s.get("line_end").asInt(), s.get("column_end").asInt(), s.path("is_primary").asBoolean(),
          s.path("label").asText(null));
    }
  }

  static final class RustcExplain implements Tool {
    public String name() {
      return "rustc_explain";
    }

    public String description() {
      return "rustc --explain";
    }

    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("code").required("code").build();
    }

    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      return ToolResult.success(run(context.workspaceRoot(), List.of("rustc", "--explain", arguments.string("code"))));
    }
  }

  static final class EditFile implements Tool {
    public String name() {
      return "edit_file";
    }

    public String description() {
      return "replaces text once in a file";
    }

    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("path").addStringProperty("old_text")
          .addStringProperty("new_text").required("path", "old_text", "new_text").build();
    }

    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.MODIFY_CODE);
    }

    public String permissionSubject(ToolArguments arguments) {
      return arguments.string("path");
    }

    public String describe(ToolArguments arguments, ToolContext context) {
      return "edit " + arguments.string("path") + ": -" + arguments.string("old_text") + " +"
          + arguments.string("new_text");
    }

    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      Path file = context.workspaceRoot().resolve(arguments.string("path"));
      String content = Files.readString(file);
      String old = arguments.string("old_text");
      int at = content.indexOf(old);
      if (at < 0 || at != content.lastIndexOf(old)) {
        return ToolResult.failure("old_text must occur exactly once");
      }
      Files.writeString(file, content.substring(0, at) + arguments.string("new_text") + content.substring(at + old.length()));
      return ToolResult.success("edited " + arguments.string("path"));
    }
  }

  static final class WriteFile implements Tool {
    public String name() {
      return "write_file";
    }

    public String description() {
      return "writes a whole file";
    }

    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("path").addStringProperty("content")
          .required("path", "content").build();
    }

    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.MODIFY_CODE);
    }

    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      Path file = context.workspaceRoot().resolve(arguments.string("path"));
      Files.createDirectories(file.getParent());
      Files.writeString(file, arguments.string("content"));
      return ToolResult.success("wrote " + arguments.string("path"));
    }
  }
}
