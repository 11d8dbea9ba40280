package dev.rustagent.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.core.Agent;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.core.workflow.RustTestTools;
import dev.rustagent.testkit.ScriptedChatModel;
import dev.rustagent.tools.Tool.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.core.orchestrator.internal.QualityCase;
import dev.rustagent.core.orchestrator.internal.QualityEvaluator;
import dev.rustagent.core.orchestrator.internal.QualityReport;
import dev.rustagent.core.orchestrator.LatencyTracker.LatencyStats;

class MetricsTest {
  private static final ObjectMapper JSON = dev.rustagent.core.internal.CoreJson.MAPPER;
  @TempDir Path dir;

  @Test
  void percentilesAndMeanArePerQueryType() {
    LatencyTracker tracker = new LatencyTracker();
    for (int i = 1; i <= 100; i++) {
      tracker.record("query", Duration.ofMillis(i));
    }
    tracker.record("/debug", Duration.ofSeconds(3));

    LatencyStats q = tracker.stats("query").orElseThrow();
    assertThat(q.count()).isEqualTo(100);
    assertThat(q.p50()).isEqualTo(Duration.ofMillis(50));
    assertThat(q.p95()).isEqualTo(Duration.ofMillis(95));
    assertThat(q.p99()).isEqualTo(Duration.ofMillis(99));
    assertThat(q.mean()).isEqualTo(Duration.ofNanos(50_500_000));
    assertThat(tracker.snapshot()).containsOnlyKeys("/debug", "query");
    assertThat(tracker.stats("unknown")).isEmpty();
  }

  @Test
  void theWindowKeepsOnlyTheLatestSamples() {
    LatencyTracker tracker = new LatencyTracker(3);
    for (int i = 1; i <= 5; i++) {
      tracker.record("q", Duration.ofMillis(i * 10L));
    }
    LatencyStats s = tracker.stats("q").orElseThrow();
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.p50()).isEqualTo(Duration.ofMillis(40));
    assertThat(s.p99()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void badSamplesAreRejected() {
    LatencyTracker tracker = new LatencyTracker();
    assertThatThrownBy(() -> tracker.record("q", Duration.ofMillis(-1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> tracker.record(" ", Duration.ZERO)).hasMessageContaining("blank");
    assertThatThrownBy(() -> new LatencyTracker(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private static String write(String path, String content) {
    return JSON.createObjectNode().put("path", path).put("content", content).toString();
  }

  @Test
  void qualityEvaluationReportsAccuracyCompileRateAndTestPassRateFromRealCargo() throws Exception {
    RustTestTools.crate(dir, "mod gen;\nfn main() {\n    println!(\"{}\", gen::double(2));\n}\n");
    ScriptedChatModel model = ScriptedChatModel.builder()
        .thenText("Use `Rc<RefCell<T>>` for shared mutable state.")
        .thenText("Use a Mutex.")
        .thenToolCall("write_file", write("src/gen.rs", "pub fn double(x: i32) -> i32 {\n    x * 2\n}\n"))
        .thenText("written")
        .thenToolCall("write_file", write("src/gen.rs", "pub fn double(x: i32) -> i32 {\n    x * 2\n}\n\n"
            + "#[cfg(test)]\nmod tests {\n    #[test]\n    fn doubles() {\n        assert_eq!(super::double(2), 5);\n    }\n}\n"))
        .thenText("tests written")
        .thenToolCall("write_file", write("src/gen.rs", "pub fn double(x: i32) -> i32 {\n    x * \"2\"\n}\n"))
        .thenText("broken on purpose")
        .build();
    Agent agent = Agent.builder().chatModel(model).tools(RustTestTools.registry()).workspace(dir)
        .permissionPolicy(PermissionPolicy.builder().allow(Action.RUN_COMMAND, Action.MODIFY_CODE).build()).build();

    QualityReport report = QualityEvaluator.of(agent).evaluate(List.of(
        new QualityCase.AnswerMatches("interior mutability", "shared mutable state in one thread?", Pattern.compile("RefCell")),
        new QualityCase.AnswerMatches("async", "shared state across tasks?", Pattern.compile("Arc<Mutex")),
        new QualityCase.CodeCompiles("double", "write double"),
        new QualityCase.TestsPass("double tests", "test double"),
        new QualityCase.CodeCompiles("broken", "write it badly")));

    assertThat(report.accuracy()).hasValue(0.5);
    assertThat(report.compileRate()).hasValue(2.0 / 3.0);
    assertThat(report.testPassRate()).hasValue(0.0);
    assertThat(report.outcomes().get(3).detail()).contains("test failed: gen::tests::doubles");
    assertThat(report.outcomes().get(4).detail()).contains("E0277");
  }

  @Test
  void ratesAreEmptyWhenNoCaseOfTheirKindRan() {
    QualityReport report = new QualityReport(List.of());
    assertThat(report.accuracy()).isEmpty();
    assertThat(report.compileRate()).isEmpty();
    assertThat(report.testPassRate()).isEmpty();
  }
}
