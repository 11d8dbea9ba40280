package dev.rustagent.tools.spi.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.tools.ToolContext.CancellationToken;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChildEnvironmentTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"ANTHROPIC_API_KEY", "GH_TOKEN", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY",
      "MY_SERVICE_PASSWORD", "DB_PASS", "GITLAB_PAT", "AZURE_CREDENTIALS", "PROXY_AUTH", "PGPASSWORD",
      "my_api_key", "SOME_APIKEY", "DEPLOYTOKEN", "stripe-secret", "CARGO_REGISTRIES_X_TOKEN"})
  void credentialNamesAreRecognised(String name) {
    assertThat(ChildEnvironment.looksLikeCredential(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PATH", "HOME", "PASSTHROUGH", "PATHEXT", "KEYBOARD_LAYOUT", "TOKENIZERS_PARALLELISM",
      "RUSTUP_HOME", "CARGO_HOME", "LANG", "AUTHOR_NAME", "MONKEY", "XAUTHORITY", "COMPASS"})
  void ordinaryNamesAreKept(String name) {
    assertThat(ChildEnvironment.looksLikeCredential(name)).isFalse();
  }

  @Test
  void scrubKeepsAllowListedCredentials() {
    Map<String, String> clean = ChildEnvironment.scrub(
        Map.of("PATH", "/bin", "GH_TOKEN", "ghp_x", "ANTHROPIC_API_KEY", "sk-ant-x"), Set.of("GH_TOKEN"));

    assertThat(clean).containsOnlyKeys("PATH", "GH_TOKEN");
  }

  @Test
  void aChildProcessNeverSeesCredentials() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("ANTHROPIC_API_KEY", "sk-ant-api03-secret");
    env.put("MY_DEPLOY_TOKEN", "t0k3n");
    env.put("VISIBLE_SETTING", "shown");

    ProcessRunner.Outcome outcome = ProcessRunner.run(new ProcessRunner.Command(List.of("env"), dir, env, null),
        Duration.ofSeconds(60), CancellationToken.create(), 1_000_000);

    assertThat(outcome.stdout()).contains("VISIBLE_SETTING=shown")
        .doesNotContain("sk-ant-api03-secret").doesNotContain("t0k3n");
  }

  @Test
  void linesAreHandedToTheListenerAsTheyArrive() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();

    ProcessRunner.run(new ProcessRunner.Command(List.of("sh", "-c", "echo one; echo two >&2"), dir,
        System.getenv(), null), Duration.ofSeconds(60), CancellationToken.create(), 1_000, lines::add);

    assertThat(lines).containsExactlyInAnyOrder("one", "two");
  }
}
