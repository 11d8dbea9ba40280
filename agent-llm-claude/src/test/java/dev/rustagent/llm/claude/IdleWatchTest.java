package dev.rustagent.llm.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared watchdog fires idle watches only, once each, and never a closed one. */
class IdleWatchTest {

  @Test
  void onlyTheIdleWatchesFireAndEachFiresOnce() throws Exception {
    AtomicInteger fired = new AtomicInteger();
    CountDownLatch idleFired = new CountDownLatch(20);
    List<IdleWatch> idle = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      idle.add(IdleWatch.start(Duration.ofMillis(50), () -> {
        fired.incrementAndGet();
        idleFired.countDown();
      }));
    }
    AtomicInteger busyFired = new AtomicInteger();
    IdleWatch busy = IdleWatch.start(Duration.ofSeconds(5), busyFired::incrementAndGet);
    IdleWatch closed = IdleWatch.start(Duration.ofMillis(20), busyFired::incrementAndGet);
    assertThat(closed.close()).isTrue();

    assertThat(idleFired.await(30, TimeUnit.SECONDS)).isTrue();
    busy.touch();

    assertThat(idle).allMatch(IdleWatch::timedOut);
    assertThat(idle).noneMatch(IdleWatch::close);
    assertThat(fired).hasValue(20);
    assertThat(busy.timedOut()).isFalse();
    assertThat(busy.close()).isTrue();
    assertThat(closed.timedOut()).isFalse();
    assertThat(busyFired).hasValue(0);
  }

  @Test
  void aWatchStartedAfterTheOthersEndedIsStillSwept() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    IdleWatch.start(Duration.ofMillis(10), first::countDown);
    assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();

    CountDownLatch second = new CountDownLatch(1);
    IdleWatch later = IdleWatch.start(Duration.ofMillis(10), second::countDown);

    assertThat(second.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(later.timedOut()).isTrue();
  }
}
