package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void versionPrintsTheBuiltProjectVersionNotAConstant() {
    CapturedCli cli = new CapturedCli();

    int code = cli.execute("--version");

    assertThat(code).isZero();
    assertThat(cli.out()).startsWith("rust-agent " + System.getProperty("project.version"));
    assertThat(System.getProperty("project.version")).isNotBlank().doesNotContain("${");
  }
}
