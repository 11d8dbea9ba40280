package dev.rustagent.bench.memory;

import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.testkit.PostgresCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * The shared PostgreSQL memory beside the embedded H2 one, in one run: durable single episode inserts
 * per second, and hybrid top-10 recall over 100,000 episodes (384-dimension stand-in vectors, so the
 * model's cost is not measured). PostgreSQL is a throwaway local cluster (initdb, default settings:
 * fsync on, synchronous commit), reached over TCP on 127.0.0.1; H2 is a file database with durable
 * writes. Both search the same in-process exact index; PostgreSQL adds the round trips that read the
 * ten hits back.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class SharedStoreBenchmark {

  /** How many episodes the search runs over. */
  static final int SEARCHED = 100_000;

  /** One open memory of the chosen kind. */
  @State(Scope.Benchmark)
  public abstract static class Store {
    @Param({"h2", "postgres"})
    String store;

    PostgresCluster cluster;
    Path dir;
    AgentMemory memory;
    long n;

    void open() throws IOException {
      AgentMemory.Builder builder = AgentMemory.builder().embeddingModel(new RandomEmbeddingModel())
          .starterKnowledge(false).embeddingCacheSize(0);
      if (store.equals("postgres")) {
        cluster = PostgresCluster.create();
        builder.postgres(cluster.createDatabase());
      } else {
        dir = Files.createTempDirectory("shared-store-bench");
        builder.h2(dir);
      }
      memory = builder.build();
    }

    Interaction next() {
      long i = n++;
      return new Interaction("session-" + (i % 50), Instant.now(),
          "fix the borrow error E0502 in module " + i, "split the borrow with split_at_mut in step " + i,
          "workspace=/tmp/crate", i % 3 != 0);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      memory.close();
      if (cluster != null) {
        cluster.close();
      }
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    }
  }

  /** An empty memory that the insert benchmark fills. */
  @State(Scope.Benchmark)
  public static class Empty extends Store {
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      open();
    }
  }

  /** A memory holding {@value SharedStoreBenchmark#SEARCHED} episodes. */
  @State(Scope.Benchmark)
  public static class Loaded extends Store {
    long queries;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      open();
      for (int from = 0; from < SEARCHED; from += 1000) {
        List<Interaction> batch = new ArrayList<>(1000);
        for (int i = 0; i < 1000; i++) {
          batch.add(next());
        }
        memory.episodes().recordAll(batch);
      }
    }
  }

  @Benchmark
  public Episode insertEpisode(Empty s) {
    return s.memory.episodes().record(s.next());
  }

  @Benchmark
  public List<Scored<Episode>> searchTop10(Loaded s) {
    return s.memory.episodes().similar("borrow error E0502 in module " + (s.queries++ * 7919 % SEARCHED), 10);
  }
}
