package dev.rustagent.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.core.internal.CoreJson;
import org.junit.jupiter.api.Test;

/** What counts as an open objective in progress.json, including files an IDE wrote badly. */
class ProgressObjectivesTest {

  private static JsonNode json(String text) throws Exception {
    return CoreJson.MAPPER.readTree(text);
  }

  @Test
  void stringsAndNamedObjectsAreOpenObjectivesAndDoneOnesAreLeftOut() throws Exception {
    JsonNode progress = json("{\"objectives\":[\"Learn traits\",{\"title\":\"Write tests\"},"
        + "{\"name\":\"Ship it\",\"status\":\"in progress\"},{\"title\":\"Old\",\"done\":true},"
        + "{\"description\":\"Older\",\"status\":\"Completed\"}]}");

    assertThat(KnowledgeFiles.objectives(progress)).containsExactly("Learn traits", "Write tests", "Ship it");
  }

  @Test
  void aFileWithoutObjectivesOrWithTheWrongShapeGivesNone() throws Exception {
    assertThat(KnowledgeFiles.objectives(json("{\"concepts\":3}"))).isEmpty();
    assertThat(KnowledgeFiles.objectives(json("{\"objectives\":\"learn\"}"))).isEmpty();
    assertThat(KnowledgeFiles.objectives(json("[1,2]"))).isEmpty();
    assertThat(KnowledgeFiles.objectives(json("{\"objectives\":[3,null,{},\"  \"]}"))).isEmpty();
  }

  @Test
  void objectivesAreCappedInNumberAndLength() throws Exception {
    StringBuilder many = new StringBuilder("{\"objectives\":[");
    for (int i = 0; i < 80; i++) {
      many.append(i == 0 ? "" : ",").append("\"").append(i == 0 ? "x".repeat(900) : "goal " + i).append("\"");
    }
    JsonNode progress = json(many.append("]}").toString());

    assertThat(KnowledgeFiles.objectives(progress)).hasSize(50).first().satisfies(o -> assertThat(o).hasSize(500));
  }
}
