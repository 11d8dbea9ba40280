package dev.rustagent.tools.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Applicability;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic.Level;
import java.util.List;
import org.junit.jupiter.api.Test;

class CargoJsonTest {
  private static final String WARNING = "{\"reason\":\"compiler-message\",\"package_id\":\"p\",\"future_field\":[1,2],"
      + "\"message\":{\"$message_type\":\"diagnostic\",\"message\":\"unused variable: `x`\","
      + "\"code\":{\"code\":\"unused_variables\",\"explanation\":null},\"level\":\"warning\",\"new_thing\":true,"
      + "\"spans\":[{\"file_name\":\"src/lib.rs\",\"byte_start\":1,\"byte_end\":2,\"line_start\":3,\"line_end\":3,"
      + "\"column_start\":9,\"column_end\":10,\"is_primary\":true,\"text\":[],\"label\":null,"
      + "\"suggested_replacement\":null,\"suggestion_applicability\":null,\"expansion\":null}],"
      + "\"children\":[{\"message\":\"if this is intentional, prefix it with an underscore\",\"code\":null,"
      + "\"level\":\"help\",\"spans\":[{\"file_name\":\"src/lib.rs\",\"line_start\":3,\"line_end\":3,"
      + "\"column_start\":9,\"column_end\":10,\"is_primary\":true,\"label\":null,\"suggested_replacement\":\"_x\","
      + "\"suggestion_applicability\":\"MaybeIncorrect\"}],\"children\":[],\"rendered\":null}],"
      + "\"rendered\":\"warning: unused variable: `x`\\n\"}}";

  @Test
  void readsADiagnosticAndToleratesUnknownFields() {
    List<CompilerDiagnostic> diagnostics = CompilerDiagnostic.parseCargoJson(WARNING + "\n");

    assertThat(diagnostics).hasSize(1);
    CompilerDiagnostic warning = diagnostics.get(0);
    assertThat(warning.level()).isEqualTo(Level.WARNING);
    assertThat(warning.code()).isEqualTo("unused_variables");
    assertThat(warning.primarySpan()).isEqualTo(new CompilerDiagnostic.Span("src/lib.rs", 3, 9, 3, 10, true, null));
    assertThat(warning.children()).extracting(CompilerDiagnostic::level).containsExactly(Level.HELP);
    assertThat(warning.suggestions()).singleElement().satisfies(s -> {
      assertThat(s.replacement()).isEqualTo("_x");
      assertThat(s.applicability()).isEqualTo(Applicability.MAYBE_INCORRECT);
    });
    assertThat(warning.rendered()).startsWith("warning: unused variable");
  }

  @Test
  void messagesWithFieldsInAnotherOrderAreReadToo() {
    String reordered = "{\"package_id\":\"p\"," + WARNING.substring(1).replace(",\"package_id\":\"p\"", "");

    CompilerDiagnostic diagnostic = CompilerDiagnostic.parseCargoJson(reordered).get(0);

    assertThat(diagnostic.code()).isEqualTo("unused_variables");
    assertThat(diagnostic.suggestions()).extracting(CompilerDiagnostic.Suggestion::replacement).containsExactly("_x");
  }

  @Test
  void repeatedDiagnosticsAreKeptOnce() {
    assertThat(CompilerDiagnostic.parseCargoJson(WARNING + "\n" + WARNING + "\n")).hasSize(1);
  }

  @Test
  void otherLinesAndBrokenJsonAreKeptAsOutput() {
    CargoJson.Parsed parsed = CargoJson.parse("Hello, world!\n{not json\n" + WARNING
        + "\n{\"reason\":\"build-finished\",\"success\":false}\n");

    assertThat(parsed.otherLines()).containsExactly("Hello, world!", "{not json");
    assertThat(parsed.diagnostics()).hasSize(1);
    assertThat(parsed.buildSucceeded()).isFalse();
  }

  @Test
  void unknownLevelsAndApplicabilitiesDoNotFail() {
    String odd = WARNING.replace("\"level\":\"warning\"", "\"level\":\"fatal-ish\"")
        .replace("MaybeIncorrect", "SomethingNew");

    CompilerDiagnostic diagnostic = CompilerDiagnostic.parseCargoJson(odd).get(0);

    assertThat(diagnostic.level()).isEqualTo(Level.OTHER);
    assertThat(diagnostic.suggestions().get(0).applicability()).isEqualTo(Applicability.UNKNOWN);
  }
}
