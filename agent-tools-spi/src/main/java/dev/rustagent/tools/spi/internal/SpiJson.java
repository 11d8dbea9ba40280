package dev.rustagent.tools.spi.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The tool SPI module's one JSON mapper: unknown fields are ignored (newer cargo, newer callers). */
public final class SpiJson {
  /** The configured mapper; thread-safe, never reconfigure it. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private SpiJson() {}
}
