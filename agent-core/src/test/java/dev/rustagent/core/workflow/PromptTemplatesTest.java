package dev.rustagent.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.core.Agent;
import dev.rustagent.testkit.ScriptedChatModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplatesTest {
  private final Agent agent = Agent.builder().chatModel(ScriptedChatModel.builder().build()).build();

  @Test
  void aValueHoldingAPlaceholderIsTakenLiterally() {
    String filled = CodeGenerationWorkflow.fill(CodeGenerationWorkflow.DOCUMENT_TEMPLATE,
        Map.of("kind", "fn", "item", "${kind}"));
    assertThat(filled).contains("for the fn `${kind}`.");
  }

  @Test
  void theTemplatesHaveNoPlaceholderLeftOnceFilled() {
    String filled = CodeGenerationWorkflow.fill(CodeGenerationWorkflow.TESTS_TEMPLATE,
        Map.of("kind", "bench", "target", "`parse`", "placement", " as benchmarks under benches/"));
    assertThat(filled).isEqualTo("Write bench tests for `parse` as benchmarks under benches/");
  }

  @Test
  void anUnknownKindIsRefused() {
    assertThatThrownBy(() -> CodeGenerationWorkflow.tests(agent, "fuzz", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit, integration or bench");
    assertThatThrownBy(() -> CodeGenerationWorkflow.documentation(agent, "trait", "Foo"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fn, module or crate");
  }
}
