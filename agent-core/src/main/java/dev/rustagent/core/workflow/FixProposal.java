package dev.rustagent.core.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rustagent.core.internal.CoreJson;

/**
 * The model's answer to "explain this error and propose a fix": an explanation and one text
 * replacement. The model is asked for a JSON object; text around it (a code fence) is ignored.
 */
record FixProposal(String explanation, SourceEdit edit) {
  static final String FORMAT = """
      Answer with one JSON object and nothing else:
      {"explanation": "<why the error happens, in a few sentences>",
       "path": "<file relative to the crate root>",
       "old_text": "<exact text in the file, occurring once, to replace>",
       "new_text": "<the replacement>"}""";

  /**
   * Parses the model's answer.
   *
   * @throws IllegalArgumentException saying what is wrong with the answer
   */
  static FixProposal parse(String answer) {
    int start = answer.indexOf('{');
    int end = answer.lastIndexOf('}');
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("the answer holds no JSON object");
    }
    JsonNode node;
    try {
      node = CoreJson.MAPPER.readTree(answer.substring(start, end + 1));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the answer's JSON is malformed: " + e.getOriginalMessage());
    }
    String explanation = field(node, "explanation");
    String path = field(node, "path");
    String oldText = field(node, "old_text");
    String newText = node.path("new_text").isTextual() ? node.get("new_text").asText() : null;
    if (newText == null) {
      throw new IllegalArgumentException("the answer lacks the string field 'new_text'");
    }
    return new FixProposal(explanation, new SourceEdit(path, oldText, newText));
  }

  private static String field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("the answer lacks the string field '" + name + "'");
    }
    return value.asText();
  }
}
