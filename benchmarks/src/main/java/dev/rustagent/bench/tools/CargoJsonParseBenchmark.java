package dev.rustagent.bench.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.tools.ProblemReport.CompilerDiagnostic;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing cargo {@code --message-format=json} output holding 1,000 distinct diagnostics (an E0382
 * borrow error with notes and a {@code .clone()} suggestion, in the exact shape rustc 1.95 prints,
 * each on its own line and file position, interleaved with artifact messages) into
 * {@link CompilerDiagnostic}s. The peer is the generic approach: Jackson reading every line into a
 * {@code JsonNode} tree (without even building diagnostics from it); our parser binds only the fields
 * it needs and skips artifact lines unparsed. Target: under 50 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CargoJsonParseBenchmark {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String DIAGNOSTIC = "{\"reason\":\"compiler-message\",\"package_id\":\"path+file:///w/app#0.1.0\","
      + "\"manifest_path\":\"/w/app/Cargo.toml\",\"target\":{\"kind\":[\"bin\"],\"crate_types\":[\"bin\"],"
      + "\"name\":\"app\",\"src_path\":\"/w/app/src/main.rs\",\"edition\":\"2021\",\"doc\":true,\"doctest\":false,"
      + "\"test\":true},\"message\":{\"rendered\":\"error[E0382]: borrow of moved value: `v`\\n --> src/m%1$d.rs:%2$d:26\\n"
      + "  |\\n6 |     let v = vec![1, 2, 3];\\n  |         - move occurs because `v` has type `Vec<i32>`\\n\","
      + "\"$message_type\":\"diagnostic\",\"children\":[{\"children\":[],\"code\":null,\"level\":\"note\","
      + "\"message\":\"consider changing this parameter type in function `consume` to borrow instead\",\"rendered\":null,"
      + "\"spans\":[{\"byte_end\":27,\"byte_start\":19,\"column_end\":23,\"column_start\":15,\"expansion\":null,"
      + "\"file_name\":\"src/m%1$d.rs\",\"is_primary\":true,\"label\":\"this parameter takes ownership of the value\","
      + "\"line_end\":1,\"line_start\":1,\"suggested_replacement\":null,\"suggestion_applicability\":null,"
      + "\"text\":[{\"highlight_end\":23,\"highlight_start\":15,\"text\":\"fn consume(v: Vec<i32>) -> usize {\"}]}]},"
      + "{\"children\":[],\"code\":null,\"level\":\"help\",\"message\":\"consider cloning the value if the performance cost is acceptable\","
      + "\"rendered\":null,\"spans\":[{\"byte_end\":120,\"byte_start\":120,\"column_end\":22,\"column_start\":22,"
      + "\"expansion\":null,\"file_name\":\"src/m%1$d.rs\",\"is_primary\":true,\"label\":null,\"line_end\":%3$d,"
      + "\"line_start\":%3$d,\"suggested_replacement\":\".clone()\",\"suggestion_applicability\":\"MachineApplicable\","
      + "\"text\":[{\"highlight_end\":22,\"highlight_start\":22,\"text\":\"    let n = consume(v);\"}]}]}],"
      + "\"code\":{\"code\":\"E0382\",\"explanation\":\"A variable was used after its contents have been moved elsewhere.\\n\"},"
      + "\"level\":\"error\",\"message\":\"borrow of moved value: `v`\",\"spans\":[{\"byte_end\":150,\"byte_start\":149,"
      + "\"column_end\":27,\"column_start\":26,\"expansion\":null,\"file_name\":\"src/m%1$d.rs\",\"is_primary\":true,"
      + "\"label\":\"value borrowed here after move\",\"line_end\":%2$d,\"line_start\":%2$d,\"suggested_replacement\":null,"
      + "\"suggestion_applicability\":null,\"text\":[{\"highlight_end\":27,\"highlight_start\":26,"
      + "\"text\":\"    println!(\\\"{} {}\\\", n, v.len());\"}]},{\"byte_end\":140,\"byte_start\":139,\"column_end\":22,"
      + "\"column_start\":21,\"expansion\":null,\"file_name\":\"src/m%1$d.rs\",\"is_primary\":false,\"label\":\"value moved here\","
      + "\"line_end\":%3$d,\"line_start\":%3$d,\"suggested_replacement\":null,\"suggestion_applicability\":null,\"text\":[]}]}}";
  private static final String ARTIFACT = "{\"reason\":\"compiler-artifact\",\"package_id\":\"registry+x#dep@1.0.%d\","
      + "\"target\":{\"kind\":[\"lib\"],\"name\":\"dep\"},\"profile\":{\"opt_level\":\"0\",\"debuginfo\":2},"
      + "\"features\":[],\"filenames\":[\"/w/target/debug/libdep.rlib\"],\"executable\":null,\"fresh\":true}";

  private String output;

  @Setup
  public void generate() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 1_000; i++) {
      out.append(String.format(DIAGNOSTIC, i % 40, 8 + i, 7 + i)).append('\n');
      if (i % 10 == 0) {
        out.append(String.format(ARTIFACT, i)).append('\n');
      }
    }
    out.append("{\"reason\":\"build-finished\",\"success\":false}\n");
    output = out.toString();
    List<CompilerDiagnostic> parsed = CompilerDiagnostic.parseCargoJson(output);
    if (parsed.size() != 1_000) {
      throw new IllegalStateException("expected 1000 diagnostics, parsed " + parsed.size());
    }
  }

  /** Our parser: JSON to {@link CompilerDiagnostic} records with spans, children and suggestions. */
  @Benchmark
  public List<CompilerDiagnostic> compilerDiagnostics() {
    return CompilerDiagnostic.parseCargoJson(output);
  }

  /** The peer: Jackson reads every line into a tree, nothing more. */
  @Benchmark
  public void jacksonTreesOnly(Blackhole hole) throws Exception {
    for (String line : output.split("\n")) {
      JsonNode node = MAPPER.readTree(line);
      hole.consume(node);
    }
  }
}
