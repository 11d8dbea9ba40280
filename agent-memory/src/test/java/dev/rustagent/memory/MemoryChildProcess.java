package dev.rustagent.memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.rustagent.memory.EpisodicMemory.Interaction;

/**
 * A second JVM for tests that need another process: {@code hold DIR} opens the memory and keeps it open
 * until stdin closes; {@code write DIR} records episodes (embedded with {@link HashingEmbeddingModel})
 * forever, printing "ack N" after each returns; {@code postgres-put URL TEXT} opens a PostgreSQL memory,
 * puts one semantic item and exits; {@code postgres-agent URL TASK ANSWER} runs an agent with that memory
 * (a scripted model answering ANSWER) and exits.
 */
public final class MemoryChildProcess {

  private MemoryChildProcess() {}

  /**
   * @param args mode and data directory
   * @throws IOException if stdin fails
   */
  public static void main(String[] args) throws IOException {
    if (args[0].equals("postgres-agent")) {
      try (AgentMemory memory = AgentMemory.builder().postgres(args[1]).starterKnowledge(false)
          .embeddingModel(new HashingEmbeddingModel()).build()) {
        dev.rustagent.core.AgentResult result = dev.rustagent.core.Agent.builder()
            .chatModel(dev.rustagent.testkit.ScriptedChatModel.builder().thenText(args[3]).build())
            .plugin(MemoryPlugin.of(memory)).build().run(args[2]);
        System.out.println(result.status());
      }
      return;
    }
    if (args[0].equals("postgres-put")) {
      try (AgentMemory memory = AgentMemory.builder().postgres(args[1]).starterKnowledge(false)
          .embeddingModel(new HashingEmbeddingModel()).build()) {
        memory.semantic().put(args[2], java.util.Map.of("from", "child"));
      }
      return;
    }
    AgentMemory.Builder builder = AgentMemory.builder().h2(Path.of(args[1])).starterKnowledge(false);
    if (args[0].equals("hold")) {
      builder.keywordOnly();
    } else {
      builder.embeddingModel(new HashingEmbeddingModel());
    }
    try (AgentMemory memory = builder.build()) {
      if (args[0].equals("hold")) {
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return;
      }
      for (int i = 0; ; i++) {
        memory.episodes().record(new Interaction("crash", Instant.now(), "task " + i, "answer " + i, "", true));
        System.out.println("ack " + i);
        System.out.flush();
      }
    }
  }

  static Process start(String mode, Path dir) throws IOException {
    return start(mode, dir.toString());
  }

  static Process start(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", MemoryChildProcess.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  static void stop(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }
}
