package dev.rustagent.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The served OpenAPI document as a test oracle: finds the schema of a response (by method, concrete
 * path and status) or of a WebSocket message, and validates JSON against it with networknt's JSON
 * Schema 2020-12 validator.
 */
final class OpenApiContract {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final OpenApiContract INSTANCE = new OpenApiContract();

  private final JsonNode document;
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

  private OpenApiContract() {
    try (InputStream in = AgentServer.class.getResourceAsStream("openapi.json")) {
      document = MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OpenApiContract get() {
    return INSTANCE;
  }

  JsonNode document() {
    return document;
  }

  /** The path template of the document that matches a concrete path, if any. */
  Optional<String> template(String path) {
    for (Iterator<String> names = document.get("paths").fieldNames(); names.hasNext(); ) {
      String template = names.next();
      String regex = template.replaceAll("\\{[^/]+}", "[^/]+");
      if (path.matches(regex)) {
        return Optional.of(template);
      }
    }
    return Optional.empty();
  }

  /** Whether the document describes this method on this path template. */
  boolean documents(String method, String template) {
    return document.path("paths").path(template).has(method.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Validation errors of a JSON response body against the document; a response the document does not
   * describe at all is an error too.
   */
  List<String> responseErrors(String method, String path, int status, String body) {
    String template = template(path).orElse(null);
    if (template == null) {
      return List.of("path " + path + " is not in the document");
    }
    JsonNode response = document.path("paths").path(template).path(method.toLowerCase(java.util.Locale.ROOT))
        .path("responses").path(Integer.toString(status));
    if (response.isMissingNode()) {
      return List.of(method + " " + template + " has no documented " + status + " response");
    }
    String pointer = "#/paths/" + escape(template) + "/" + method.toLowerCase(java.util.Locale.ROOT) + "/responses/"
        + status + "/content/application~1json/schema";
    return validate(pointer, body);
  }

  /** Validation errors of a server WebSocket message. */
  List<String> wsMessageErrors(String message) {
    return validate("#/components/schemas/WsServerMessage", message);
  }

  /** Validation errors of a client WebSocket message. */
  List<String> wsClientMessageErrors(String message) {
    return validate("#/components/schemas/WsClientMessage", message);
  }

  List<String> validate(String pointer, String json) {
    Schema schema = schemas.computeIfAbsent(pointer, p -> {
      ObjectNode root = document.deepCopy();
      root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      root.put("$ref", p);
      return registry.getSchema(root.toString(), InputFormat.JSON);
    });
    return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  private static String escape(String template) {
    return template.replace("~", "~0").replace("/", "~1");
  }
}
