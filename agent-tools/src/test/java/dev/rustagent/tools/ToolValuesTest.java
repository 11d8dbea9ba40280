package dev.rustagent.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.rustagent.tools.ToolContext.CancellationToken;

class ToolValuesTest {
  @TempDir
  Path dir;

  @Test
  void cappedResultsKeepTheStartAndTheEndAndSaySo() {
    String text = "HEAD" + "x".repeat(10_000) + "TAIL";

    ToolResult result = ToolResult.capped(true, text, 300, null);

    assertThat(result.truncated()).isTrue();
    assertThat(result.isError()).isFalse();
    assertThat(result.text()).startsWith("HEAD").endsWith("TAIL").contains("output truncated")
        .contains("of " + text.length() + " characters");
    assertThat(result.text().length()).isLessThan(400);
    assertThat(ToolResult.capped(false, "short", 300, null)).isEqualTo(new ToolResult.Failure("short", false, null));
  }

  @Test
  void typedAccessorsNameTheFieldThatIsWrong() {
    ToolArguments args = ToolArguments.parse("{\"path\":7,\"flags\":[\"a\",2],\"fix\":\"yes\"}");

    assertThatThrownBy(() -> args.string("path")).hasMessage("field 'path' must be a string");
    assertThatThrownBy(() -> args.string("missing")).hasMessage("missing required string field 'missing'");
    assertThatThrownBy(() -> args.stringList("flags")).hasMessage("field 'flags' must be an array of strings");
    assertThatThrownBy(() -> args.bool("fix", false)).hasMessage("field 'fix' must be a boolean");
    assertThat(ToolArguments.parse("  ")).isEqualTo(ToolArguments.empty());
  }

  @Test
  void argumentsAreImmutable() {
    ToolArguments args = ToolArguments.parse("{\"path\":\"a\"}");
    args.json().put("path", "changed");

    assertThat(args.string("path")).isEqualTo("a");
  }

  @Test
  void contextRejectsBadSettings() {
    assertThatThrownBy(() -> ToolContext.builder(dir.resolve("missing"))).hasMessageContaining("not a directory");
    assertThatThrownBy(() -> ToolContext.builder(dir).timeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> ToolContext.builder(dir).outputCap(10)).hasMessageContaining("at least 256");
    assertThat(ToolContext.builder(dir).build().workspaceRoot()).isEqualTo(dir.toAbsolutePath().normalize());
  }

  @Test
  void cancellationRunsCallbacksOnceEvenWhenRegisteredLate() {
    CancellationToken token = CancellationToken.create();
    AtomicInteger calls = new AtomicInteger();
    token.onCancel(calls::incrementAndGet);
    token.onCancel(() -> {
      throw new IllegalStateException("bad callback");
    });

    token.cancel();
    token.cancel();
    token.onCancel(calls::incrementAndGet);

    assertThat(calls).hasValue(2);
    assertThat(token.isCancelled()).isTrue();
    assertThatThrownBy(token::throwIfCancelled).isInstanceOf(java.util.concurrent.CancellationException.class);
  }
}
