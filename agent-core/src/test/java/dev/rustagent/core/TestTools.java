package dev.rustagent.core;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Small real tools for the loop's tests. */
final class TestTools {
  private TestTools() {}

  /** A tool with a name, a schema, fixed actions and a body. */
  static Tool tool(String name, JsonObjectSchema schema, Set<Action> actions, Function<ToolArguments, ToolResult> body) {
    return new Tool() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test tool " + name;
      }

      @Override
      public JsonObjectSchema parameters() {
        return schema;
      }

      @Override
      public Set<Action> actions(ToolArguments arguments) {
        return actions;
      }

      @Override
      public ToolResult execute(ToolArguments arguments, ToolContext context) {
        return body.apply(arguments);
      }

      @Override
      public String permissionSubject(ToolArguments arguments) {
        return arguments.optionalString("path").orElse(arguments.toJson());
      }
    };
  }

  static JsonObjectSchema pathSchema() {
    return JsonObjectSchema.builder().addStringProperty("path", "a path").required("path").build();
  }

  /** read_file over the real file system, READ. */
  static Tool readFile(Path root) {
    return tool("read_file", pathSchema(), Set.of(Action.READ), args -> {
      try {
        return ToolResult.success(Files.readString(root.resolve(args.string("path"))));
      } catch (java.io.IOException e) {
        return ToolResult.failure("cannot read: " + e.getMessage());
      }
    });
  }

  /** write_file over the real file system, MODIFY_CODE; describes the call with the new content. */
  static Tool writeFile(Path root) {
    JsonObjectSchema schema = JsonObjectSchema.builder()
        .addStringProperty("path", "a path").addStringProperty("content", "text")
        .required("path", "content").build();
    Tool inner = tool("write_file", schema, Set.of(Action.MODIFY_CODE), args -> {
      try {
        Files.writeString(root.resolve(args.string("path")), args.string("content"));
        return ToolResult.success("written");
      } catch (java.io.IOException e) {
        return ToolResult.failure("cannot write: " + e.getMessage());
      }
    });
    return new DelegatingTool(inner) {
      @Override
      public String describe(ToolArguments arguments, ToolContext context) {
        return "+++ " + arguments.string("path") + "\n+" + arguments.string("content");
      }
    };
  }

  /** A tool whose result carries problems, like cargo check. */
  static Tool checker(List<CompilerDiagnostic> diagnostics) {
    record Report(List<CompilerDiagnostic> diagnostics) implements ProblemReport {}
    return tool("check", JsonObjectSchema.builder().build(), Set.of(Action.READ),
        args -> ToolResult.success(diagnostics.size() + " problems", new Report(diagnostics)));
  }

  /** An error diagnostic; {@code file} may be null for one without a location. */
  static CompilerDiagnostic error(String code, String message, String file, int line, int column) {
    CompilerDiagnostic.Span span = file == null ? null
        : new CompilerDiagnostic.Span(file, line, column, line, column + 1, true, null);
    return new CompilerDiagnostic(CompilerDiagnostic.Level.ERROR, code, message, span,
        span == null ? List.of() : List.of(span), List.of(), List.of(), null);
  }

  /** A tool that blocks until interrupted or cancelled, and says whether it saw the cancellation. */
  static final class HangingTool extends DelegatingTool {
    final AtomicBoolean sawCancellation = new AtomicBoolean();
    final CountDownLatch started = new CountDownLatch(1);

    HangingTool() {
      super(tool("hang", JsonObjectSchema.builder().build(), Set.of(Action.READ), args -> null));
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      started.countDown();
      context.cancellation().onCancel(() -> sawCancellation.set(true));
      new CountDownLatch(1).await(1, TimeUnit.MINUTES);
      return ToolResult.success("woke up");
    }
  }

  /** A read-only tool that returns only when {@code parties} calls are running at once. */
  static Tool rendezvous(int parties, AtomicInteger concurrent) {
    CountDownLatch all = new CountDownLatch(parties);
    return tool("meet", JsonObjectSchema.builder().addStringProperty("who").build(), Set.of(Action.READ), args -> {
      concurrent.incrementAndGet();
      all.countDown();
      try {
        if (!all.await(5, TimeUnit.SECONDS)) {
          return ToolResult.failure("the other calls never came");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ToolResult.failure("interrupted");
      }
      return ToolResult.success("met " + args.optionalString("who").orElse("?"));
    });
  }

  /** Forwards everything to another tool. */
  static class DelegatingTool implements Tool {
    private final Tool delegate;

    DelegatingTool(Tool delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public String description() {
      return delegate.description();
    }

    @Override
    public JsonObjectSchema parameters() {
      return delegate.parameters();
    }

    @Override
    public Set<Action> actions(ToolArguments arguments) {
      return delegate.actions(arguments);
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      return delegate.execute(arguments, context);
    }

    @Override
    public String permissionSubject(ToolArguments arguments) {
      return delegate.permissionSubject(arguments);
    }
  }
}
