package dev.rustagent.core;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Classifies whatever a chat model threw into a {@link ModelException}. */
final class ModelErrors {
  private ModelErrors() {}

  /** How deep the cause chain is searched; guards against cycles. */
  private static final int MAX_CAUSE_DEPTH = 16;

  static ModelException classify(Throwable error) {
    List<Throwable> chain = causes(error);
    for (Throwable c : chain) {
      if (c instanceof ModelException modelException) {
        return modelException;
      }
    }
    for (Throwable c : chain) {
      ModelException.Kind kind = kindOf(c);
      if (kind != null) {
        Integer status = c instanceof HttpException http ? http.statusCode() : null;
        return new ModelException(kind, describe(kind, c), status, null, error);
      }
    }
    return new ModelException(ModelException.Kind.OTHER, "model call failed: " + message(error), error);
  }

  private static List<Throwable> causes(Throwable error) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable c = error; c != null && chain.size() < MAX_CAUSE_DEPTH && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }

  private static ModelException.Kind kindOf(Throwable c) {
    if (c instanceof RateLimitException) {
      return ModelException.Kind.RATE_LIMITED;
    }
    if (c instanceof dev.langchain4j.exception.TimeoutException
        || c instanceof java.net.http.HttpTimeoutException
        || c instanceof java.net.SocketTimeoutException
        || c instanceof java.util.concurrent.TimeoutException) {
      return ModelException.Kind.TIMEOUT;
    }
    if (c instanceof InternalServerException) {
      return ModelException.Kind.SERVER;
    }
    if (c instanceof AuthenticationException) {
      return ModelException.Kind.AUTHENTICATION;
    }
    if (c instanceof ContentFilteredException) {
      return ModelException.Kind.REFUSED;
    }
    if (c instanceof InvalidRequestException || c instanceof ModelNotFoundException) {
      return saysContextTooLarge(c) ? ModelException.Kind.CONTEXT_TOO_LARGE : ModelException.Kind.INVALID_REQUEST;
    }
    if (c instanceof HttpException http) {
      int status = http.statusCode();
      if (status == 429) {
        return ModelException.Kind.RATE_LIMITED;
      }
      if (status == 529) {
        return ModelException.Kind.OVERLOADED;
      }
      if (status == 413 || (status == 400 && saysContextTooLarge(c))) {
        return ModelException.Kind.CONTEXT_TOO_LARGE;
      }
      if (status == 408) {
        return ModelException.Kind.TIMEOUT;
      }
      if (status == 401 || status == 403) {
        return ModelException.Kind.AUTHENTICATION;
      }
      if (status >= 500) {
        return ModelException.Kind.SERVER;
      }
      return ModelException.Kind.INVALID_REQUEST;
    }
    if (c instanceof ConnectException || c instanceof UnknownHostException
        || c instanceof UnresolvedAddressException) {
      return ModelException.Kind.UNAVAILABLE;
    }
    if (c instanceof RetriableException) {
      return ModelException.Kind.SERVER;
    }
    if (c instanceof com.fasterxml.jackson.core.JsonProcessingException) {
      // Jackson's parse errors are IOExceptions, but a body that does not parse is no broken connection.
      return ModelException.Kind.PROTOCOL;
    }
    if (c instanceof IOException) {
      return ModelException.Kind.STREAM_INTERRUPTED;
    }
    return null;
  }

  static boolean saysContextTooLarge(Throwable c) {
    String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("prompt is too long") || m.contains("context window") || m.contains("context length")
        || m.contains("too many tokens") || m.contains("context_length_exceeded");
  }

  private static String describe(ModelException.Kind kind, Throwable c) {
    String what = switch (kind) {
      case RATE_LIMITED -> "the model service is rate limiting requests";
      case OVERLOADED -> "the model service is overloaded";
      case SERVER -> "the model service had an internal error";
      case TIMEOUT -> "the model did not answer in time";
      case STREAM_INTERRUPTED -> "the connection to the model broke off";
      case CONTEXT_TOO_LARGE -> "the conversation is too large for the model's context window";
      case AUTHENTICATION -> "the model service refused the credentials";
      case INVALID_REQUEST -> "the model service rejected the request";
      case UNAVAILABLE -> "the model service cannot be reached";
      case PROTOCOL -> "the model service answered with something that is not a valid response";
      case REFUSED -> "the model refused to answer";
      case OTHER -> "model call failed";
    };
    return what + ": " + message(c);
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
