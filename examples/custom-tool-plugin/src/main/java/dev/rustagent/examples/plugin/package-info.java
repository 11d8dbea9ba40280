/**
 * An example tool plugin: {@link dev.rustagent.examples.plugin.TodoScanToolProvider} contributes the
 * {@code todo_scan} tool through {@code META-INF/services/dev.rustagent.tools.ToolPlugin}, so a host
 * that puts this jar on its class path finds it with {@code ToolRegistry.discover()} without changes.
 */
package dev.rustagent.examples.plugin;
