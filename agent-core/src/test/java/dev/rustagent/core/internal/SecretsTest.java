package dev.rustagent.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "anthropic key          | sk-ant-api03-Zx9_kQ-aaaaaaaaaaaaaaaaaaaa                  | Zx9_kQ-aaaa",
      "openai key             | sk-proj-abcdefghijklmnopqrstuvwx                           | abcdefghijklmnop",
      "github classic token   | ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789                   | ABCDEFGHIJKLMNOP",
      "github oauth token     | gho_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789                   | ABCDEFGHIJKLMNOP",
      "github fine-grained    | github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz | abcdefghijklmnop",
      "bearer header          | Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1J     | eyJhbGciOiJIUzI1",
      "lone bearer            | curl -H 'Bearer abcdef0123456789xyz'                        | abcdef0123456789",
      "basic auth header      | authorization: Basic dXNlcjpwYXNzd29yZA==                   | dXNlcjpwYXNzd29y",
      "x-api-key header       | x-api-key: my-proxy-secret-1234                             | my-proxy-secret",
      "x-api-key json         | {\"x-api-key\":\"abc123secretvalue\"}                       | abc123secretvalue",
      "aws access key id      | aws_access_key_id = AKIAIOSFODNN7EXAMPLE                    | IOSFODNN7EXAMPLE",
      "aws secret key         | aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI",
      "env assignment         | GITHUB_TOKEN=tok_0123456789abcdef                           | tok_0123456789",
      "env key assignment     | ANTHROPIC_API_KEY=anything-at-all-here                      | anything-at-all",
      "jdbc url password      | jdbc:postgresql://alice:hunter2pw@db.local:5432/agent       | hunter2pw",
      "http url password      | fetching http://user:pass1234@example.test/x                | pass1234",
      "url query password     | jdbc:postgresql://db/agent?user=u&password=s3cr3tpw         | s3cr3tpw"})
  void knownSecretShapesAreRedacted(String kind, String text, String secretPart) {
    String redacted = Secrets.redact(text);

    assertThat(redacted).doesNotContain(secretPart).contains(Secrets.MARK);
  }

  @Test
  void privateKeyBlocksAreRedacted() {
    String pem = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\ndone";

    assertThat(Secrets.redact(pem)).doesNotContain("MIIEpAIBAAKCAQEA").startsWith("key:\n").endsWith("\ndone");
  }

  @Test
  void theUserOfAUrlStaysVisible() {
    assertThat(Secrets.redact("jdbc:postgresql://alice:pw@db:5432/x"))
        .isEqualTo("jdbc:postgresql://alice:" + Secrets.MARK + "@db:5432/x");
  }

  @Test
  void ordinaryRustCodeIsLeftAlone() {
    String code = "let path = env::var(\"PATH\"); let key = map.get(&k); let token = lex(); "
        + "for pass in passes {} // see https://doc.rust-lang.org/std/ and git@github.com:o/r.git";

    assertThat(Secrets.redact(code)).isEqualTo(code);
  }

  @Test
  void valuesOfCredentialVariablesAreFoundByValue() {
    var values = Secrets.environmentSecrets(Map.of("MY_SERVICE_TOKEN", "Q7-weird-shape-9x", "PATH", "/usr/bin:/bin",
        "HOME", "/root", "SHORT_KEY", "abc", "FEATURE_AUTH", "enabled"));

    assertThat(values).containsExactly("Q7-weird-shape-9x");
  }

  @Test
  void credentialNamesAreRecognisedByTheirWords() {
    assertThat(Secrets.looksLikeCredentialName("GH_PAT")).isTrue();
    assertThat(Secrets.looksLikeCredentialName("ANTHROPIC_API_KEY")).isTrue();
    assertThat(Secrets.looksLikeCredentialName("PATH")).isFalse();
  }
}
