package dev.rustagent.mcp;

import dev.rustagent.tools.spi.internal.SpiJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.tools.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns an MCP tool result into the text the model reads: text blocks as they are, images and audio
 * as a line naming their type and size, embedded text resources with their URI, resource links as
 * links. Structured content is the result's payload (and its JSON is the text when nothing else was
 * sent). The text is capped like every tool's output.
 */
final class ContentText {
  private static final ObjectMapper JSON = SpiJson.MAPPER;

  private ContentText() {}

  static ToolResult toToolResult(String server, String tool, McpSchema.CallToolResult result, int outputCap) {
    if (result == null) {
      return ToolResult.failure("MCP server '" + server + "' sent no result for '" + tool + "'");
    }
    List<String> parts = new ArrayList<>();
    if (result.content() != null) {
      for (McpSchema.Content content : result.content()) {
        parts.add(text(content));
      }
    }
    Object structured = result.structuredContent();
    if (parts.isEmpty() && structured != null) {
      parts.add(json(structured));
    }
    String text = parts.isEmpty() ? "(the tool returned no content)" : String.join("\n", parts);
    boolean failed = Boolean.TRUE.equals(result.isError());
    return ToolResult.capped(!failed, text, outputCap, structured);
  }

  static String text(McpSchema.Content content) {
    if (content instanceof McpSchema.TextContent text) {
      return text.text() == null ? "" : text.text();
    }
    if (content instanceof McpSchema.ImageContent image) {
      return "[image " + image.mimeType() + ", " + decodedSize(image.data()) + " bytes]";
    }
    if (content instanceof McpSchema.AudioContent audio) {
      return "[audio " + audio.mimeType() + ", " + decodedSize(audio.data()) + " bytes]";
    }
    if (content instanceof McpSchema.EmbeddedResource embedded) {
      McpSchema.ResourceContents resource = embedded.resource();
      if (resource instanceof McpSchema.TextResourceContents textResource) {
        return "[resource " + textResource.uri() + "]\n" + textResource.text();
      }
      if (resource instanceof McpSchema.BlobResourceContents blob) {
        return "[resource " + blob.uri() + ", " + blob.mimeType() + ", " + decodedSize(blob.blob()) + " bytes]";
      }
      return "[resource]";
    }
    if (content instanceof McpSchema.ResourceLink link) {
      return "[resource link " + link.uri() + (link.name() == null ? "" : " (" + link.name() + ")") + "]";
    }
    return "[" + (content == null ? "empty" : content.type()) + " content]";
  }

  private static long decodedSize(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      return Base64.getDecoder().decode(base64).length;
    } catch (IllegalArgumentException e) {
      return base64.length() * 3L / 4;
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
