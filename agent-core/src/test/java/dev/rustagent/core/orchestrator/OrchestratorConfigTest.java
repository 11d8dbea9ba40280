package dev.rustagent.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.core.PermissionPolicy.Permission;
import dev.rustagent.tools.Tool.Action;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrchestratorConfigTest {

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    OrchestratorConfig c = OrchestratorConfig.defaults();
    assertThat(c.maxConcurrentAgents()).isEqualTo(4);
    assertThat(c.maxSpawnedAgents()).isEqualTo(8);
    assertThat(c.allowAgentSpawning()).isTrue();
    assertThat(c.autoFixErrors()).isFalse();
    assertThat(c.learningMode()).isTrue();
    assertThat(c.actionsNeedingPermission()).containsExactlyInAnyOrder(Action.MODIFY_CODE, Action.RUN_COMMAND,
        Action.GIT_WRITE, Action.NETWORK);
  }

  @Test
  void badValuesAreRejectedWhenSet() {
    OrchestratorConfig.Builder b = OrchestratorConfig.builder();
    assertThatThrownBy(() -> b.maxConcurrentAgents(0)).hasMessageContaining("max concurrent agents");
    assertThatThrownBy(() -> b.maxSpawnedAgents(-1)).hasMessageContaining("max spawned agents");
    assertThatThrownBy(() -> b.queryTimeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> b.saveDebounce(Duration.ofMillis(-1))).hasMessageContaining("negative");
    assertThatThrownBy(() -> b.actionsNeedingPermission(Set.of(Action.READ))).hasMessageContaining("READ");
    assertThatThrownBy(() -> b.queueCapacity(0)).hasMessageContaining("queue capacity");
  }

  @Test
  void thePolicyAsksForTheActionsNeedingPermissionAndAllowsTheRest() {
    OrchestratorConfig c = OrchestratorConfig.builder().actionsNeedingPermission(Set.of(Action.GIT_WRITE)).build();
    assertThat(c.permissionPolicy().setting(Action.GIT_WRITE)).isEqualTo(Permission.ASK);
    assertThat(c.permissionPolicy().setting(Action.MODIFY_CODE)).isEqualTo(Permission.ALLOW);
    assertThat(c.permissionPolicy().setting(Action.READ)).isEqualTo(Permission.ALLOW);
  }
}
