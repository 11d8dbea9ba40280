/**
 * The tool SPI of the Rust agent: what a tool is ({@link dev.rustagent.tools.Tool}), how plugins
 * contribute tools ({@link dev.rustagent.tools.ToolPlugin} through {@link java.util.ServiceLoader}),
 * and the {@link dev.rustagent.tools.ToolRegistry} that discovers tools, describes them to the model
 * and validates the arguments the model sends before anything runs.
 */
@NullMarked
package dev.rustagent.tools;

import org.jspecify.annotations.NullMarked;
