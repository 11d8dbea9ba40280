package dev.rustagent.bench.memory;

import dev.rustagent.memory.AgentMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Heap used by an open H2 file memory holding {@code N} semantic memories with 384-dimension vectors
 * (default 100,000): loads them, reopens the database (so the index is rebuilt from H2 as on a real
 * start), forces garbage collection and prints the used heap. Run:
 * {@code java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.rustagent.bench.memory.MemoryFootprint [N]}
 */
public final class MemoryFootprint {

  private MemoryFootprint() {}

  /**
   * @param args optional number of memories
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dir = Files.createTempDirectory("footprint");
    long before = usedHeap();
    try (AgentMemory memory = open(dir)) {
      for (int i = 0; i < n; i++) {
        memory.semantic().put("memory " + i + " about crate " + (i % 997) + " and error E0" + (i % 600),
            Map.of("kind", i % 2 == 0 ? "fix" : "note"));
      }
    }
    long base = usedHeap();
    try (AgentMemory memory = open(dir)) {
      long after = usedHeap();
      System.out.printf("memories=%d heap before=%.1f MB, after reopen=%.1f MB, used by the open memory=%.1f MB%n",
          memory.semantic().count(), before / 1e6, after / 1e6, (after - base) / 1e6);
    } finally {
      delete(dir);
    }
  }

  private static AgentMemory open(Path dir) {
    return AgentMemory.builder().h2(dir).embeddingModel(new RandomEmbeddingModel()).starterKnowledge(false)
        .embeddingCacheSize(0).build();
  }

  private static long usedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
