package dev.rustagent.examples.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a host meets it: a host class path without the plugin has no {@code todo_scan}; the
 * same host with the plugin's jar added finds it through {@code META-INF/services}, no host change.
 */
class PluginJarTest {
  private static final String PLUGIN_PACKAGE = TodoScanTool.class.getPackageName();

  @TempDir Path dir;

  /** The host's class loader with this module's own classes and services file hidden. */
  private static final class HostWithoutPlugin extends ClassLoader {
    private final Path pluginClasses;

    HostWithoutPlugin(ClassLoader parent, Path pluginClasses) {
      super(parent);
      this.pluginClasses = pluginClasses;
    }

    private boolean inPlugin(URL url) {
      try {
        return "file".equals(url.getProtocol()) && Path.of(url.toURI()).startsWith(pluginClasses);
      } catch (java.net.URISyntaxException e) {
        return false;
      }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith(PLUGIN_PACKAGE + ".")) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
      URL url = super.getResource(name);
      return url != null && inPlugin(url) ? null : url;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      List<URL> visible = Collections.list(super.getResources(name)).stream()
          .filter(url -> !inPlugin(url)).toList();
      return Collections.enumeration(visible);
    }
  }

  private static Path pluginClasses() throws Exception {
    return Path.of(TodoScanTool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private Path pluginJar(Path classes) throws IOException {
    Path jar = dir.resolve("custom-tool-plugin.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
         Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        jarOut.write(Files.readAllBytes(file));
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void hostWithoutThePluginHasOnlyTheBuiltinTools() throws Exception {
    ClassLoader host = new HostWithoutPlugin(getClass().getClassLoader(), pluginClasses());

    ToolRegistry registry = ToolRegistry.discover(host);

    assertThat(registry.tools()).extracting(Tool::name).contains("cargo").doesNotContain("todo_scan");
  }

  @Test
  void addingThePluginJarToTheHostAddsItsTool() throws Exception {
    Path classes = pluginClasses();
    ClassLoader host = new HostWithoutPlugin(getClass().getClassLoader(), classes);

    try (URLClassLoader withPlugin = new URLClassLoader(new URL[] {pluginJar(classes).toUri().toURL()}, host)) {
      ToolRegistry registry = ToolRegistry.discover(withPlugin);

      Tool tool = registry.find("todo_scan").orElseThrow();
      assertThat(tool.getClass().getClassLoader()).isSameAs(withPlugin);
      assertThat(registry.tools()).extracting(Tool::name).contains("cargo", "todo_scan");
    }
  }
}
