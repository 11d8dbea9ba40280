package dev.rustagent.mcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment of an MCP server's child process: an allow-list of harmless variables of this
 * process (search path, home, user, locale, temp directory, terminal) plus what the configuration
 * adds. Everything else, API keys and tokens included, stays out.
 */
final class ChildEnvironment {
  static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG",
      "LANGUAGE", "TMPDIR", "TZ", "SYSTEMROOT", "NODE_PATH");

  private ChildEnvironment() {}

  static Map<String, String> of(Map<String, String> parent, Map<String, String> configured) {
    Map<String, String> child = new LinkedHashMap<>();
    parent.forEach((name, value) -> {
      if (INHERITED.contains(name) || name.startsWith("LC_")) {
        child.put(name, value);
      }
    });
    child.putAll(configured);
    return child;
  }
}
