package dev.rustagent.core.adversarial;

import static dev.rustagent.core.adversarial.Hostile.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.core.AgentResult;
import dev.rustagent.core.PermissionPolicy;
import dev.rustagent.tools.Tool.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 §5: the host's credentials never reach a child process, so never the model. */
class SecretsStayOutOfChildProcessesTest {
  @TempDir static Path targetDir;
  @TempDir Path dir;

  private static final PermissionPolicy COMMANDS = PermissionPolicy.builder().allow(Action.RUN_COMMAND).build();

  @Test
  void aBuildScriptSeesNoCredential() throws Exception {
    Hostile.requireCargo();
    Hostile.crate(dir, "leaky", "");
    Files.writeString(dir.resolve("build.rs"), """
        fn main() {
            for (k, v) in std::env::vars() {
                println!("cargo:warning=ENV {}={}", k, v);
            }
        }
        """);

    AgentResult result = new Hostile(dir, targetDir).run(COMMANDS, null, call("cargo", "{\"subcommand\":\"build\"}"));

    assertThat(Hostile.toolOutput(result)).contains("ENV CARGO_PKG_NAME=leaky").doesNotContain(Hostile.SECRET);
  }

  @Test
  void shellChildrenSeeNoCredential() throws Exception {

    AgentResult result = new Hostile(dir, targetDir).run(COMMANDS, null,
        call("shell", "{\"argv\":[\"env\"]}"), call("shell", "{\"argv\":[\"sh\",\"-c\",\"env\"]}"),
        call("shell", "{\"argv\":[\"printenv\",\"ANTHROPIC_API_KEY\"]}"));

    assertThat(Hostile.toolOutput(result)).contains("PATH=").doesNotContain(Hostile.SECRET);
  }

  @Test
  void theHostCanAllowListOneCredential() throws Exception {
    AgentResult result = new Hostile(dir, targetDir).tools(b -> b.allowCredentials("DEPLOY_TOKEN"))
        .run(COMMANDS, null, call("shell", "{\"argv\":[\"env\"]}"));

    assertThat(Hostile.toolOutput(result)).contains("DEPLOY_TOKEN=" + Hostile.SECRET)
        .doesNotContain("ANTHROPIC_API_KEY");
  }
}
