package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrajectoryStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir
  Path dir;

  static Stream<Arguments> stores() {
    return Stream.of(
        Arguments.of("h2", (Function<Path, TrajectoryStore>) d -> TrajectoryStore.h2(d.resolve("art"))),
        Arguments.of("json", (Function<Path, TrajectoryStore>) d -> TrajectoryStore.jsonFiles(d.resolve("json"))));
  }

  private static Trajectory t(String id, String objective, Double reward, int minute) {
    return Trajectories.of(id, objective, reward, 3, T0.plusSeconds(60L * minute));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void savedTrajectoriesComeBackUnchanged(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      Trajectory original = t("a", "fix E0382", 0.7, 0);
      store.save(original);
      assertThat(store.find("a")).contains(original);
      assertThat(store.find("missing")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void savingTheSameIdReplaces(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      store.save(t("a", "fix", null, 0));
      store.save(t("a", "fix", 0.9, 0));
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.find("a").orElseThrow().reward()).isEqualTo(0.9);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void answersQueriesByTimeRewardAgentAndObjective(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      store.save(t("a", "fix", 0.2, 0));
      store.save(t("b", "fix", 0.9, 1));
      store.save(t("c", "test", 0.5, 2));
      store.save(t("d", "test", null, 3));

      assertThat(store.recent(2)).extracting(Trajectory::id).containsExactly("d", "c");
      assertThat(store.withRewardAtLeast(0.5, 10)).extracting(Trajectory::id).containsExactly("b", "c");
      assertThat(store.topByReward(2)).extracting(Trajectory::id).containsExactly("b", "c");
      assertThat(store.byObjective("fix", 10)).extracting(Trajectory::id).containsExactly("b", "a");
      assertThat(store.byAgent("tester", 3)).extracting(Trajectory::id).containsExactly("d", "c", "b");
      assertThat(store.byAgent("nobody", 3)).isEmpty();
      assertThat(store.count()).isEqualTo(4);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void groupsTrajectoriesOfTheSameObjective(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      store.save(t("a", "fix", 0.2, 0));
      store.save(t("b", "fix", 0.9, 1));
      store.save(t("c", "test", 0.5, 2));

      assertThat(store.groupsByObjective(2)).singleElement()
          .satisfies(g -> assertThat(g).extracting(Trajectory::id).containsExactlyInAnyOrder("a", "b"));
      assertThat(store.groupsByObjective(1)).hasSize(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void withNothingScoredThereIsNoMeanReward(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      assertThat(store.stats().meanReward()).isEmpty();
      store.save(t("a", "fix", null, 0));
      assertThat(store.stats().meanReward()).isEmpty();
      assertThat(store.stats().count()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void summarisesCountsAndRewards(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      store.save(t("a", "fix", 0.2, 0));
      store.save(t("b", "fix", 0.6, 1));
      store.save(t("c", "test", null, 2));
      TrajectoryStore.TrajectoryStats stats = store.stats();
      assertThat(stats.count()).isEqualTo(3);
      assertThat(stats.scored()).isEqualTo(2);
      assertThat(stats.meanReward().orElseThrow()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(stats.objectives()).isEqualTo(2);
      assertThat(stats.successes()).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aTrajectoryWithNoStepsIsStored(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      Trajectory empty = new Trajectory("e", null, "tester", "nothing", false, "", null, null, null, null, null,
          null, null, T0, null);
      store.save(empty);
      assertThat(store.find("e")).contains(empty);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void aLimitBelowOneIsRejected(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      assertThatThrownBy(() -> store.recent(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("limit");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void savesManyAtOnce(String name, Function<Path, TrajectoryStore> open) {
    try (TrajectoryStore store = open.apply(dir)) {
      java.util.List<Trajectory> many = new java.util.ArrayList<>();
      for (int i = 0; i < 600; i++) {
        many.add(t("m" + i, "bulk", i / 600.0, i));
      }
      store.saveAll(many);
      assertThat(store.count()).isEqualTo(600);
      assertThat(store.topByReward(1)).extracting(Trajectory::id).containsExactly("m599");
    }
  }

  @Test
  void theH2StoreKeepsTrajectoriesLargerThanTheInlineLimit() {
    Trajectory small = t("s", "fix", 0.5, 0);
    Trajectory big = new Trajectory("big", null, "tester", "fix", true, "x".repeat(1_100_000), small.steps(),
        small.messages(), small.tools(), small.metadata(), small.metrics(), 0.6, small.logs(), T0, null);
    try (TrajectoryStore store = TrajectoryStore.h2(dir.resolve("db"))) {
      store.save(big);
      store.save(small);
      assertThat(store.find("big")).contains(big);
      assertThat(store.topByReward(2)).extracting(Trajectory::id).containsExactly("big", "s");
    }
  }

  @Test
  void aDurableH2StoreKeepsWhatWasSavedWhenTheProcessIsKilled() throws Exception {
    Path db = dir.resolve("durable");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SaveThenHalt.class.getName(), db.toString())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(output).isEqualTo(9);
    assertThat(output).contains("saved");
    try (TrajectoryStore store = TrajectoryStore.h2(db)) {
      assertThat(store.find("survivor")).isPresent();
    }
  }

  @Test
  void theH2StoreKeepsTrajectoriesAcrossReopening() {
    try (TrajectoryStore store = TrajectoryStore.h2(dir.resolve("db"))) {
      store.save(t("a", "fix", 0.5, 0));
    }
    try (TrajectoryStore store = TrajectoryStore.h2(dir.resolve("db"))) {
      assertThat(store.find("a")).isPresent();
    }
  }

  @Test
  void aCorruptFileIsSkippedWithAWarningNamingItAndTheOthersLoad() throws Exception {
    try (TrajectoryStore store = TrajectoryStore.jsonFiles(dir)) {
      store.save(t("good1", "fix", 0.5, 0));
      store.save(t("good2", "fix", 0.6, 1));
      Files.writeString(dir.resolve("broken.json"), "{\"id\": \"broken\", \"steps\": [");

      String[] loaded = new String[1];
      String log = StdErr.capture(() -> loaded[0] = store.recent(10).stream().map(Trajectory::id).toList().toString());
      assertThat(loaded[0]).isEqualTo("[good2, good1]");
      assertThat(log).contains("broken.json");
    }
  }

  @Test
  void theJsonStoreLeavesNoTemporaryFilesBehind() throws Exception {
    try (TrajectoryStore store = TrajectoryStore.jsonFiles(dir)) {
      store.save(t("a", "fix", 0.5, 0));
      store.save(t("a", "fix", 0.6, 0));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.json");
    }
  }

  @Test
  void theJsonStoreRejectsIdsThatAreNotFileNames() {
    try (TrajectoryStore store = TrajectoryStore.jsonFiles(dir)) {
      assertThatThrownBy(() -> store.save(t("../escape", "fix", 0.5, 0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../escape");
    }
  }
}
