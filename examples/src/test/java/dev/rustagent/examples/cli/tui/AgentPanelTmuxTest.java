package dev.rustagent.examples.cli.tui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.testkit.FakeAnthropicServer;
import dev.rustagent.testkit.FakeResponse;
import dev.rustagent.testkit.RecordedRequest;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code rust-agent chat} for real in a pseudo-terminal (tmux): the panel comes up, a question's
 * answer streams in, a diff is approved with the single key {@code y}, a helper agent is cancelled with
 * {@code ^K}, {@code ^C} cancels a turn but not the program, and a resize to a narrow terminal redraws
 * the panel to fit, and the input line completes paths and slash commands and recalls history. The model is a scripted {@link FakeAnthropicServer}. Screen captures (text and a
 * PNG) are left under {@code target/tui/} for a person to look at.
 */
class AgentPanelTmuxTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String MAIN_RS = "fn main() {}\n";

  @TempDir Path workspace;
  @TempDir Path data;

  private final String socket = "rust-agent-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final Path captures = Path.of("target", "tui");
  private FakeAnthropicServer server;

  @BeforeEach
  void start() throws Exception {
    boolean haveTmux = Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux");
    if (!haveTmux) {
      if ("true".equals(System.getenv("CI"))) {
        fail("tmux is required for the terminal panel test in CI (.ci/run installs it)");
      }
      Assumptions.abort("tmux is not installed; the terminal panel test is skipped");
    }
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("Cargo.toml"), "[package]\nname = \"panel\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    Files.writeString(workspace.resolve("src/main.rs"), MAIN_RS);
    Files.writeString(data.resolve("progress.json"), "{\"objectives\":[\"Understand lifetimes\",{\"title\":\"Old goal\",\"done\":true}]}");
    Files.createDirectories(captures);
    server = FakeAnthropicServer.start();
    server.respondWith(AgentPanelTmuxTest::script);
  }

  @AfterEach
  void stop() throws Exception {
    tmux("kill-server");
    if (server != null) {
      server.close();
    }
  }

  /** The scripted model: what it answers depends on the conversation so far. */
  private static FakeResponse script(RecordedRequest request) {
    JsonNode body = request.json();
    JsonNode messages = body.path("messages");
    JsonNode last = messages.get(messages.size() - 1);
    String all = body.toString();
    if (all.contains("slow helper task") || lastText(last).contains("a slow question")) {
      return new FakeResponse.Delayed(Duration.ofSeconds(120), FakeResponse.text("too late"));
    }
    if (last.path("content").isArray() && "tool_result".equals(last.path("content").get(0).path("type").asText())) {
      return FakeResponse.text("Edited main.rs as approved.");
    }
    if (lastText(last).contains("edit main")) {
      return FakeResponse.message().toolUse("toolu_1", "edit_file",
          "{\"path\":\"src/main.rs\",\"old_text\":\"fn main() {}\",\"new_text\":\"fn main() { println!(\\\"hi\\\"); }\"}")
          .stopReason("tool_use").build();
    }
    if (lastText(last).contains("what is a lifetime")) {
      return FakeResponse.message().text("A lifetime names how long a borrow is valid.\nThe compiler checks "
          + "that no reference outlives its value.\nSee the Understand lifetimes objective.").chunkSize(4).build();
    }
    return FakeResponse.text("still here: " + lastText(last));
  }

  private static String lastText(JsonNode message) {
    JsonNode content = message.path("content");
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder text = new StringBuilder();
    content.forEach(block -> text.append(block.path("text").asText("")));
    return text.toString();
  }

  @Test
  void thePanelStreamsAnswersAsksWithDiffsCancelsHelpersAndTurnsAndFitsANarrowTerminal() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
        + "dev.rustagent.examples.cli.RustAgentCli chat --llm-url " + server.baseUrl() + " --workspace '" + workspace
        + "' --data-dir '" + data + "' --no-memory --no-art --approve ask 2>'" + data.resolve("stderr.txt")
        + "'; echo PANEL-EXITED $?; sleep 60";
    tmux("new-session", "-d", "-s", "panel", "-x", "100", "-y", "32", command);

    screen("started", s -> s.contains("you>") && s.contains("rust-agent panel"));

    type("what is a lifetime?");
    String answered = screen("answer", s -> s.contains("no reference outlives its value"));
    assertThat(answered).contains("A lifetime names how long a borrow is valid.");
    assertThat(server.messageRequests().get(0).json().path("stream").asBoolean()).isTrue();
    assertThat(server.messageRequests().get(0).body()).contains("Understand lifetimes").doesNotContain("Old goal");

    type("please edit main");
    String asked = screen("permission", s -> s.contains("Permission:") && s.contains("y allow"));
    assertThat(asked).contains("edit_file").contains("+fn main() { println!(\"hi\"); }");
    tmux("send-keys", "-t", "panel", "y");
    screen("approved", s -> s.contains("Edited main.rs as approved."));
    assertThat(Files.readString(workspace.resolve("src/main.rs"))).contains("println!(\"hi\")");

    type("/agent \"slow helper task\"");
    screen("helper-running", s -> s.contains("RUNNING") && s.contains("slow helper task"));
    tmux("send-keys", "-t", "panel", "C-k");
    screen("helper-cancelled", s -> s.contains("cancelled helper"));

    type("a slow question");
    screen("turn-running", s -> s.contains("working"));
    tmux("send-keys", "-t", "panel", "C-c");
    String cancelled = screen("turn-cancelled", s -> s.contains("[CANCELLED]"));
    // the prompt that ^C abandoned is erased: no status area is left above [CANCELLED]
    assertThat(cancelled.substring(cancelled.indexOf("you> a slow question"), cancelled.indexOf("[CANCELLED]")))
        .doesNotContain("rust-agent panel |").doesNotContain("Enter sends");
    type("are you still there?");
    screen("still-alive", s -> s.contains("still here: are you still there?"));

    tmux("resize-window", "-t", "panel", "-x", "46", "-y", "20");
    String narrow = screen("narrow", s -> s.contains("you>") && s.lines().allMatch(l -> l.strip().length() <= 46)
        && s.contains("rust-agent panel"));
    assertThat(narrow.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(46));

    tmux("send-keys", "-t", "panel", "-l", "src/ma");
    tmux("send-keys", "-t", "panel", "Tab");
    screen("path-completed", s -> s.contains("you> src/main.rs"));
    tmux("send-keys", "-t", "panel", "C-u");
    tmux("send-keys", "-t", "panel", "-l", "/he");
    tmux("send-keys", "-t", "panel", "Tab");
    screen("command-completed", s -> s.contains("you> /help"));
    tmux("send-keys", "-t", "panel", "C-u");
    tmux("send-keys", "-t", "panel", "Up");
    screen("history", s -> s.lines().anyMatch(l -> l.equals("you> are you still there?")) && s.strip().endsWith("you> are you still there?"));
    tmux("send-keys", "-t", "panel", "C-u");

    type("/quit");
    screen("quit", s -> s.contains("PANEL-EXITED 0"));
  }

  private void type(String line) throws Exception {
    tmux("send-keys", "-t", "panel", "-l", line);
    tmux("send-keys", "-t", "panel", "Enter");
  }

  /** Waits until the screen shows what {@code ready} looks for; saves the capture as {@code name}. */
  private String screen(String name, Predicate<String> ready) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String text = "";
    while (System.nanoTime() < deadline) {
      text = tmux("capture-pane", "-p", "-t", "panel");
      if (ready.test(text)) {
        save(name, text);
        return text;
      }
      Thread.sleep(200);
    }
    save(name + "-timeout", text);
    String err = Files.exists(data.resolve("stderr.txt")) ? Files.readString(data.resolve("stderr.txt")) : "";
    throw new AssertionError("the panel did not show '" + name + "' in time; the screen was:\n" + text
        + "\nstderr (tail):\n" + err.substring(Math.max(0, err.length() - 3000)));
  }

  private void save(String name, String text) throws IOException {
    Files.writeString(captures.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
    try {
      savePng(name, text);
    } catch (RuntimeException | Error e) {
      // no fonts on this machine: the text capture is enough
    }
  }

  private void savePng(String name, String text) throws IOException {
    List<String> lines = text.lines().toList();
    int width = Math.max(1, lines.stream().mapToInt(String::length).max().orElse(1));
    BufferedImage image = new BufferedImage(Math.max(100, width * 9 + 20), Math.max(40, lines.size() * 18 + 20),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(30, 30, 30));
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(new Color(220, 220, 220));
    g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 14));
    for (int i = 0; i < lines.size(); i++) {
      g.drawString(lines.get(i), 10, 20 + i * 18);
    }
    g.dispose();
    ImageIO.write(image, "png", captures.resolve(name + ".png").toFile());
  }

  private String tmux(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return out;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
