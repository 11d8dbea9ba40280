package dev.rustagent.art;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted environment's tool: the build passes only with the {@code vendored} feature. */
final class BuildTool implements Tool {
  static final String SECRET_FEATURE = "vendored";
  final AtomicInteger calls = new AtomicInteger();

  @Override
  public String name() {
    return "build";
  }

  @Override
  public String description() {
    return "Builds the crate with the given cargo feature.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder().addStringProperty("features", "cargo features to enable").build();
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.READ);
  }

  @Override
  public ToolResult execute(ToolArguments arguments, ToolContext context) {
    calls.incrementAndGet();
    String features = arguments.optionalString("features").orElse("");
    if (features.equals(SECRET_FEATURE)) {
      return ToolResult.success("Finished dev profile: build ok");
    }
    return ToolResult.failure("error: linking with `cc` failed (features: '" + features + "')");
  }
}
