package dev.rustagent.llm.claude;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The module's one configured JSON mapper (thread-safe once configured; never reconfigured). */
final class ClaudeJson {
  /** Reads and writes the wire format's JSON: request and response bodies, SSE event data, error bodies. */
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private ClaudeJson() {}
}
