package dev.rustagent.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Agent-side names of MCP tools: {@code SERVER__tool}, within the registry's rule of 1 to 64
 * characters of {@code [a-zA-Z0-9_-]}. Other characters become {@code _}; a name that is too long, or
 * that would clash with one already taken, keeps its start and ends in {@code _} plus 8 hex digits of a
 * hash of the server's own name, so it stays stable across restarts.
 */
final class ToolNames {
  static final String SEPARATOR = "__";
  static final int MAX_LENGTH = 64;

  private ToolNames() {}

  static String namespaced(String server, String tool, Set<String> taken) {
    StringBuilder clean = new StringBuilder(server).append(SEPARATOR);
    tool.codePoints().forEach(c -> clean.append(isAllowed(c) ? (char) c : '_'));
    String candidate = clean.toString();
    if (candidate.length() <= MAX_LENGTH && !taken.contains(candidate)) {
      return candidate;
    }
    String suffix = "_" + hash(tool);
    String cut = candidate.substring(0, Math.min(candidate.length(), MAX_LENGTH - suffix.length()));
    return cut + suffix;
  }

  private static boolean isAllowed(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
