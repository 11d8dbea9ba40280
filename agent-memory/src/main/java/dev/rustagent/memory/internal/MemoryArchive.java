package dev.rustagent.memory.internal;

import dev.rustagent.core.internal.CoreJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rustagent.memory.EpisodicMemory.ArchiveSummary;
import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.KnowledgeBase.CommandTool;
import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.MemoryException;
import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.LearningMetrics.MetricSample;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole memory as JSON files in the seed's layout:
 * {@code memory/conversations/{session}.json}, {@code memory/patterns/{id}.json},
 * {@code memory/semantic.json}, {@code knowledge/{git,linux,gh}-commands.json} and
 * {@code analytics/usage-metrics.json}. Each file is written to a temporary file and moved into place,
 * so a reader never sees half a file. Imports read and check every file before adding anything.
 */
final class MemoryArchive {

  private static final ObjectMapper JSON = CoreJson.MAPPER;

  private MemoryArchive() {}

  static ArchiveSummary export(MemoryStore store, Path dir) {
    try {
      int episodes = 0;
      for (String session : store.episodes.sessions()) {
        ObjectNode file = JSON.createObjectNode().put("session_id", session);
        ArrayNode list = file.putArray("conversations");
        for (Episode e : store.episodes.session(session)) {
          Interaction i = e.interaction();
          list.addObject().put("id", e.id()).put("timestamp", i.time().toString())
              .put("user_message", i.userMessage()).put("agent_response", i.agentResponse())
              .put("context", i.context()).put("success", i.success());
          episodes++;
        }
        write(dir.resolve("memory/conversations/" + fileName(session) + ".json"), file);
      }
      List<CodePattern> patterns = store.knowledge.patterns();
      for (CodePattern p : patterns) {
        write(dir.resolve("memory/patterns/" + p.id() + ".json"), JSON.createObjectNode()
            .put("id", p.id()).put("name", p.name()).put("category", p.category())
            .put("code_template", p.codeTemplate()).put("description", p.description())
            .put("usage_count", p.useCount()).put("success_rate", p.successRate()));
      }
      List<MemoryItem> items = store.semantic.all();
      ArrayNode semantic = JSON.createArrayNode();
      for (MemoryItem item : items) {
        ObjectNode node = semantic.addObject().put("id", item.id()).put("text", item.text());
        ObjectNode meta = node.putObject("metadata");
        item.metadata().forEach(meta::put);
      }
      write(dir.resolve("memory/semantic.json"), semantic);
      int commands = 0;
      for (CommandTool tool : CommandTool.values()) {
        ArrayNode list = JSON.createArrayNode();
        for (ToolCommand c : store.knowledge.commands(tool)) {
          ObjectNode node = list.addObject().put("id", c.id()).put("command", c.command())
              .put("description", c.description()).put("usage_count", c.useCount());
          ArrayNode examples = node.putArray("examples");
          c.examples().forEach(examples::add);
          commands++;
        }
        write(dir.resolve("knowledge/" + tool.name().toLowerCase(Locale.ROOT) + "-commands.json"), list);
      }
      List<MetricSample> samples = store.metrics.all();
      ObjectNode usage = JSON.createObjectNode();
      ArrayNode list = usage.putArray("learning_metrics");
      for (MetricSample s : samples) {
        list.addObject().put("timestamp", s.time().toString()).put("concepts_learned", s.conceptsLearned())
            .put("success_rate", s.successRate())
            .put("avg_response_time_ms", s.averageResponseTime().toMillis()).put("input_tokens", s.inputTokens())
            .put("cache_write_tokens", s.cacheWriteTokens()).put("cache_read_tokens", s.cacheReadTokens())
            .put("output_tokens", s.outputTokens());
      }
      write(dir.resolve("analytics/usage-metrics.json"), usage);
      return new ArchiveSummary(episodes, items.size(), patterns.size(), commands, samples.size());
    } catch (IOException e) {
      throw new MemoryException("cannot export memory to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The largest archive file {@code importFrom} reads (64 MiB). */
  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
  private static final long MAX_RESPONSE_MILLIS = Duration.ofDays(1).toMillis();
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  static ArchiveSummary importFrom(MemoryStore store, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new MemoryException("cannot import memory: " + dir + " is not a directory");
    }
    List<Interaction> interactions = new ArrayList<>();
    List<CodePattern> patterns = new ArrayList<>();
    List<ToolCommand> commands = new ArrayList<>();
    List<MemoryItem> items = new ArrayList<>();
    List<MetricSample> samples = new ArrayList<>();
    for (Path f : list(dir.resolve("memory/conversations"))) {
      JsonNode root = read(f);
      String session = text(f, root, "session_id", 256);
      for (JsonNode c : array(f, root.get("conversations"))) {
        interactions.add(parse(f, () -> new Interaction(session, instant(f, c, "timestamp"),
            text(f, c, "user_message"), text(f, c, "agent_response"), text(f, c, "context"),
            bool(f, c, "success"))));
      }
    }
    for (Path f : list(dir.resolve("memory/patterns"))) {
      JsonNode p = read(f);
      patterns.add(parse(f, () -> new CodePattern(0, text(f, p, "name", 256), text(f, p, "category", 128),
          text(f, p, "code_template"), text(f, p, "description"), (int) integer(f, p, "usage_count", Integer.MAX_VALUE),
          fraction(f, p, "success_rate"))));
    }
    Path semantic = dir.resolve("memory/semantic.json");
    if (Files.exists(semantic)) {
      for (JsonNode n : array(semantic, read(semantic))) {
        Map<String, String> meta = new HashMap<>();
        JsonNode m = n.get("metadata");
        if (m != null && m.isObject()) {
          for (Map.Entry<String, JsonNode> e : m.properties()) {
            String value = e.getValue().asText();
            if (e.getKey().length() > 256 || value.length() > 4096) {
              throw new MemoryException("cannot import " + semantic + ": a metadata key is longer than 256 characters "
                  + "or its value longer than 4096");
            }
            meta.put(e.getKey(), value);
          }
        }
        items.add(new MemoryItem(0, text(semantic, n, "text"), meta));
      }
    }
    for (CommandTool tool : CommandTool.values()) {
      Path f = dir.resolve("knowledge/" + tool.name().toLowerCase(Locale.ROOT) + "-commands.json");
      if (!Files.exists(f)) {
        continue;
      }
      for (JsonNode n : array(f, read(f))) {
        List<String> examples = new ArrayList<>();
        array(f, n.get("examples")).forEach(x -> examples.add(x.asText()));
        commands.add(parse(f, () -> new ToolCommand(0, tool, text(f, n, "command", 1024),
            text(f, n, "description"), examples, (int) integer(f, n, "usage_count", Integer.MAX_VALUE))));
      }
    }
    Path usage = dir.resolve("analytics/usage-metrics.json");
    if (Files.exists(usage)) {
      for (JsonNode n : array(usage, read(usage).get("learning_metrics"))) {
        samples.add(parse(usage, () -> new MetricSample(instant(usage, n, "timestamp"),
            (int) integer(usage, n, "concepts_learned", Integer.MAX_VALUE), fraction(usage, n, "success_rate"),
            Duration.ofMillis(integer(usage, n, "avg_response_time_ms", MAX_RESPONSE_MILLIS)),
            tokens(usage, n, "input_tokens"), tokens(usage, n, "cache_write_tokens"),
            tokens(usage, n, "cache_read_tokens"), tokens(usage, n, "output_tokens"))));
      }
    }
    int episodes = 0;
    for (Interaction i : interactions) {
      episodes += store.episodes.importInteraction(i) ? 1 : 0;
    }
    patterns.forEach(store.knowledge::importPattern);
    commands.forEach(store.knowledge::importCommand);
    // items and samples already present (same text and metadata; same time) are skipped, so importing
    // the same archive twice adds nothing
    java.util.Set<List<Object>> present = new java.util.HashSet<>();
    store.semantic.all().forEach(i -> present.add(List.of(i.text(), i.metadata())));
    int added = 0;
    for (MemoryItem i : items) {
      if (present.add(List.of(i.text(), i.metadata()))) {
        store.semantic.put(i.text(), i.metadata());
        added++;
      }
    }
    java.util.Set<Instant> sampled = new java.util.HashSet<>();
    store.metrics.all().forEach(s -> sampled.add(s.time()));
    int recorded = 0;
    for (MetricSample s : samples) {
      if (sampled.add(s.time())) {
        store.metrics.record(s);
        recorded++;
      }
    }
    return new ArchiveSummary(episodes, added, patterns.size(), commands.size(), recorded);
  }

  /** A session id as a safe file name; unsafe ids get a hash suffix so distinct ids stay distinct. */
  static String fileName(String session) {
    String safe = session.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.equals(session) && !safe.startsWith(".")) {
      return safe;
    }
    return safe + "-" + Integer.toHexString(session.hashCode());
  }

  private static void write(Path file, JsonNode node) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new MemoryException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(Path f) {
    try {
      long size = Files.size(f);
      if (size > MAX_FILE_BYTES) {
        throw new MemoryException("cannot import " + f + ": it is " + size + " bytes, more than the "
            + MAX_FILE_BYTES + " bytes an archive file may have");
      }
      return JSON.readTree(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MemoryException("cannot import " + f + ": " + e.getMessage(), e);
    }
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T parse(Path f, Parse<T> parse) {
    try {
      return parse.get();
    } catch (RuntimeException e) {
      throw e instanceof MemoryException m ? m
          : new MemoryException("cannot import " + f + ": " + e.getMessage(), e);
    }
  }

  private static Iterable<JsonNode> array(Path f, JsonNode node) {
    if (node == null || !node.isArray()) {
      throw new MemoryException("cannot import " + f + ": expected a JSON array");
    }
    return node;
  }

  private static String text(Path f, JsonNode node, String field, int maxLength) {
    String value = text(f, node, field);
    if (value.length() > maxLength) {
      throw new MemoryException("cannot import " + f + ": field " + field + " is longer than " + maxLength
          + " characters");
    }
    return value;
  }

  /** A whole number within 0..max; a fraction, a negative or a larger number is refused. */
  private static long integer(Path f, JsonNode node, String field, long max) {
    Number n = number(f, node, field);
    JsonNode v = node.get(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || n.longValue() < 0 || n.longValue() > max) {
      throw new MemoryException("cannot import " + f + ": field " + field + " must be a whole number within 0.."
          + max + ", not " + v);
    }
    return n.longValue();
  }

  /** A token count, 0 when the field is absent (archives written before token counts were kept). */
  private static long tokens(Path f, JsonNode node, String field) {
    return node.has(field) ? integer(f, node, field, Long.MAX_VALUE) : 0;
  }

  /** A number within 0..1. */
  private static double fraction(Path f, JsonNode node, String field) {
    double value = number(f, node, field).doubleValue();
    if (!(value >= 0 && value <= 1)) {
      throw new MemoryException("cannot import " + f + ": field " + field + " must be within 0..1, not " + value);
    }
    return value;
  }

  /** An ISO-8601 instant between the years 1970 and 9999. */
  private static Instant instant(Path f, JsonNode node, String field) {
    String text = text(f, node, field, 64);
    Instant value;
    try {
      value = Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new MemoryException("cannot import " + f + ": field " + field + " is not an ISO-8601 instant: " + text);
    }
    if (value.isBefore(Instant.EPOCH) || value.isAfter(LATEST)) {
      throw new MemoryException("cannot import " + f + ": field " + field + " is out of range (1970..9999): " + text);
    }
    return value;
  }

  private static String text(Path f, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new MemoryException("cannot import " + f + ": field " + field + " must be a string");
    }
    return v.asText();
  }

  private static boolean bool(Path f, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isBoolean()) {
      throw new MemoryException("cannot import " + f + ": field " + field + " must be true or false");
    }
    return v.asBoolean();
  }

  private static Number number(Path f, JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new MemoryException("cannot import " + f + ": field " + field + " must be a number");
    }
    return v.numberValue();
  }
}
