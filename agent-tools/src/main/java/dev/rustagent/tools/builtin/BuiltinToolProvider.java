package dev.rustagent.tools.builtin;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolPlugin;
import java.util.Collection;

/**
 * Offers the built-in tools with their default configuration to
 * {@link dev.rustagent.tools.ToolRegistry#discover()}; registered in
 * {@code META-INF/services/dev.rustagent.tools.ToolPlugin}.
 */
public final class BuiltinToolProvider implements ToolPlugin {

  /** Used by {@link java.util.ServiceLoader}. */
  public BuiltinToolProvider() {}

  @Override
  public String getName() {
    return "builtin";
  }

  @Override
  public Collection<Tool> tools() {
    return BuiltinTools.defaults().tools();
  }
}
