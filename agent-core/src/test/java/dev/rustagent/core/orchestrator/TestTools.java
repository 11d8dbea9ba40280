package dev.rustagent.core.orchestrator;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import java.nio.file.Files;
import java.util.Set;

/** Small real file tools for network tests. */
final class TestTools {
  private TestTools() {}

  static Tool readFile() {
    return new FileTool("read_file", Set.of(Action.READ));
  }

  static Tool writeFile() {
    return new FileTool("write_file", Set.of(Action.MODIFY_CODE));
  }

  private record FileTool(String name, Set<Action> acts) implements Tool {
    public String description() {
      return name;
    }

    public JsonObjectSchema parameters() {
      return JsonObjectSchema.builder().addStringProperty("path").addStringProperty("content").required("path").build();
    }

    public Set<Action> actions(ToolArguments arguments) {
      return acts;
    }

    public ToolResult execute(ToolArguments arguments, ToolContext context) throws Exception {
      var file = context.workspaceRoot().resolve(arguments.string("path"));
      if (acts.contains(Action.READ)) {
        return ToolResult.success(Files.readString(file));
      }
      Files.writeString(file, arguments.optionalString("content").orElse(""));
      return ToolResult.success("written");
    }
  }
}
