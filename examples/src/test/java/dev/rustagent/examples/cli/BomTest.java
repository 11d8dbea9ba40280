package dev.rustagent.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM names every library module of the reactor, at the reactor's version. */
class BomTest {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  @Test
  void everyLibraryModuleIsInTheBomAtTheReactorVersion() throws Exception {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("agent-bom/pom.xml"));
    List<String> libraries = all(Pattern.compile("<module>(agent-[a-z-]+)</module>"), parent).stream()
        .filter(m -> !m.equals("agent-bom")).toList();

    assertThat(libraries).contains("agent-core", "agent-tools-spi");
    assertThat(all(Pattern.compile("<artifactId>(agent-[a-z-]+)</artifactId>"), bom))
        .containsAll(libraries);
    assertThat(bom).contains("<version>" + System.getProperty("project.version") + "</version>");
  }
}
