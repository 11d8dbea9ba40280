package dev.rustagent.core.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** agent-core's one JSON mapper: unknown fields are ignored, so newer tools' payloads still read. */
public final class CoreJson {
  /** The configured mapper; thread-safe once configured, never reconfigure it. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private CoreJson() {}
}
