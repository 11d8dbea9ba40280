package dev.rustagent.tools;

import java.util.Collection;

/**
 * Contributes tools to a {@link ToolRegistry}. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.rustagent.tools.ToolPlugin}. They need a public no-argument
 * constructor.
 */
public interface ToolPlugin {

  /** A short name for logs and configuration, such as {@code builtin} or {@code my-plugin}. */
  String getName();

  /** The tools this provider offers. */
  Collection<Tool> tools();
}
