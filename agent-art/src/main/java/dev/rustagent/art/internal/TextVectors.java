package dev.rustagent.art.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Term-frequency vectors of text and their cosine similarity, for keyword search without embeddings. */
public final class TextVectors {
  private static final Set<String> STOP = Set.of("the", "a", "an", "and", "or", "of", "to", "in", "on", "for",
      "with", "is", "it", "this", "that", "be", "by", "as", "at", "from", "my", "your");

  private TextVectors() {}

  /** Lower-cased word tokens of two or more characters, without common stop words, in order, distinct. */
  public static Set<String> keywords(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z0-9_]+")) {
      if (token.length() >= 2 && !STOP.contains(token)) {
        out.add(token);
      }
    }
    return out;
  }

  /** Term frequencies. */
  public static Map<String, Integer> vector(String text) {
    Map<String, Integer> tf = new HashMap<>();
    for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z0-9_]+")) {
      if (token.length() >= 2 && !STOP.contains(token)) {
        tf.merge(token, 1, Integer::sum);
      }
    }
    return tf;
  }

  /** Cosine similarity of two term-frequency vectors, 0..1. */
  public static double cosine(Map<String, Integer> a, Map<String, Integer> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    double dot = 0;
    for (Map.Entry<String, Integer> e : a.entrySet()) {
      Integer other = b.get(e.getKey());
      if (other != null) {
        dot += (double) e.getValue() * other;
      }
    }
    return dot / (norm(a) * norm(b));
  }

  /** Cosine similarity of two dense vectors, clamped to 0..1. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length || a.length == 0) {
      return 0;
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    if (na == 0 || nb == 0) {
      return 0;
    }
    return Math.max(0, Math.min(1, dot / Math.sqrt(na * nb)));
  }

  private static double norm(Map<String, Integer> v) {
    double s = 0;
    for (int x : v.values()) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }
}
