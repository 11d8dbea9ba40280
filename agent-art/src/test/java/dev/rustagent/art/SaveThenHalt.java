package dev.rustagent.art;

import java.nio.file.Path;
import java.time.Instant;

/** Run in a child JVM: saves one trajectory into a durable H2 store, says so, and dies at once. */
public final class SaveThenHalt {
  private SaveThenHalt() {}

  public static void main(String[] args) {
    TrajectoryStore store = TrajectoryStore.h2(Path.of(args[0]), true);
    store.save(Trajectories.of("survivor", "fix", 0.8, 2, Instant.parse("2026-01-01T00:00:00Z")));
    System.out.println("saved");
    System.out.flush();
    Runtime.getRuntime().halt(9);
  }
}
