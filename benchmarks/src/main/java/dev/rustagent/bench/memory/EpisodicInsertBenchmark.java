package dev.rustagent.bench.memory;

import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Episodic inserts into the H2 file database, with a 384-dimension vector per episode from a stand-in
 * model so the model's cost is not measured: one at a time with durable writes (each insert is on disk
 * when it returns; the default), one at a time with {@code durableWrites(false)}, and durable batches
 * of 100 through {@code recordAll} (reported per episode).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class EpisodicInsertBenchmark {

  @Param({"true", "false"})
  boolean durable;

  private Path dir;
  private AgentMemory memory;
  private long n;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("episodic-bench");
    memory = AgentMemory.builder().h2(dir).embeddingModel(new RandomEmbeddingModel()).starterKnowledge(false)
        .embeddingCacheSize(0).durableWrites(durable).build();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    memory.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private Interaction next() {
    long i = n++;
    return new Interaction("session-" + (i % 50), Instant.now(),
        "fix the borrow error E0502 in module " + i, "split the borrow with split_at_mut in step " + i,
        "workspace=/tmp/crate", i % 3 != 0);
  }

  @Benchmark
  public Episode insertEpisode() {
    return memory.episodes().record(next());
  }

  @Benchmark
  @OperationsPerInvocation(100)
  public List<Episode> insertEpisodesInBatchesOf100() {
    List<Interaction> batch = new ArrayList<>(100);
    for (int i = 0; i < 100; i++) {
      batch.add(next());
    }
    return memory.episodes().recordAll(batch);
  }
}
