package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.memory.MemoryException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns text into unit vectors through a LangChain4j {@link EmbeddingModel}, caching by text so equal
 * texts are embedded once. Texts longer than {@value #MAX_EMBEDDED_CHARS} characters are embedded by
 * their beginning (embedding models read a few hundred tokens at most); the stored text is not cut.
 */
public final class Embedder {

  static final int MAX_EMBEDDED_CHARS = 4000;

  private final EmbeddingModel model;
  private final String name;
  private final int dimension;
  private final Cache<String, float[]> cache;

  /**
   * @param model the model
   * @param cacheSize how many embeddings to keep cached
   */
  public Embedder(EmbeddingModel model, long cacheSize) {
    this.model = requireNonNull(model, "model");
    String declared = model.modelName();
    this.name = declared == null || declared.isBlank() || declared.equals("unknown")
        ? model.getClass().getName()
        : declared;
    this.dimension = model.dimension();
    if (dimension < 1) {
      throw new MemoryException("embedding model " + name + " reports dimension " + dimension);
    }
    this.cache = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  /** @return the model's name, as stored with the vectors */
  public String name() {
    return name;
  }

  /** @return the vectors' dimension */
  public int dimension() {
    return dimension;
  }

  /**
   * @param text any text
   * @return its unit vector (shared: do not modify)
   */
  public float[] embed(String text) {
    return cache.get(clip(text), t -> unit(model.embed(t).content()));
  }

  /**
   * @param texts texts to embed in one model call (cached ones are not sent)
   * @return their unit vectors, in order
   */
  public List<float[]> embedAll(List<String> texts) {
    List<String> clipped = texts.stream().map(Embedder::clip).toList();
    Map<String, float[]> vectors = new HashMap<>(cache.getAllPresent(clipped));
    List<String> missing = clipped.stream().filter(t -> !vectors.containsKey(t)).distinct().toList();
    if (!missing.isEmpty()) {
      List<Embedding> embeddings = model.embedAll(missing.stream().map(TextSegment::from).toList()).content();
      if (embeddings.size() != missing.size()) {
        throw new MemoryException("embedding model " + name + " returned " + embeddings.size()
            + " embeddings for " + missing.size() + " texts");
      }
      for (int i = 0; i < missing.size(); i++) {
        float[] v = unit(embeddings.get(i));
        vectors.put(missing.get(i), v);
        cache.put(missing.get(i), v);
      }
    }
    List<float[]> out = new ArrayList<>(clipped.size());
    for (String t : clipped) {
      out.add(vectors.get(t));
    }
    return out;
  }

  private static String clip(String text) {
    String t = text.length() > MAX_EMBEDDED_CHARS ? text.substring(0, MAX_EMBEDDED_CHARS) : text;
    return t.isBlank() ? "(empty)" : t;
  }

  private float[] unit(Embedding embedding) {
    float[] v = embedding.vector().clone();
    if (v.length != dimension) {
      throw new MemoryException("embedding model " + name + " returned " + v.length
          + " dimensions, declared " + dimension);
    }
    return normalize(v);
  }

  /**
   * @param v a vector, normalised in place
   * @return v
   */
  static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  static byte[] toBytes(float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(v);
    return buf.array();
  }

  static float[] fromBytes(byte[] bytes) {
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }
}
