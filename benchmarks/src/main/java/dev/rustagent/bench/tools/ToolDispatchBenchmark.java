package dev.rustagent.bench.tools;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.core.PermissionPolicy.Permission;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.builtin.BuiltinTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Overhead of dispatching one call of a no-op tool as the agent does it, in a registry that also holds
 * every built-in tool: find the tool by name, parse and validate the model's argument JSON against the
 * schema, compute the call's actions and permission subject, ask the {@link PermissionPolicy} (with a
 * tool rule to match), and execute. The peer is calling the tool's {@code execute} directly with
 * pre-parsed arguments. Target: under 20 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ToolDispatchBenchmark {

  /** Does nothing and says so. */
  static final class NoopTool implements Tool {
    private static final ToolResult DONE = ToolResult.success("ok");

    @Override
    public String name() {
      return "noop";
    }

    @Override
    public String description() {
      return "does nothing";
    }

    @Override
    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("path", "a path").addBooleanProperty("flag", "a flag")
          .required("path").build();
    }

    @Override
    public Set<Action> actions(ToolArguments arguments) {
      return Set.of(Action.READ);
    }

    @Override
    public String permissionSubject(ToolArguments arguments) {
      return arguments.string("path");
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
      return DONE;
    }
  }

  private static final String ARGUMENTS = "{\"path\":\"src/main.rs\",\"flag\":true}";

  private ToolRegistry registry;
  private PermissionPolicy policy;
  private ToolContext context;
  private Tool noop;
  private ToolArguments parsed;

  @Setup
  public void setUp() throws Exception {
    registry = BuiltinTools.defaults().registry().register(new NoopTool());
    policy = PermissionPolicy.builder().allow("noop(src/**)").deny("shell(rm:*)").build();
    Path workspace = Files.createTempDirectory("dispatch-bench");
    context = ToolContext.builder(workspace).build();
    noop = registry.find("noop").orElseThrow();
    parsed = ToolArguments.parse(ARGUMENTS);
  }

  /** Registry lookup, schema validation, actions, permission decision, execution. */
  @Benchmark
  public ToolResult throughRegistryAndGate() throws Exception {
    ToolArguments arguments = registry.parseArguments("noop", ARGUMENTS);
    Tool tool = registry.find("noop").orElseThrow();
    Permission permission = policy.decide(tool.name(), tool.actions(arguments), tool.permissionSubject(arguments));
    if (permission != Permission.ALLOW) {
      throw new IllegalStateException("expected ALLOW, got " + permission);
    }
    return tool.execute(arguments, context);
  }

  /** The peer: the tool called directly. */
  @Benchmark
  public ToolResult directCall() throws Exception {
    return noop.execute(parsed, context);
  }
}
