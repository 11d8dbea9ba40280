package dev.rustagent.core.internal;

import org.jspecify.annotations.Nullable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is printed, logged, stored in a trajectory or exported as
 * training data. One function, {@link #redact}, used by every such path.
 *
 * <p>Redacted: Anthropic keys ({@code sk-ant-…}) and other {@code sk-…} API keys; GitHub tokens
 * ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}, {@code github_pat_});
 * {@code Bearer}, {@code Basic} and {@code Token} credentials after {@code Authorization}; the value
 * of an {@code x-api-key} header; AWS access key ids ({@code AKIA…}, {@code ASIA…}) and secret keys
 * after {@code aws_secret_access_key}; PEM private key blocks; assignments such as
 * {@code GITHUB_TOKEN=…} or {@code password=…} whose name looks like a credential; the password of a
 * URL ({@code scheme://user:password@host}, also {@code jdbc:postgresql://…}); and the exact values
 * of this process's environment variables whose names look like credentials (KEY, TOKEN, SECRET,
 * PASSWORD, PASS, PAT, CREDENTIAL, AUTH), when at least 8 characters long.
 *
 * <p>Not redacted: secrets of unknown shape that are not in this process's environment, and secrets
 * split across lines or encoded (base64 of a key). Thread-safe.
 */
public final class Secrets {

  /** What replaces a secret. */
  public static final String MARK = "[REDACTED]";

  private static final String NAME_SIGNS = "KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|PAT|CREDENTIAL|AUTH";

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      rule("-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)",
          "-----BEGIN PRIVATE KEY----- " + MARK + " -----END PRIVATE KEY-----"),
      rule("\\bsk-ant-[A-Za-z0-9_\\-]{6,}", "sk-ant-" + MARK),
      rule("\\bsk-(?:proj-)?[A-Za-z0-9_\\-]{16,}", "sk-" + MARK),
      rule("\\b(gh[pousr]_)[A-Za-z0-9]{16,}", "$1" + MARK),
      rule("\\bgithub_pat_[A-Za-z0-9_]{16,}", "github_pat_" + MARK),
      rule("\\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16})\\b", MARK),
      rule("(?i)(aws_secret_access_key[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9/+=]{20,}", "$1" + MARK),
      rule("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?(?:bearer|basic|token)\\s+)[^\\s\"',;]+", "$1" + MARK),
      rule("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?)(?!bearer|basic|token|\\[REDACTED)[^\\s\"',;]{8,}", "$1" + MARK),
      rule("(?i)\\b(bearer\\s+)(?!\\[REDACTED)[A-Za-z0-9._~+/=\\-]{8,}", "$1" + MARK),
      rule("(?i)(x-api-key[\"']?\\s*[:=]\\s*[\"']?)(?!\\[REDACTED)[^\\s\"',;]+", "$1" + MARK),
      rule("\\b([A-Z][A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIAL|AUTH|_PAT)[A-Z0-9_]*=)"
          + "[\"']?(?!\\[REDACTED)[^\\s\"'&;,]+[\"']?", "$1" + MARK),
      rule("(?i)\\b((?:password|passwd|pwd|api_key|apikey|access_token|auth_token|secret|token)=)"
          + "(?!\\[REDACTED)[^\\s\"'&;,]+", "$1" + MARK),
      rule("\\b([A-Za-z][A-Za-z0-9+.\\-]*(?::[A-Za-z][A-Za-z0-9+.\\-]*)*://[^\\s/:@?#\"']*):[^\\s/@?#\"']+@",
          "$1:" + MARK + "@"));

  private static final List<String> ENVIRONMENT_VALUES = environmentSecrets(System.getenv());

  private Secrets() {}

  /**
   * The text with every credential this class knows replaced by {@link #MARK}.
   *
   * @param text any text, or {@code null}
   * @return the redacted text ({@code ""} for {@code null})
   */
  public static String redact(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return text == null ? "" : text;
    }
    String result = text;
    for (String value : ENVIRONMENT_VALUES) {
      if (result.contains(value)) {
        result = result.replace(value, MARK);
      }
    }
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(result);
      if (m.find()) {
        result = m.replaceAll(rule.replacement());
      }
    }
    return result;
  }

  /**
   * Whether an environment variable's name looks like it holds a credential.
   *
   * @param name a variable name
   * @return true for names containing KEY, TOKEN, SECRET, PASSWORD, PASS, PAT, CREDENTIAL or AUTH
   */
  public static boolean looksLikeCredentialName(String name) {
    for (String word : name.toUpperCase(Locale.ROOT).split("[^A-Z0-9]+")) {
      if (word.equals("PAT")) {
        return true;
      }
      for (String sign : NAME_SIGNS.split("\\|")) {
        if (!sign.equals("PAT") && word.contains(sign)) {
          return true;
        }
      }
    }
    return false;
  }

  static List<String> environmentSecrets(Map<String, String> environment) {
    List<String> values = new ArrayList<>();
    for (Map.Entry<String, String> e : environment.entrySet()) {
      String value = e.getValue();
      if (value != null && value.strip().length() >= 8 && looksLikeCredentialName(e.getKey())
          && !value.contains("/") && !value.equals(value.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""))) {
        values.add(value.strip());
      }
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(values);
  }

  private static Rule rule(String regex, String replacement) {
    return new Rule(Pattern.compile(regex), replacement);
  }
}
