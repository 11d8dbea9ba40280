package dev.rustagent.art.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rustagent.art.Trajectory;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.rustagent.art.judge.RewardModel.GrpoAdvantages;

class GrpoAdvantagesTest {

  private static Trajectory r(String id, String objective, Double reward) {
    return JudgeFixtures.run(id, objective, true, reward, "ok");
  }

  @Test
  void advantageIsRewardMinusMeanOverStd() {
    GrpoAdvantages.Result result = GrpoAdvantages.compute(List.of(List.of(r("a", "x", 1.0), r("b", "x", 0.0))));
    GrpoAdvantages.Group g = result.groups().get(0);
    assertThat(g.mean()).isEqualTo(0.5);
    assertThat(g.std()).isEqualTo(0.5);
    assertThat(g.advantages().get("a")).isCloseTo(0.5 / (0.5 + 1e-6), within(1e-12));
    assertThat(g.advantages().get("b")).isCloseTo(-0.5 / (0.5 + 1e-6), within(1e-12));
  }

  @Test
  void groupsWithoutSpreadAreSkippedAndReported() {
    GrpoAdvantages.Result result = GrpoAdvantages.compute(List.of(
        List.of(r("a", "same", 0.5), r("b", "same", 0.5)),
        List.of(r("c", "diff", 0.2), r("d", "diff", 0.8))));
    assertThat(result.groups()).extracting(GrpoAdvantages.Group::objective).containsExactly("diff");
    assertThat(result.skipped()).singleElement().satisfies(s -> {
      assertThat(s.objective()).isEqualTo("same");
      assertThat(s.reason()).contains("equal");
    });
  }

  @Test
  void aGroupOfOneIsSkipped() {
    GrpoAdvantages.Result result = GrpoAdvantages.compute(List.of(List.of(r("a", "solo", 0.9))));
    assertThat(result.groups()).isEmpty();
    assertThat(result.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("fewer than two"));
  }

  @Test
  void unscoredTrajectoriesAreLeftOut() {
    GrpoAdvantages.Result result = GrpoAdvantages.compute(List.of(
        List.of(r("a", "x", 1.0), r("b", "x", 0.0), r("c", "x", null))));
    assertThat(result.groups().get(0).advantages()).containsOnlyKeys("a", "b");
  }
}
