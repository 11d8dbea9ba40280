package dev.rustagent.tools.builtin;

import dev.rustagent.tools.spi.internal.SpiJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.RequestPacer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code crate_search} tool: the crates.io search API ({@code /api/v1/crates?q=}) with an
 * identifying User-Agent and at most one request per second, falling back to the crates in the local
 * cargo registry cache when crates.io cannot be reached. Uses the network.
 */
final class CrateSearchTool extends BuiltinTool {
  private static final ObjectMapper MAPPER = SpiJson.MAPPER;
  private static final int RESULTS = 10;

  private final BuiltinTools config;
  private final RequestPacer pacer;
  private final HttpClient http;

  CrateSearchTool(BuiltinTools config) {
    this(config, new RequestPacer(Duration.ofSeconds(1)));
  }

  CrateSearchTool(BuiltinTools config, RequestPacer pacer) {
    super("crate_search",
        "Searches crates.io for Rust crates (libraries) by name or keywords; shows name, latest version, "
            + "downloads and description. Falls back to locally cached crates when offline.",
        JsonObjectSchema.builder()
            .addStringProperty("query", "crate name or keywords, e.g. 'async http client'")
            .required("query")
            .build());
    this.config = config;
    this.pacer = pacer;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  @Override
  public Set<Action> actions(ToolArguments arguments) {
    return Set.of(Action.NETWORK);
  }

  @Override
  public String permissionSubject(ToolArguments arguments) {
    return arguments.string("query");
  }

  @Override
  ToolResult call(ToolArguments arguments, ToolContext context) throws InterruptedException {
    String query = arguments.string("query").strip();
    if (query.isEmpty()) {
      return ToolResult.failure("'query' must not be empty");
    }
    String remoteProblem;
    try {
      return capped(true, searchRemote(query, context), context, null);
    } catch (IOException e) {
      remoteProblem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      context.logger().debug("crates.io search failed, trying the local cache: {}", remoteProblem);
    }
    List<String> local;
    try {
      local = searchLocal(query);
    } catch (IOException e) {
      local = List.of();
    }
    if (local.isEmpty()) {
      return ToolResult.failure("crate_search could not reach crates.io (" + remoteProblem + ") and the "
          + "local cargo registry cache under " + config.cargoHome.resolve("registry")
          + " has no crate matching '" + query + "'");
    }
    return capped(true, "crates.io could not be reached (" + remoteProblem + "); crates in the local "
        + "registry cache matching '" + query + "':\n" + String.join("\n", local), context, null);
  }

  private String searchRemote(String query, ToolContext context) throws IOException, InterruptedException {
    URI base = config.crateSearchBaseUrl;
    String prefix = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1)
        : base.toString();
    URI uri = URI.create(prefix + "/api/v1/crates?per_page=" + RESULTS + "&q="
        + URLEncoder.encode(query, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri)
        .header("User-Agent", config.userAgent)
        .header("Accept", "application/json")
        .timeout(Duration.ofSeconds(Math.min(20, Math.max(1, context.timeout().toSeconds()))))
        .GET().build();
    pacer.acquire();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("crates.io answered HTTP " + response.statusCode());
    }
    JsonNode body;
    try {
      body = MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new IOException("crates.io sent a body that is not JSON: " + e.getMessage(), e);
    }
    JsonNode crates = body.path("crates");
    if (!crates.isArray()) {
      throw new IOException("crates.io sent JSON without a 'crates' list");
    }
    if (crates.isEmpty()) {
      return "no crates on crates.io match '" + query + "'";
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode crate : crates) {
      String version = crate.path("max_stable_version").asText(crate.path("max_version").asText("?"));
      out.append(crate.path("name").asText()).append(' ').append(version)
          .append(" (").append(crate.path("downloads").asLong()).append(" downloads)");
      String description = crate.path("description").asText("").strip().replaceAll("\\s+", " ");
      if (!description.isEmpty()) {
        out.append(" - ").append(description);
      }
      out.append('\n');
    }
    long total = body.path("meta").path("total").asLong(crates.size());
    out.append("(").append(crates.size()).append(" of ").append(total).append(" results)");
    return out.toString();
  }

  /** Crate names (with the cached versions) in the registry cache that contain the query's words. */
  List<String> searchLocal(String query) throws IOException {
    Path registry = config.cargoHome.resolve("registry");
    TreeMap<String, java.util.TreeSet<String>> found = new TreeMap<>();
    String[] words = query.toLowerCase(Locale.ROOT).split("[\\s,]+");
    Path cache = registry.resolve("cache");
    if (Files.isDirectory(cache)) {
      try (Stream<Path> files = Files.walk(cache, 2)) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".crate"))::iterator) {
          String stem = file.getFileName().toString().replaceFirst("\\.crate$", "");
          int dash = stem.lastIndexOf('-', lastDigitRunStart(stem));
          String name = dash > 0 ? stem.substring(0, dash) : stem;
          String version = dash > 0 ? stem.substring(dash + 1) : "";
          if (matches(name, words)) {
            found.computeIfAbsent(name, n -> new java.util.TreeSet<>()).add(version);
          }
        }
      }
    }
    Path index = registry.resolve("index");
    if (Files.isDirectory(index)) {
      try (Stream<Path> files = Files.walk(index, 6)) {
        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
            .filter(f -> f.toString().contains("/.cache/"))::iterator) {
          String name = file.getFileName().toString();
          if (matches(name, words)) {
            found.computeIfAbsent(name, n -> new java.util.TreeSet<>());
          }
        }
      }
    }
    List<String> lines = new ArrayList<>();
    found.forEach((name, versions) -> lines.add(versions.isEmpty() ? name
        : name + " (cached versions: " + String.join(", ", versions) + ")"));
    return lines.size() > 50 ? lines.subList(0, 50) : lines;
  }

  private static int lastDigitRunStart(String stem) {
    for (int i = 0; i < stem.length() - 1; i++) {
      if (stem.charAt(i) == '-' && Character.isDigit(stem.charAt(i + 1))) {
        return i;
      }
    }
    return stem.length();
  }

  private static boolean matches(String name, String[] words) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String word : words) {
      if (!word.isEmpty() && (lower.contains(word) || lower.contains(word.replace('-', '_'))
          || lower.contains(word.replace('_', '-')))) {
        return true;
      }
    }
    return false;
  }
}
