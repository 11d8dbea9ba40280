package dev.rustagent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustagent.testkit.FakeResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the server: every route it registers is documented, and the document's
 * schemas reject what they should (the other tests validate every response they receive through
 * {@link ApiClient} and {@link WsClient}).
 */
class OpenApiContractTest {
  private static ServerFixture fixture;
  private final OpenApiContract contract = OpenApiContract.get();

  @BeforeAll
  static void start() {
    fixture = ServerFixture.withAnthropic(request -> FakeResponse.text("ok"));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void everyRegisteredRouteIsDocumented() {
    List<AgentServer.Route> routes = fixture.server.registeredRoutes();

    assertThat(routes).hasSizeGreaterThan(20);
    for (AgentServer.Route route : routes) {
      assertThat(contract.documents(route.method(), route.path())).as("%s %s is documented", route.method(), route.path())
          .isTrue();
    }
    assertThat(contract.documents("GET", "/ws")).isTrue();
  }

  @Test
  void everyDocumentedOperationIsServed() {
    List<String> served = fixture.server.registeredRoutes().stream().map(r -> r.method() + " " + r.path()).toList();
    contract.document().path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
        .forEachRemaining(method -> {
          String route = method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
          if (!route.equals("GET /ws")) {
            assertThat(served).as("documented %s is served", route).contains(route);
          }
        }));
  }

  @Test
  void theServedDocumentIsTheBundledOne() {
    ApiClient.Response r = fixture.api.get("/openapi.json");

    assertThat(r.json()).isEqualTo(contract.document());
    assertThat(r.json().path("openapi").asText()).isEqualTo("3.1.0");
  }

  @Test
  void theSchemasRejectAResponseMissingARequiredField() {
    assertThat(contract.responseErrors("POST", "/api/v1/query", 200,
        "{\"response\":\"x\",\"patterns_used\":[],\"latency_ms\":1,\"status\":\"completed\",\"session_id\":\"s\",\"run_id\":\"r\"}"))
        .isNotEmpty();
    assertThat(contract.responseErrors("POST", "/api/v1/query", 200,
        "{\"response\":\"x\",\"patterns_used\":[],\"confidence\":1.5,\"latency_ms\":1,\"status\":\"completed\","
            + "\"session_id\":\"s\",\"run_id\":\"r\"}")).isNotEmpty();
  }

  @Test
  void anUndocumentedStatusIsAContractError() {
    assertThat(contract.responseErrors("GET", "/api/v1/metrics", 418, "{\"error\":\"x\"}")).isNotEmpty();
  }

  @Test
  void anUnknownWebSocketMessageIsAContractError() {
    assertThat(contract.wsMessageErrors("{\"type\":\"surprise\"}")).isNotEmpty();
    assertThat(contract.wsMessageErrors("{\"type\":\"token\",\"run_id\":\"r\",\"text\":\"hi\"}")).isEmpty();
  }
}
