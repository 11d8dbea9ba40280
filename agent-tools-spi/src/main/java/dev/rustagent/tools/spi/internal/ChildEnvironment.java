package dev.rustagent.tools.spi.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The environment a child process gets: the given one without credentials. A variable is removed when
 * its name is a known credential ({@code ANTHROPIC_API_KEY}, {@code GH_TOKEN}, ...) or when one of the
 * parts of its name (split at {@code _}, {@code -} and {@code .}) is a credential word: {@code KEY},
 * {@code TOKEN}, {@code SECRET}, {@code PASSWORD}, {@code PASS}, {@code PAT}, {@code CREDENTIAL},
 * {@code AUTH} and their plurals and spellings. Matching whole parts keeps {@code PATH} and
 * {@code PASSTHROUGH}; the long words also match as the end of a part ({@code PGPASSWORD},
 * {@code GHTOKEN}). A variable survives only when the host allow-lists its exact name, in the call or
 * in the environment variable {@value #ALLOW_VARIABLE} (names separated by commas).
 *
 * <p>Internal: not public API.
 */
public final class ChildEnvironment {
  /** The host's allow-list of credential variables passed to child processes, comma-separated. */
  public static final String ALLOW_VARIABLE = "RUST_AGENT_ENV_ALLOW";

  private static final Set<String> KNOWN = Set.of(
      "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_API_KEY", "OPENAI_API_KEY", "RUST_AGENT_LLM_API_KEY",
      "GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "GITLAB_TOKEN",
      "CARGO_REGISTRY_TOKEN", "NPM_TOKEN", "NODE_AUTH_TOKEN", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN",
      "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AZURE_CLIENT_SECRET",
      "GOOGLE_APPLICATION_CREDENTIALS", "PGPASSWORD", "MYSQL_PWD", "DOCKER_AUTH_CONFIG", "SSH_AUTH_SOCK",
      "GIT_ASKPASS", "SSH_ASKPASS", "VAULT_TOKEN", "WANDB_API_KEY", "SENTRY_DSN", "DATABASE_URL");
  private static final Set<String> WORDS = Set.of(
      "KEY", "KEYS", "APIKEY", "TOKEN", "TOKENS", "SECRET", "SECRETS", "PASSWORD", "PASSWORDS", "PASSWD",
      "PASS", "PAT", "PATS", "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "COOKIE", "COOKIES",
      "PRIVATE");
  private static final Set<String> SUFFIXES = Set.of(
      "APIKEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "CREDENTIALS");
  private static final Pattern SEPARATORS = Pattern.compile("[_\\-.]+");

  private ChildEnvironment() {}

  /** Whether a variable of this name is treated as a credential. */
  public static boolean looksLikeCredential(String name) {
    requireNonNull(name, "name");
    String upper = name.toUpperCase(Locale.ROOT);
    if (KNOWN.contains(upper)) {
      return true;
    }
    for (String part : SEPARATORS.split(upper)) {
      if (WORDS.contains(part)) {
        return true;
      }
      for (String suffix : SUFFIXES) {
        if (part.length() > suffix.length() && part.endsWith(suffix)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The environment without credentials, keeping the names in {@code allowed} and in the host's
   * {@value #ALLOW_VARIABLE}.
   */
  public static Map<String, String> scrub(Map<String, String> environment, Set<String> allowed) {
    requireNonNull(environment, "environment");
    requireNonNull(allowed, "allowed");
    Set<String> keep = new HashSet<>(allowed);
    keep.addAll(hostAllowList());
    Map<String, String> clean = new HashMap<>();
    environment.forEach((name, value) -> {
      if (keep.contains(name) || !looksLikeCredential(name)) {
        clean.put(name, value);
      }
    });
    return clean;
  }

  /** The environment without credentials, keeping only the host's allow-list. */
  public static Map<String, String> scrub(Map<String, String> environment) {
    return scrub(environment, Set.of());
  }

  /** The names the host allow-lists in {@value #ALLOW_VARIABLE}. */
  public static Set<String> hostAllowList() {
    String value = System.getenv(ALLOW_VARIABLE);
    Set<String> names = new HashSet<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          names.add(name.strip());
        }
      }
    }
    return names;
  }
}
