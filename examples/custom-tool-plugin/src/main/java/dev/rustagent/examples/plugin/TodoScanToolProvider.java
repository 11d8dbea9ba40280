package dev.rustagent.examples.plugin;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolPlugin;
import java.util.Collection;
import java.util.List;

/** Offers {@link TodoScanTool} to {@link java.util.ServiceLoader} discovery. */
public final class TodoScanToolProvider implements ToolPlugin {

  /** Used by {@link java.util.ServiceLoader}. */
  public TodoScanToolProvider() {}

  @Override
  public String getName() {
    return "todo-scan-plugin";
  }

  @Override
  public Collection<Tool> tools() {
    return List.of(new TodoScanTool());
  }
}
