package dev.rustagent.bench.art;

import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 100 best-rewarded of 100,000 stored 10-step trajectories: the H2 store (index on reward)
 * against the seed's JSON-file store, which reads and parses every file per query. Target: under
 * 20 ms for H2 at 100,000 trajectories. Each store is filled only when its benchmark runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TopByRewardBenchmark {

  /** A filled store of one kind. */
  abstract static class Filled {
    static final int SIZE = 100_000;

    Path dir;
    TrajectoryStore store;

    abstract TrajectoryStore open(Path dir);

    @Setup
    public void fill() {
      dir = BenchTrajectories.tempDir("art-top-bench");
      store = open(dir);
      List<Trajectory> batch = new ArrayList<>(5_000);
      for (long n = 0; n < SIZE; n++) {
        batch.add(BenchTrajectories.trajectory(n));
        if (batch.size() == 5_000) {
          store.saveAll(batch);
          batch.clear();
        }
      }
      store.saveAll(batch);
    }

    @TearDown
    public void close() {
      store.close();
      BenchTrajectories.delete(dir);
    }
  }

  /** The H2 store. */
  @State(Scope.Benchmark)
  public static class H2 extends Filled {
    @Override
    TrajectoryStore open(Path dir) {
      return TrajectoryStore.h2(dir.resolve("trajectories"));
    }
  }

  /** One JSON file per trajectory. */
  @State(Scope.Benchmark)
  public static class JsonFiles extends Filled {
    @Override
    TrajectoryStore open(Path dir) {
      return TrajectoryStore.jsonFiles(dir.resolve("json"));
    }
  }

  @Benchmark
  public List<Trajectory> h2Top100(H2 h2) {
    return h2.store.topByReward(100);
  }

  @Benchmark
  public List<Trajectory> jsonFilesTop100(JsonFiles json) {
    return json.store.topByReward(100);
  }
}
