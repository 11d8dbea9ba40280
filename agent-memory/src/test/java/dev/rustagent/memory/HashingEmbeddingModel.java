package dev.rustagent.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.rustagent.memory.internal.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic embedding model for tests: each token (and each character trigram of it) is hashed
 * into one of the dimensions, so texts sharing words are similar. Counts the texts it embeds.
 */
final class HashingEmbeddingModel implements EmbeddingModel {

  private final int dimension;
  private final String name;
  final AtomicInteger embedded = new AtomicInteger();

  HashingEmbeddingModel() {
    this(384, "test-hashing-384");
  }

  HashingEmbeddingModel(int dimension, String name) {
    this.dimension = dimension;
    this.name = name;
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<Embedding> out = new ArrayList<>();
    for (TextSegment s : segments) {
      embedded.incrementAndGet();
      out.add(Embedding.from(vector(s.text())));
    }
    return Response.from(out);
  }

  private float[] vector(String text) {
    float[] v = new float[dimension];
    for (String token : Tokens.of(text)) {
      v[Math.floorMod(token.hashCode(), dimension)] += 1f;
      for (int i = 0; i + 3 <= token.length(); i++) {
        v[Math.floorMod(token.substring(i, i + 3).hashCode() * 31 + 7, dimension)] += 0.3f;
      }
    }
    return v;
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String modelName() {
    return name;
  }
}
