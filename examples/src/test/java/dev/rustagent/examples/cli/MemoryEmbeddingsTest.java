package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.memory.AgentMemory;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI recalls with in-process embeddings by default, and by keywords only when asked. */
class MemoryEmbeddingsTest {

  @TempDir
  Path data;

  private final CapturedCli cli = new CapturedCli();

  private void recordKeywordOnly(String task, String answer) {
    try (AgentMemory memory = AgentMemory.builder().h2(data).keywordOnly().build()) {
      memory.episodes().record(new Interaction("s", Instant.now(), task, answer, "", true));
    }
  }

  @Test
  void embeddingsAreOnUnlessTheFlagOrTheVariableTurnsThemOff() {
    assertThat(MemoryOpener.keywordOnly(false, Map.of())).isFalse();
    assertThat(MemoryOpener.keywordOnly(true, Map.of())).isTrue();
    assertThat(MemoryOpener.keywordOnly(false, Map.of(MemoryOpener.EMBEDDINGS_VARIABLE, "false"))).isTrue();
    assertThat(MemoryOpener.keywordOnly(false, Map.of(MemoryOpener.EMBEDDINGS_VARIABLE, " TRUE "))).isFalse();
  }

  @Test
  void aVariableThatIsNeitherTrueNorFalseIsRefusedByName() {
    assertThatThrownBy(() -> MemoryOpener.keywordOnly(false, Map.of(MemoryOpener.EMBEDDINGS_VARIABLE, "sometimes")))
        .isInstanceOf(dev.rustagent.core.AgentConfig.AgentConfigException.class)
        .hasMessageContaining(MemoryOpener.EMBEDDINGS_VARIABLE).hasMessageContaining("sometimes");
  }

  @Test
  void theConfigFilesMemorySectionTurnsEmbeddingsOffAndTheVariableOverridesIt() throws Exception {
    Path config = data.resolve("agent.toml");
    java.nio.file.Files.writeString(config, "[memory]\nembeddings = false\n");

    assertThat(MemoryOpener.keywordOnly(false, config, Map.of())).isTrue();
    assertThat(MemoryOpener.keywordOnly(false, config, Map.of(MemoryOpener.EMBEDDINGS_VARIABLE, "true"))).isFalse();
    assertThat(MemoryOpener.keywordOnly(true, config, Map.of(MemoryOpener.EMBEDDINGS_VARIABLE, "true"))).isTrue();
  }

  @Test
  void aMemorySectionWithAnUnknownKeyOrWrongTypeIsRefusedByName() throws Exception {
    Path config = data.resolve("agent.toml");
    java.nio.file.Files.writeString(config, "[memory]\nembedings = false\n");
    Path wrongType = data.resolve("wrong.toml");
    java.nio.file.Files.writeString(wrongType, "[memory]\nembeddings = \"no\"\n");

    assertThatThrownBy(() -> MemoryOpener.keywordOnly(false, config, Map.of()))
        .hasMessageContaining("[memory] embedings").hasMessageContaining("known: embeddings");
    assertThatThrownBy(() -> MemoryOpener.keywordOnly(false, wrongType, Map.of()))
        .hasMessageContaining("[memory] embeddings must be a boolean");
  }

  @Test
  void statsNameTheInProcessModelByDefault() {
    assertThat(cli.execute("memory", "--data-dir", data.toString(), "stats")).isZero();

    assertThat(cli.out()).contains("AllMiniLmL6V2QuantizedEmbeddingModel (384 dimensions)");
  }

  @Test
  void noEmbeddingsKeepsTheMemoryKeywordOnly() {
    assertThat(cli.execute("memory", "--data-dir", data.toString(), "--no-embeddings", "stats")).isZero();

    assertThat(cli.out()).contains("embedding model: none (keyword recall)");
  }

  @Test
  void aKeywordOnlyStoreIsEmbeddedOnFirstOpenWithPlainProgressLines() {
    recordKeywordOnly("The program crashes with a stack overflow in the recursive tree walk", "made it iterative");
    recordKeywordOnly("Publish the crate to crates.io", "ran cargo publish");
    StringWriter err = new StringWriter();

    try (AgentMemory memory = MemoryOpener.h2(data, false, new PrintWriter(err, true), false)) {
      assertThat(memory.stats().embeddingDimension()).isEqualTo(384);
    }
    assertThat(err.toString()).contains("memory: embedding episodes for semantic recall: 2/2");
  }

  @Test
  void searchFindsAParaphraseThatSharesNoWordWithTheEpisode() {
    recordKeywordOnly("The program crashes with a stack overflow in the recursive tree walk", "made it iterative");
    recordKeywordOnly("Publish the crate to crates.io", "ran cargo publish");

    assertThat(cli.execute("memory", "--data-dir", data.toString(), "search", "--limit", "1",
        "deep descent through nested nodes blows up")).isZero();

    assertThat(cli.out()).contains("recursive tree walk -> made it iterative").doesNotContain("crates.io");
  }

  @Test
  void keywordSearchSaysNothingRelevantForAParaphrase() {
    recordKeywordOnly("The program crashes with a stack overflow in the recursive tree walk", "made it iterative");

    assertThat(cli.execute("memory", "--data-dir", data.toString(), "--no-embeddings", "search",
        "deep descent through nested nodes blows up")).isZero();

    assertThat(cli.out()).contains("Episodes:\n  (nothing relevant)");
  }

  @Test
  void onATerminalProgressIsOneBarRedrawnInPlace() {
    StringWriter err = new StringWriter();

    MemoryOpener.progress(new PrintWriter(err, true), true).embedded("episodes", 64, 128);

    assertThat(err.toString()).startsWith("\r[###############---------------] 64/128 memory: embedding episodes");
  }

  @Test
  void offATerminalProgressIsAPlainLinePerTenth() {
    StringWriter err = new StringWriter();
    var progress = MemoryOpener.progress(new PrintWriter(err, true), false);

    for (int done = 64; done <= 640; done += 64) {
      progress.embedded("memories", done, 640);
    }

    assertThat(err.toString().lines()).hasSize(10).allMatch(l -> l.startsWith("memory: embedding memories"))
        .last().isEqualTo("memory: embedding memories for semantic recall: 640/640");
  }
}
