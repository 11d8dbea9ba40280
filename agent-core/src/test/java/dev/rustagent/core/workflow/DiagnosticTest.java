package dev.rustagent.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnosticTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aPluginPayloadOfTheSameShapeIsRead() throws Exception {
    var payload = JSON.readTree("""
        {"diagnostics": [{"level": "error", "code": "E0308", "message": "mismatched types",
          "primarySpan": {"file": "src/lib.rs", "line": 3, "column": 5},
          "suggestions": [{"message": "try", "replacement": "x as u32", "applicability": "MachineApplicable",
            "span": {"file": "src/lib.rs", "line": 3, "column": 5, "endLine": 3, "endColumn": 6}}]}]}""");
    List<Diagnostic> read = Diagnostic.fromPayload(payload).orElseThrow();
    assertThat(read).singleElement().satisfies(d -> {
      assertThat(d.isError()).isTrue();
      assertThat(d.summary()).isEqualTo("error[E0308]: mismatched types at src/lib.rs:3:5");
      assertThat(d.machineApplicable()).singleElement().satisfies(r -> assertThat(r.text()).isEqualTo("x as u32"));
    });
  }

  @Test
  void aPayloadOfAnotherShapeIsNotMistakenForDiagnostics() throws Exception {
    assertThat(Diagnostic.fromPayload(JSON.readTree("{\"tests\": 3}"))).isEmpty();
    assertThat(Diagnostic.fromPayload(JSON.readTree("{\"diagnostics\": [{\"code\": \"E1\"}]}"))).isEmpty();
    assertThat(Diagnostic.fromPayload(null)).isEmpty();
    assertThat(Diagnostic.fromPayload("plain text")).isEmpty();
  }

  @Test
  void suggestionsBecomeOneEditCoveringWholeLinesThatOccursOnce() {
    String content = "fn main() {\n    let mut a = 1;\n    let mut a = 1;\n    println!(\"{a}\");\n}\n";
    SourceEdit edit = SourceEdit.fromSuggestions("src/main.rs", content,
        List.of(new Diagnostic.Replacement("remove mut", "src/main.rs", 3, 9, 3, 13, "", true)));
    assertThat(content.indexOf(edit.oldText())).isEqualTo(content.lastIndexOf(edit.oldText()));
    String applied = content.replace(edit.oldText(), edit.newText());
    assertThat(applied).isEqualTo("fn main() {\n    let mut a = 1;\n    let a = 1;\n    println!(\"{a}\");\n}\n");
  }
}
