package dev.rustagent.tools.builtin;

import static dev.rustagent.tools.builtin.Workspaces.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.internal.RequestPacer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrateSearchToolTest {
  private static final String BODY = """
      {"crates":[{"id":"serde","name":"serde","description":"A generic serialization/deserialization framework",
        "max_version":"1.0.219","max_stable_version":"1.0.219","downloads":500000000,"some_new_field":{"x":1}},
       {"name":"serde_json","description":"A JSON serialization file format","max_version":"1.0.140","downloads":400000000}],
       "meta":{"total":2}}
      """;

  @TempDir Path workspace;
  @TempDir Path cargoHome;
  private HttpServer server;
  private final List<String> userAgents = new CopyOnWriteArrayList<>();
  private final List<String> queries = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private URI serve(int status, String body) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/crates", exchange -> {
      userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
      queries.add(exchange.getRequestURI().getRawQuery());
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static URI unreachable() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }

  private void cacheCrates(String... files) throws Exception {
    Path cache = Files.createDirectories(cargoHome.resolve("registry/cache/index.crates.io-1949cf8c6b5b557f"));
    for (String file : files) {
      Files.writeString(cache.resolve(file), "");
    }
  }

  @Test
  void searchesCratesIoWithAnIdentifyingUserAgent() throws Exception {
    ToolRegistry registry = BuiltinTools.builder().crateSearchBaseUrl(serve(200, BODY))
        .userAgent("rust-agent-tests/1.0 (test@example.invalid)").cargoHome(cargoHome).build().registry();

    ToolResult result = call(registry, "crate_search", "{\"query\":\"serde json\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(result.text()).contains("serde 1.0.219 (500000000 downloads) - A generic serialization/deserialization framework")
        .contains("serde_json 1.0.140").contains("(2 of 2 results)");
    assertThat(userAgents).containsExactly("rust-agent-tests/1.0 (test@example.invalid)");
    assertThat(queries.get(0)).contains("q=serde+json");
  }

  @Test
  void fallsBackToTheLocalRegistryCacheWhenCratesIoIsUnreachable() throws Exception {
    cacheCrates("serde-1.0.210.crate", "serde-1.0.219.crate", "serde_json-1.0.140.crate", "rand-0.8.5.crate");
    ToolRegistry registry = BuiltinTools.builder().crateSearchBaseUrl(unreachable()).cargoHome(cargoHome).build().registry();

    ToolResult result = call(registry, "crate_search", "{\"query\":\"serde\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(result.text()).contains("crates.io could not be reached")
        .contains("serde (cached versions: 1.0.210, 1.0.219)").contains("serde_json (cached versions: 1.0.140)")
        .doesNotContain("rand");
  }

  @Test
  void fallbackAlsoFindsCratesKnownFromTheSparseIndexCache() throws Exception {
    Path index = Files.createDirectories(cargoHome.resolve("registry/index/index.crates.io-1949cf8c6b5b557f/.cache/se/rd"));
    Files.writeString(index.resolve("serde_yaml"), "");
    ToolRegistry registry = BuiltinTools.builder().crateSearchBaseUrl(unreachable()).cargoHome(cargoHome).build().registry();

    ToolResult result = call(registry, "crate_search", "{\"query\":\"serde-yaml\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isFalse();
    assertThat(result.text().lines()).contains("serde_yaml");
  }

  @Test
  void fallsBackWhenCratesIoAnswersWithAnError() throws Exception {
    cacheCrates("tokio-1.40.0.crate");
    ToolRegistry registry = BuiltinTools.builder().crateSearchBaseUrl(serve(503, "down")).cargoHome(cargoHome).build().registry();

    ToolResult result = call(registry, "crate_search", "{\"query\":\"tokio\"}", Workspaces.context(workspace));

    assertThat(result.text()).contains("HTTP 503").contains("tokio (cached versions: 1.40.0)");
  }

  @Test
  void saysClearlyWhenNeitherCratesIoNorTheCacheCanAnswer() throws Exception {
    ToolRegistry registry = BuiltinTools.builder().crateSearchBaseUrl(unreachable()).cargoHome(cargoHome).build().registry();

    ToolResult result = call(registry, "crate_search", "{\"query\":\"serde\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("could not reach crates.io").contains("local cargo registry cache")
        .contains("no crate matching 'serde'");
  }

  @Test
  void malformedAnswerIsNotTakenAsResults() throws Exception {
    ToolRegistry registry = BuiltinTools.builder().crateSearchBaseUrl(serve(200, "<html>maintenance</html>"))
        .cargoHome(cargoHome).build().registry();

    ToolResult result = call(registry, "crate_search", "{\"query\":\"serde\"}", Workspaces.context(workspace));

    assertThat(result.isError()).isTrue();
    assertThat(result.text()).contains("not JSON");
  }

  @Test
  void requestsAreSpacedAtLeastOneSecondApart() throws Exception {
    long[] now = {0};
    List<Long> slept = new CopyOnWriteArrayList<>();
    RequestPacer pacer = new RequestPacer(Duration.ofSeconds(1), () -> now[0], nanos -> {
      slept.add(nanos);
      now[0] += nanos;
    });
    BuiltinTools config = BuiltinTools.builder().crateSearchBaseUrl(serve(200, BODY)).cargoHome(cargoHome).build();
    CrateSearchTool tool = new CrateSearchTool(config, pacer);
    ToolArguments arguments = ToolArguments.parse("{\"query\":\"serde\"}");

    tool.execute(arguments, Workspaces.context(workspace));
    now[0] += 200_000_000L;
    tool.execute(arguments, Workspaces.context(workspace));

    assertThat(slept).containsExactly(800_000_000L);
    assertThat(queries).hasSize(2);
  }

  @Test
  void usesTheNetwork() {
    ToolRegistry registry = BuiltinTools.defaults().registry();
    assertThat(registry.find("crate_search").orElseThrow()
        .actions(Workspaces.args(registry, "crate_search", "{\"query\":\"x\"}"))).containsExactly(Action.NETWORK);
  }
}
