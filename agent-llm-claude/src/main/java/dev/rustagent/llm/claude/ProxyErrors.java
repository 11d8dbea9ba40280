package dev.rustagent.llm.claude;

import dev.rustagent.core.internal.CoreJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.core.ModelException;
import dev.rustagent.core.ModelException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what the proxy answered (status, headers, error body) or how the connection failed into a
 * {@link ModelException} of the right {@link Kind}, with a message that says what to do.
 */
final class ProxyErrors {
  private static final ObjectMapper JSON = CoreJson.MAPPER;
  private static final Pattern CONTEXT_TOO_LARGE = Pattern.compile(
      "prompt is too long|context window|context length|too many (input )?tokens|maximum context|"
          + "input is too long|exceeds the model's context",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MODEL_NOT_FOUND = Pattern.compile(
      "model_not_found|model not found|unknown model|unknown provider for model|not_found_error.*model",
      Pattern.CASE_INSENSITIVE);

  private ProxyErrors() {}

  /** The error body's type/code and message, however the server shaped it. */
  record ErrorBody(String type, String message, Duration resetAfter) {}

  static ErrorBody parseBody(String body) {
    String fallback = body == null ? "" : abbreviate(body.strip(), 300);
    if (body == null || body.isBlank()) {
      return new ErrorBody("", "(empty body)", null);
    }
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root.path("error");
      if (error.isTextual()) {
        return new ErrorBody(root.path("type").asText(""), error.asText(), null);
      }
      String type = firstText(error.path("type"), error.path("code"), root.path("type"));
      String code = error.path("code").asText("");
      if (!code.isEmpty() && !code.equals(type)) {
        type = type.isEmpty() ? code : type + "/" + code;
      }
      String message = firstText(error.path("message"), root.path("message"));
      JsonNode reset = error.has("reset_seconds") ? error.path("reset_seconds") : root.path("reset_seconds");
      Duration resetAfter = reset.isNumber() ? Duration.ofMillis(Math.round(reset.asDouble() * 1000)) : null;
      return new ErrorBody(type, message.isEmpty() ? fallback : message, resetAfter);
    } catch (IOException e) {
      return new ErrorBody("", fallback, null);
    }
  }

  /** Classifies an HTTP error answer from {@code endpoint}. */
  static ModelException fromResponse(int status, Map<String, List<String>> headers, String body, String endpoint,
      Clock clock) {
    ErrorBody error = parseBody(body);
    String type = error.type();
    String detail = "HTTP " + status + (type.isEmpty() ? "" : " " + type) + ": " + error.message();
    String lowerAll = (type + " " + error.message()).toLowerCase(Locale.ROOT);
    Duration retryAfter = retryAfter(headers, clock).orElse(error.resetAfter());

    if (status == 429 || type.contains("rate_limit") || type.contains("model_cooldown")) {
      String wait = retryAfter == null ? "" : "; retry after " + retryAfter.toSeconds() + "s";
      String what = type.contains("model_cooldown") ? "every credential for the model is cooling down"
          : "rate limited";
      return new ModelException(Kind.RATE_LIMITED, "The proxy at " + endpoint + " says " + what + " (" + detail + ")"
          + wait, status, retryAfter, null);
    }
    if (status == 529 || type.contains("overloaded")) {
      return new ModelException(Kind.OVERLOADED, "Claude is overloaded (" + detail + "); try again shortly",
          status, retryAfter, null);
    }
    if (status == 413 || (status == 400 && CONTEXT_TOO_LARGE.matcher(error.message()).find())) {
      return new ModelException(Kind.CONTEXT_TOO_LARGE,
          "The prompt does not fit the model's context window (" + detail + ")", status, null, null);
    }
    if (status == 401) {
      return new ModelException(Kind.AUTHENTICATION, "The proxy at " + endpoint + " refused the request ("
          + detail + "): set [llm] api_key or RUST_AGENT_LLM_API_KEY to a key listed in the proxy's api-keys",
          status, null, null);
    }
    if (status == 403) {
      String hint = lowerAll.contains("unsafe_example_api_key")
          ? ": the key is the example key from the proxy's documentation; put a key of your own in the proxy's "
              + "api-keys and in [llm] api_key"
          : ": the key is not allowed to use this endpoint or model";
      return new ModelException(Kind.AUTHENTICATION, "The proxy at " + endpoint + " forbids the request ("
          + detail + ")" + hint, status, null, null);
    }
    if (status == 503 && lowerAll.contains("no auth available")) {
      return new ModelException(Kind.UNAVAILABLE, "The proxy at " + endpoint + " has no Claude account to "
          + "forward to (" + detail + "): log the proxy in to Claude (e.g. `cli-proxy-api --claude-login`) "
          + "and restart it", status, retryAfter, null);
    }
    if (status == 408) {
      return new ModelException(Kind.TIMEOUT, "The proxy timed out (" + detail + ")", status, retryAfter, null);
    }
    if (status >= 500) {
      return new ModelException(Kind.SERVER, "The proxy at " + endpoint + " failed (" + detail + ")", status,
          retryAfter, null);
    }
    if (MODEL_NOT_FOUND.matcher(lowerAll).find()) {
      return new ModelException(Kind.INVALID_REQUEST, "The proxy does not offer the requested model (" + detail
          + "): pick one of the ids GET /v1/models lists (ClaudeProxy.check() shows them)", status, null, null);
    }
    return new ModelException(Kind.INVALID_REQUEST, "The proxy rejected the request (" + detail + ")", status,
        null, null);
  }

  /** Classifies a failure to talk to {@code endpoint} at all, or a connection that broke off. */
  static ModelException fromThrowable(Throwable failure, String endpoint) {
    Optional<ModelException> typed = find(failure);
    if (typed.isPresent()) {
      return typed.get();
    }
    Throwable cause = failure;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return new ModelException(Kind.TIMEOUT, "Connecting to the proxy at " + endpoint + " timed out", t);
      }
      if (t instanceof HttpTimeoutException) {
        return new ModelException(Kind.TIMEOUT, "The proxy at " + endpoint + " did not answer in time"
            + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")"), t);
      }
      if (t instanceof ConnectException || t instanceof UnresolvedAddressException
          || t instanceof UnknownHostException) {
        return new ModelException(Kind.UNAVAILABLE, "No Claude proxy is listening at " + origin(endpoint) + " ("
            + describe(t) + "). Start CLIProxyAPI (it listens on http://localhost:8317 by default), point "
            + "[llm] api_endpoint or RUST_AGENT_LLM_API_ENDPOINT at your proxy, or run with --demo", t);
      }
      if (t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
        return new ModelException(Kind.PROTOCOL, "The proxy at " + endpoint + " answered with something that is "
            + "not a valid Messages response (" + describe(t) + ")", t);
      }
      if (t instanceof IOException) {
        cause = t;
      }
    }
    if (cause instanceof IOException) {
      return new ModelException(Kind.STREAM_INTERRUPTED, "The connection to the proxy at " + endpoint
          + " broke off (" + describe(cause) + ")", cause);
    }
    return new ModelException(Kind.OTHER, "Calling the proxy at " + endpoint + " failed: " + describe(failure),
        failure);
  }

  /** The {@link ModelException} somewhere in the cause chain of {@code failure}, if any. */
  static Optional<ModelException> find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ModelException model) {
        return Optional.of(model);
      }
    }
    return Optional.empty();
  }

  /** The {@code retry-after} header as seconds or an HTTP date. */
  static Optional<Duration> retryAfter(Map<String, List<String>> headers, Clock clock) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() != null && header.getKey().equalsIgnoreCase("retry-after")
          && !header.getValue().isEmpty()) {
        String value = header.getValue().get(0).strip();
        try {
          double seconds = Double.parseDouble(value);
          return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException notSeconds) {
          try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
          } catch (DateTimeParseException notDate) {
            return Optional.empty();
          }
        }
      }
    }
    return Optional.empty();
  }

  /** {@code scheme://host:port} of an endpoint written as {@code "METHOD url"} or as a bare URL. */
  static String origin(String endpoint) {
    int start = endpoint.indexOf("http");
    if (start < 0) {
      return endpoint;
    }
    try {
      java.net.URI uri = new java.net.URI(endpoint.substring(start).strip());
      return uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (java.net.URISyntaxException e) {
      return endpoint;
    }
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static String firstText(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      if (node.isTextual() && !node.asText().isBlank()) {
        return node.asText();
      }
    }
    return "";
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
