package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.art.Trajectory;
import dev.rustagent.art.TrajectoryStore;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After {@code art init}, ordinary runs are recorded and people's feedback becomes their reward. */
class ArtEverydayRunsTest {
  private static final Pattern RECORDED = Pattern.compile("\\[art] recorded as run ([0-9a-f-]+)");

  @TempDir Path data;
  @TempDir Path workspace;

  private final FakeAnthropicServer proxy = FakeAnthropicServer.start();

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private Path artDir() {
    return data.resolve("art");
  }

  private CapturedCli run(String... extra) {
    CapturedCli cli = new CapturedCli();
    List<String> args = new ArrayList<>(List.of("run", "--llm-url", proxy.baseUrl(), "--data-dir", data.toString(),
        "--workspace", workspace.toString(), "--approve", "none"));
    args.addAll(List.of(extra));
    args.add("fix E0382 in the parser");
    cli.execute(args.toArray(String[]::new));
    return cli;
  }

  private CapturedCli art(String... args) {
    CapturedCli cli = new CapturedCli();
    List<String> all = new ArrayList<>(List.of("art"));
    all.addAll(List.of(args));
    all.addAll(List.of("--data-dir", artDir().toString()));
    cli.execute(all.toArray(String[]::new));
    return cli;
  }

  private static String recordedRunId(CapturedCli cli) {
    Matcher m = RECORDED.matcher(cli.out());
    assertThat(m.find()).as("run id line in: %s", cli.out()).isTrue();
    return m.group(1);
  }

  @Test
  void withoutArtInitNothingIsRecorded() {
    proxy.enqueue(FakeResponse.text("Clone it."));

    assertThat(run().out()).doesNotContain("[art]");
  }

  @Test
  void afterArtInitARunIsRecordedAndGoodFeedbackGivesItFullReward() {
    assertThat(new CapturedCli().execute("art", "init", "--data-dir", artDir().toString())).isZero();
    proxy.enqueue(FakeResponse.text("Clone the vector before the loop."));

    String runId = recordedRunId(run());
    CapturedCli feedback = art("feedback", runId, "--good", "--comment", "that fixed it");

    assertThat(feedback.out()).contains("rated good");
    try (TrajectoryStore store = TrajectoryStore.h2(artDir().resolve("trajectories"))) {
      Trajectory t = store.find(runId).orElseThrow();
      assertThat(t.objective()).isEqualTo("fix E0382 in the parser");
      assertThat(t.metadata().kind()).isEqualTo("task");
      assertThat(t.reward()).isEqualTo(1.0);
      assertThat(t.logs()).anyMatch(l -> l.contains("that fixed it"));
    }
  }

  @Test
  void noArtTurnsRecordingOff() {
    assertThat(new CapturedCli().execute("art", "init", "--data-dir", artDir().toString())).isZero();
    proxy.enqueue(FakeResponse.text("Clone it."));

    assertThat(run("--no-art").out()).doesNotContain("[art]");
    try (TrajectoryStore store = TrajectoryStore.h2(artDir().resolve("trajectories"))) {
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void feedbackOnAnUnknownRunOrWithoutAVerdictIsRefusedAndChangesNothing() {
    assertThat(new CapturedCli().execute("art", "init", "--data-dir", artDir().toString())).isZero();

    CapturedCli unknown = art("feedback", "no-such-run", "--bad");
    CapturedCli both = new CapturedCli();
    int bothCode = both.execute("art", "feedback", "x", "--good", "--bad", "--data-dir", artDir().toString());
    CapturedCli neither = new CapturedCli();
    int neitherCode = neither.execute("art", "feedback", "x", "--data-dir", artDir().toString());

    assertThat(unknown.err()).contains("no run no-such-run");
    assertThat(bothCode).isEqualTo(RustAgentCli.EXIT_USAGE);
    assertThat(neitherCode).isEqualTo(RustAgentCli.EXIT_USAGE);
    try (TrajectoryStore store = TrajectoryStore.h2(artDir().resolve("trajectories"))) {
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void jsonOutputCarriesConfidenceAndPatternsUsed() throws Exception {
    proxy.enqueue(FakeResponse.text("Clone it."));

    String text = run("--json").out();
    JsonNode json = new ObjectMapper().readTree(text.substring(text.indexOf('{')));

    assertThat(json.path("confidence").isNumber()).isTrue();
    assertThat(json.path("confidence").asDouble()).isBetween(0.0, 1.0);
    assertThat(json.path("patternsUsed").isArray()).isTrue();
  }

  @Test
  void scoreJudgesTheRecordedRunsOfflineWithTheCompositeJudge() {
    assertThat(new CapturedCli().execute("art", "init", "--data-dir", artDir().toString())).isZero();
    proxy.enqueue(FakeResponse.text("Clone it."), FakeResponse.text("Clone it again."));
    run();
    run();

    CapturedCli score = art("score", "--judge", "composite");

    assertThat(score.out()).contains("scored 2 run(s) (1 group(s) ranked together); 0 left unscored");
    try (TrajectoryStore store = TrajectoryStore.h2(artDir().resolve("trajectories"))) {
      assertThat(store.unscored(10)).isEmpty();
    }
  }

  @Test
  void inChatFeedbackRatesTheLastAnswer() {
    assertThat(new CapturedCli().execute("art", "init", "--data-dir", artDir().toString())).isZero();
    proxy.enqueue(FakeResponse.text("Clone the vector."));
    CapturedCli chat = new CapturedCli();

    chat.chat("/feedback good\nhow do I fix E0382?\n/feedback meh\n/feedback bad it broke the tests\n/quit\n",
        "--llm-url", proxy.baseUrl(), "--data-dir", data.toString(), "--workspace", workspace.toString(),
        "--approve", "none");

    assertThat(chat.out()).contains("nothing to rate yet").contains("usage: /feedback good|bad")
        .contains("is now rated bad (reward 0.0)");
    try (TrajectoryStore store = TrajectoryStore.h2(artDir().resolve("trajectories"))) {
      assertThat(store.recent(5)).singleElement().satisfies(t -> {
        assertThat(t.objective()).isEqualTo("how do I fix E0382?");
        assertThat(t.reward()).isZero();
        assertThat(t.logs()).anyMatch(l -> l.contains("it broke the tests"));
      });
    }
  }
}
