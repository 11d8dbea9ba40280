package dev.rustagent.art;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.art.patterns.SuccessPatternDatabase.PatternIndex;
import dev.rustagent.art.patterns.SuccessPatternDatabase;
import dev.rustagent.art.train.TrainingPipeline;
import dev.rustagent.core.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.art.ArtConfig.ArtException;

/** Seed 001's {@code [art]}, {@code [art.models]} and {@code [art.storage]} sections load and are applied. */
class ArtConfigFileTest {
  /** Seed 001's configuration, verbatim (a resource of agent-testkit, shared by the ART and CLI tests). */
  static final String SEED_001 = new java.util.Scanner(ArtConfigFileTest.class.getResourceAsStream(
      "/dev/rustagent/testkit/seeds/seed-001-art.toml"), java.nio.charset.StandardCharsets.UTF_8).useDelimiter("\\A").next();

  @TempDir
  Path dir;

  @Test
  void seed001sConfigLoadsVerbatimWithPathsRelativeToTheFile() throws Exception {
    Path file = dir.resolve("conf/rustchain.toml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, SEED_001);

    ArtConfig config = ArtConfig.load(file);

    assertThat(config.enableTracking()).isTrue();
    assertThat(config.enableTraining()).isTrue();
    assertThat(config.trainingInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(config.minTrajectories()).isEqualTo(10);
    assertThat(config.patternThreshold()).isEqualTo(0.7);
    assertThat(config.rewardThreshold()).isEqualTo(0.7);
    assertThat(config.models().champion()).isEqualTo("llama-3.2-1b-personal");
    assertThat(config.models().baseModelsPath()).isEqualTo(dir.resolve("command-center").toAbsolutePath());
    assertThat(config.models().checkpointsPath()).isEqualTo(dir.resolve("conf/checkpoints").toAbsolutePath());
    assertThat(config.storage().trajectoriesPath()).isEqualTo(dir.resolve("conf/art_data").toAbsolutePath());
    assertThat(config.storage().patternsPath()).isEqualTo(dir.resolve("conf/art_patterns").toAbsolutePath());
    assertThat(config.storage().backupInterval()).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void theAgentsOwnConfigReaderLeavesTheArtSectionsToAgentArt() {
    AgentConfig config = AgentConfig.parse(SEED_001, "rustchain.toml", Map.of());

    assertThat(config.context()).isEqualTo(AgentConfig.Context.defaults());
  }

  @Test
  void aFileWithoutArtSectionsKeepsTheDefaults() {
    assertThat(ArtConfig.parse("[llm]\nmodel = \"x\"\n", "a.toml", dir)).isEqualTo(ArtConfig.defaults());
  }

  @Test
  void theTrainingCommandIsReadAndBrokenQuotingIsNamed() {
    assertThat(ArtConfig.parse("[art]\ntraining_command = \"python3 train.py '{dataset}'\"\n", "a.toml", dir)
        .trainingCommand()).isEqualTo("python3 train.py '{dataset}'");
    assertThatThrownBy(() -> ArtConfig.parse("[art]\ntraining_command = \"python3 'train.py\"\n", "a.toml", dir))
        .isInstanceOf(ArtException.class).hasMessageContaining("[art] training_command");
  }

  @Test
  void unknownKeysAreNamedWithTheirSection() {
    assertThatThrownBy(() -> ArtConfig.parse("""
        [art]
        enable_trackin = true
        [art.models]
        champ = "x"
        [art.storage]
        backup_every = 3
        """, "a.toml", dir))
        .isInstanceOf(ArtException.class)
        .hasMessageContaining("[art] enable_trackin is not a known key")
        .hasMessageContaining("[art.models] champ is not a known key")
        .hasMessageContaining("[art.storage] backup_every is not a known key");
  }

  @Test
  void outOfRangeThresholdsAndIntervalsAreNamed() {
    assertThatThrownBy(() -> ArtConfig.parse("""
        [art]
        pattern_matching_threshold = 1.5
        reward_threshold_for_learning = -0.1
        min_trajectories_for_training = 0
        training_interval = 0
        [art.storage]
        backup_interval = -5
        """, "a.toml", dir))
        .isInstanceOf(ArtException.class)
        .hasMessageContaining("[art] pattern_matching_threshold: pattern threshold must be within 0..1: 1.5")
        .hasMessageContaining("[art] reward_threshold_for_learning: reward threshold must be within 0..1: -0.1")
        .hasMessageContaining("[art] min_trajectories_for_training: minimum trajectories must be at least 1")
        .hasMessageContaining("[art] training_interval must be positive seconds, got 0")
        .hasMessageContaining("[art.storage] backup_interval must be 0 (off) or more seconds, got -5");
  }

  @Test
  void valuesOfTheWrongTypeAreNamed() {
    assertThatThrownBy(() -> ArtConfig.parse("""
        [art]
        enable_tracking = "yes"
        training_interval = "1h"
        [art.models]
        champion = 3
        checkpoints_path = ""
        """, "a.toml", dir))
        .hasMessageContaining("[art] enable_tracking must be a boolean (true or false), got the string \"yes\"")
        .hasMessageContaining("[art] training_interval must be an integer, got the string \"1h\"")
        .hasMessageContaining("[art.models] champion must be a string, got the integer 3")
        .hasMessageContaining("[art.models] checkpoints_path must not be empty");
  }

  @Test
  void environmentVariablesOverrideTheFileSectionBySection() {
    ArtConfig config = dev.rustagent.art.internal.ArtConfigReader.parse("""
        [art]
        enable_tracking = true
        [art.models]
        champion = "from-file"
        """, "a.toml", dir, ArtConfig.builder(), Map.of("RUST_AGENT_ART_ENABLE_TRACKING", "false",
        "RUST_AGENT_ART_MODELS_CHAMPION", "from-env", "RUST_AGENT_ART_STORAGE_BACKUP_INTERVAL", "60"));

    assertThat(config.enableTracking()).isFalse();
    assertThat(config.models().champion()).isEqualTo("from-env");
    assertThat(config.storage().backupInterval()).isEqualTo(java.time.Duration.ofSeconds(60));
  }

  @Test
  void aBadEnvironmentValueIsNamedByItsVariable() {
    assertThatThrownBy(() -> dev.rustagent.art.internal.ArtConfigReader.parse("", "a.toml", dir,
        ArtConfig.builder(), Map.of("RUST_AGENT_ART_STORAGE_BACKUP_INTERVAL", "hourly")))
        .isInstanceOf(ArtException.class)
        .hasMessageContaining("RUST_AGENT_ART_STORAGE_BACKUP_INTERVAL must be an integer, got \"hourly\"");
  }

  /** An index under which every stored pattern is exactly half similar to any task. */
  private static final class HalfSimilar implements PatternIndex {
    private final java.util.Set<String> ids = new java.util.LinkedHashSet<>();

    @Override
    public void put(String id, String text) {
      ids.add(id);
    }

    @Override
    public void remove(String id) {
      ids.remove(id);
    }

    @Override
    public java.util.List<Hit> search(String text, int limit) {
      return ids.stream().limit(limit).map(id -> new Hit(id, 0.5)).toList();
    }
  }

  @Test
  void thePatternMatchingThresholdDecidesWhichLessonsMatch() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(Trajectories.of("g1", "fix error E0382 in the parser module", 0.9));
      SuccessPatternDatabase loose = SuccessPatternDatabase.builder(new HalfSimilar())
          .config(ArtConfig.builder().patternThreshold(0.4).build()).build();
      SuccessPatternDatabase strict = SuccessPatternDatabase.builder(new HalfSimilar())
          .config(ArtConfig.builder().patternThreshold(0.6).build()).build();
      loose.learnFrom(store);
      strict.learnFrom(store);

      assertThat(loose.find("fix error E0382 in the lexer", 3)).hasSize(1);
      assertThat(loose.contribute("fix error E0382 in the lexer", 2_000).items()).hasSize(1);
      assertThat(strict.find("fix error E0382 in the lexer", 3)).isEmpty();
      assertThat(strict.contribute("fix error E0382 in the lexer", 2_000).items()).isEmpty();
    }
  }

  @Test
  void theRewardThresholdForLearningDecidesWhichRunsBecomeLessons() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(Trajectories.of("g1", "fix error E0382 in the parser module", 0.75));
      SuccessPatternDatabase lenient = SuccessPatternDatabase.builder(PatternIndex.keywords())
          .config(ArtConfig.builder().rewardThreshold(0.7).build()).build();
      SuccessPatternDatabase demanding = SuccessPatternDatabase.builder(PatternIndex.keywords())
          .config(ArtConfig.builder().rewardThreshold(0.8).build()).build();

      assertThat(lenient.learnFrom(store)).isEqualTo(1);
      assertThat(demanding.learnFrom(store)).isZero();
    }
  }

  @Test
  void theRewardThresholdForLearningFiltersTrainingData() {
    try (TrajectoryStore store = TrajectoryStore.inMemory()) {
      store.save(Trajectories.of("g1", "fix error E0382 in the parser module", 0.75));
      TrainingPipeline pipeline = TrainingPipeline.builder(store, (job, onMetric) -> {
        throw new AssertionError("no data should reach the trainer");
      }, dir).artConfig(ArtConfig.builder().rewardThreshold(0.8).build()).build();

      assertThatThrownBy(pipeline::run).isInstanceOf(ArtException.class)
          .hasMessageContaining("no scored trajectories to train on").hasMessageContaining("reward threshold 0.8");
    }
  }
}
