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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The 100 best-rewarded of {@code size} stored 10-step trajectories: the H2 store (index on reward)
 * against the seed's JSON-file store, which reads and parses every file per query. Target: under
 * 20 ms for H2 at 100,000 trajectories.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TopByRewardBenchmark {
  @Param("100000")
  int size;

  private Path dir;
  private TrajectoryStore h2;
  private TrajectoryStore jsonFiles;

  @Setup
  public void fill() {
    dir = BenchTrajectories.tempDir("art-top-bench");
    h2 = TrajectoryStore.h2(dir.resolve("h2").resolve("trajectories"));
    jsonFiles = TrajectoryStore.jsonFiles(dir.resolve("json"));
    List<Trajectory> batch = new ArrayList<>(5_000);
    for (long n = 0; n < size; n++) {
      Trajectory t = BenchTrajectories.trajectory(n);
      batch.add(t);
      jsonFiles.save(t);
      if (batch.size() == 5_000) {
        h2.saveAll(batch);
        batch.clear();
      }
    }
    h2.saveAll(batch);
  }

  @TearDown
  public void close() {
    h2.close();
    jsonFiles.close();
    BenchTrajectories.delete(dir);
  }

  @Benchmark
  public List<Trajectory> h2Top100() {
    return h2.topByReward(100);
  }

  @Benchmark
  public List<Trajectory> jsonFilesTop100() {
    return jsonFiles.topByReward(100);
  }
}
