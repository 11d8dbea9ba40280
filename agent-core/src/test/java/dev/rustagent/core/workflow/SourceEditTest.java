package dev.rustagent.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceEditTest {
  private static CompilerDiagnostic.Suggestion suggestion(int line, int column, int endColumn, String text) {
    return new CompilerDiagnostic.Suggestion("remove mut",
        new CompilerDiagnostic.Span("src/main.rs", line, column, line, endColumn, true, null), text,
        CompilerDiagnostic.Applicability.MACHINE_APPLICABLE);
  }

  @Test
  void suggestionsBecomeOneEditCoveringWholeLinesThatOccursOnce() {
    String content = "fn main() {\n    let mut a = 1;\n    let mut a = 1;\n    println!(\"{a}\");\n}\n";
    SourceEdit edit = SourceEdit.fromSuggestions("src/main.rs", content, List.of(suggestion(3, 9, 13, "")));
    assertThat(content.indexOf(edit.oldText())).isEqualTo(content.lastIndexOf(edit.oldText()));
    String applied = content.replace(edit.oldText(), edit.newText());
    assertThat(applied).isEqualTo("fn main() {\n    let mut a = 1;\n    let a = 1;\n    println!(\"{a}\");\n}\n");
  }

  @Test
  void aSuggestionPointingPastTheFileIsRefused() {
    assertThatThrownBy(() -> SourceEdit.fromSuggestions("src/main.rs", "fn main() {}\n",
        List.of(suggestion(9, 1, 2, "x")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the file");
  }

  @Test
  void theEditsArgumentsAreAJsonObjectEvenWithQuotesAndNewlines() {
    SourceEdit edit = new SourceEdit("src/a \"b\".rs", "let s = \"x\";\n", "let s = \"y\\n\";\n");
    assertThat(edit.toArguments().string("path")).isEqualTo("src/a \"b\".rs");
    assertThat(edit.toArguments().string("new_text")).isEqualTo("let s = \"y\\n\";\n");
  }
}
