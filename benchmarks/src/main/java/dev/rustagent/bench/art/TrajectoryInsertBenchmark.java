package dev.rustagent.bench.art;

import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import java.nio.file.Path;
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
 * Saving one 10-step trajectory (with its messages) at a time: the H2 store (a row with indexed
 * columns plus the JSON body, autocommit; default and with durable writes) against the seed's
 * one-JSON-file-per-trajectory store (atomic temp-file-and-move). Target: at least 2,000 inserts a
 * second into H2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TrajectoryInsertBenchmark {
  private Path dir;
  private TrajectoryStore h2;
  private TrajectoryStore h2Durable;
  private TrajectoryStore jsonFiles;
  private long next;

  @Setup
  public void open() {
    dir = BenchTrajectories.tempDir("art-insert-bench");
    h2 = TrajectoryStore.h2(dir.resolve("h2").resolve("trajectories"));
    h2Durable = TrajectoryStore.h2(dir.resolve("h2-durable").resolve("trajectories"), true);
    jsonFiles = TrajectoryStore.jsonFiles(dir.resolve("json"));
  }

  @TearDown
  public void close() {
    h2.close();
    h2Durable.close();
    jsonFiles.close();
    BenchTrajectories.delete(dir);
  }

  @Benchmark
  public Trajectory h2Insert() {
    Trajectory t = BenchTrajectories.trajectory(next++);
    h2.save(t);
    return t;
  }

  @Benchmark
  public Trajectory h2DurableInsert() {
    Trajectory t = BenchTrajectories.trajectory(next++);
    h2Durable.save(t);
    return t;
  }

  @Benchmark
  public Trajectory jsonFileInsert() {
    Trajectory t = BenchTrajectories.trajectory(next++);
    jsonFiles.save(t);
    return t;
  }
}
