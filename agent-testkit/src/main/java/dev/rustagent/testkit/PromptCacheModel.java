package dev.rustagent.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the fake server counts a request's input tokens and plays Anthropic's prompt cache. The prompt
 * is read in the API's order (tools, system, messages) as a list of blocks; a block carrying
 * {@code cache_control} is a breakpoint. A request reads from the cache the longest prefix, ending at
 * or up to 20 blocks before one of its breakpoints, that an earlier request wrote within its TTL
 * ({@code 5m}, or {@code 1h}); it writes the prefix at each breakpoint past that point that is at least
 * the model's minimum cacheable length (1,024 tokens; 2,048 for Haiku 3.x; 4,096 for Opus 4.5 and Haiku
 * 4.5). {@code input_tokens} is what is left. A read refreshes the entry's TTL. Thread-safe.
 */
final class PromptCacheModel {
  private static final int LOOKBACK_BLOCKS = 20;
  private static final int MESSAGE_OVERHEAD_TOKENS = 3;
  private static final int REQUEST_OVERHEAD_TOKENS = 4;

  /** The input of one request: uncached, written to the cache, read from it. */
  record Usage(int input, int cacheWrite, int cacheRead) {
    int total() {
      return input + cacheWrite + cacheRead;
    }
  }

  private record Block(String key, int tokens, String ttl) {}

  private final Map<String, Long> expiries = new ConcurrentHashMap<>();

  /** Counts {@code request}'s input tokens, with no cache involved ({@code count_tokens}). */
  static int countTokens(JsonNode request) {
    int total = REQUEST_OVERHEAD_TOKENS;
    for (Block block : blocks(request)) {
      total += block.tokens();
    }
    return total;
  }

  /** Plays the cache for {@code request} at {@code nowMillis}, remembering what it writes. */
  synchronized Usage usage(JsonNode request, String model, long nowMillis) {
    List<Block> blocks = blocks(request);
    int n = blocks.size();
    int[] cumulative = new int[n];
    String[] prefix = new String[n];
    long fnv = 0xcbf29ce484222325L;
    long poly = 0;
    long length = 0;
    int sum = REQUEST_OVERHEAD_TOKENS;
    List<Integer> breakpoints = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Block block = blocks.get(i);
      sum += block.tokens();
      cumulative[i] = sum;
      String part = block.key() + '\u0000';
      for (int c = 0; c < part.length(); c++) {
        fnv = (fnv ^ part.charAt(c)) * 0x100000001b3L;
        poly = poly * 31 + part.charAt(c);
      }
      length += part.length();
      prefix[i] = Long.toHexString(fnv) + ":" + Long.toHexString(poly) + ":" + length;
      if (block.ttl() != null) {
        breakpoints.add(i);
      }
    }
    int hit = -1;
    for (int b : breakpoints) {
      for (int j = b; j >= Math.max(0, b - LOOKBACK_BLOCKS) && j > hit; j--) {
        Long expiry = expiries.get(prefix[j]);
        if (expiry != null && expiry > nowMillis) {
          hit = j;
          break;
        }
      }
    }
    int read = hit < 0 ? 0 : cumulative[hit];
    if (hit >= 0) {
      refresh(prefix[hit], blocks, breakpoints, hit, nowMillis);
    }
    int minimum = minimumCacheable(model);
    int writtenUpTo = read;
    for (int b : breakpoints) {
      if (b > hit && cumulative[b] >= minimum) {
        expiries.put(prefix[b], nowMillis + ttlMillis(blocks.get(b).ttl()));
        writtenUpTo = cumulative[b];
      }
    }
    return new Usage(sum - writtenUpTo, writtenUpTo - read, read);
  }

  private void refresh(String key, List<Block> blocks, List<Integer> breakpoints, int hit, long nowMillis) {
    String ttl = "5m";
    for (int b : breakpoints) {
      if (b >= hit) {
        ttl = blocks.get(b).ttl();
        break;
      }
    }
    expiries.put(key, nowMillis + ttlMillis(ttl));
  }

  static int minimumCacheable(String model) {
    String m = model == null ? "" : model;
    if (m.contains("opus-4-5") || m.contains("haiku-4-5")) {
      return 4096;
    }
    if (m.contains("haiku")) {
      return 2048;
    }
    return 1024;
  }

  private static long ttlMillis(String ttl) {
    return "1h".equals(ttl) ? 3_600_000L : 300_000L;
  }

  /** The prompt's blocks in the API's order, each with its key (without cache_control) and tokens. */
  private static List<Block> blocks(JsonNode request) {
    List<Block> blocks = new ArrayList<>();
    for (JsonNode tool : request.path("tools")) {
      blocks.add(block("tool", tool, FakeTokenizer.count(strip(tool).toString())));
    }
    JsonNode system = request.path("system");
    if (system.isTextual()) {
      blocks.add(new Block("system:" + system.asText(), FakeTokenizer.count(system.asText()), null));
    } else {
      for (JsonNode part : system) {
        blocks.add(block("system", part, FakeTokenizer.count(part.path("text").asText())));
      }
    }
    for (JsonNode message : request.path("messages")) {
      String role = message.path("role").asText();
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        blocks.add(new Block(role + ":" + content.asText(),
            MESSAGE_OVERHEAD_TOKENS + FakeTokenizer.count(content.asText()), null));
        continue;
      }
      boolean first = true;
      for (JsonNode part : content) {
        int tokens = (first ? MESSAGE_OVERHEAD_TOKENS : 0) + partTokens(part);
        blocks.add(block(role + (first ? ":first" : ""), part, tokens));
        first = false;
      }
    }
    return blocks;
  }

  private static int partTokens(JsonNode part) {
    return switch (part.path("type").asText()) {
      case "text" -> FakeTokenizer.count(part.path("text").asText());
      case "tool_use" -> FakeTokenizer.count(part.path("name").asText()) + FakeTokenizer.count(part.path("input").toString());
      case "tool_result" -> FakeTokenizer.count(part.path("content").isTextual()
          ? part.path("content").asText() : part.path("content").toString()) + 2;
      case "thinking" -> FakeTokenizer.count(part.path("thinking").asText());
      default -> FakeTokenizer.count(part.toString());
    };
  }

  private static Block block(String prefix, JsonNode part, int tokens) {
    JsonNode control = part.path("cache_control");
    String ttl = control.isObject() ? control.path("ttl").asText("5m") : null;
    return new Block(prefix + ":" + strip(part), tokens, ttl);
  }

  private static JsonNode strip(JsonNode part) {
    if (part instanceof ObjectNode object && object.has("cache_control")) {
      ObjectNode copy = object.deepCopy();
      copy.remove("cache_control");
      return copy;
    }
    return part;
  }
}
