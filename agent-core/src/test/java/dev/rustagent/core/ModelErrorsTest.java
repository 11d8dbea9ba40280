package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ModelErrorsTest {

  private static ModelException.Kind kind(Throwable t) {
    return ModelErrors.classify(t).kind();
  }

  @Test
  void langchain4jExceptionsMapToKinds() {
    assertThat(kind(new RateLimitException("429"))).isEqualTo(ModelException.Kind.RATE_LIMITED);
    assertThat(kind(new TimeoutException("slow"))).isEqualTo(ModelException.Kind.TIMEOUT);
    assertThat(kind(new InternalServerException("500"))).isEqualTo(ModelException.Kind.SERVER);
    assertThat(kind(new AuthenticationException("401"))).isEqualTo(ModelException.Kind.AUTHENTICATION);
    assertThat(kind(new InvalidRequestException("bad temperature"))).isEqualTo(ModelException.Kind.INVALID_REQUEST);
    assertThat(kind(new InvalidRequestException("prompt is too long: 210000 tokens")))
        .isEqualTo(ModelException.Kind.CONTEXT_TOO_LARGE);
  }

  @Test
  void httpStatusesMapToKinds() {
    assertThat(kind(new HttpException(429, "x"))).isEqualTo(ModelException.Kind.RATE_LIMITED);
    assertThat(kind(new HttpException(529, "x"))).isEqualTo(ModelException.Kind.OVERLOADED);
    assertThat(kind(new HttpException(503, "x"))).isEqualTo(ModelException.Kind.SERVER);
    assertThat(kind(new HttpException(413, "x"))).isEqualTo(ModelException.Kind.CONTEXT_TOO_LARGE);
    assertThat(kind(new HttpException(401, "x"))).isEqualTo(ModelException.Kind.AUTHENTICATION);
    assertThat(kind(new HttpException(404, "x"))).isEqualTo(ModelException.Kind.INVALID_REQUEST);
    assertThat(ModelErrors.classify(new HttpException(503, "x")).statusCode()).hasValue(503);
  }

  @Test
  void causesAreSearchedAndConnectionFailuresAreNotRetried() {
    ModelException refused = ModelErrors.classify(new RuntimeException("wrapped", new ConnectException("Connection refused")));
    assertThat(refused.kind()).isEqualTo(ModelException.Kind.UNAVAILABLE);
    assertThat(refused.isTransient()).isFalse();
    assertThat(kind(new RuntimeException(new IOException("stream reset")))).isEqualTo(ModelException.Kind.STREAM_INTERRUPTED);
    assertThat(kind(new IllegalStateException("weird"))).isEqualTo(ModelException.Kind.OTHER);
  }

  @Test
  void aModelExceptionAnywhereInTheChainIsKept() {
    ModelException original = new ModelException(ModelException.Kind.OVERLOADED, "529");
    assertThat(ModelErrors.classify(new RuntimeException(original))).isSameAs(original);
  }
}
