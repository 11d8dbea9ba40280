package dev.rustagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void delaysGrowExponentiallyUpToTheCap() {
    RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofMillis(100)).multiplier(2).maxDelay(Duration.ofMillis(500))
        .jitter(0).build();

    assertThat(p.delayBefore(1, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(p.delayBefore(2, Optional.empty())).isEqualTo(Duration.ofMillis(200));
    assertThat(p.delayBefore(3, Optional.empty())).isEqualTo(Duration.ofMillis(400));
    assertThat(p.delayBefore(4, Optional.empty())).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void jitterSpreadsDelaysWithinItsBounds() {
    RetryPolicy p = RetryPolicy.builder().initialDelay(Duration.ofMillis(1000)).jitter(0.2).build();
    for (int i = 0; i < 50; i++) {
      assertThat(p.delayBefore(1, Optional.empty()).toMillis()).isBetween(800L, 1200L);
    }
  }

  @Test
  void theServersDelayWinsButIsCapped() {
    RetryPolicy p = RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(10)).build();

    assertThat(p.delayBefore(1, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.delayBefore(1, Optional.of(Duration.ofHours(1)))).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(2)).hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofMillis(-1)))
        .hasMessageContaining("between 0 and 1 day");
  }

  @Test
  void anAbsurdDelayIsRejectedNotOverflowed() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1 day");
  }
}
