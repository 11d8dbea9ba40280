package dev.rustagent.bench.memory;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stand-in embedding model whose vectors are pseudo-random but fixed per text (seeded by the text),
 * so search cost can be measured without the cost of a real model. Both sides of a comparison use the
 * same vectors.
 */
final class RandomEmbeddingModel implements EmbeddingModel {

  static final int DIMENSION = 384;

  static float[] vector(String text) {
    SplittableRandom random = new SplittableRandom(text.hashCode() * 0x9E3779B97F4A7C15L);
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int i = 0; i < DIMENSION; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
      norm += v[i] * v[i];
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < DIMENSION; i++) {
      v[i] *= inv;
    }
    return v;
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<Embedding> out = new ArrayList<>(segments.size());
    for (TextSegment s : segments) {
      out.add(Embedding.from(vector(s.text())));
    }
    return Response.from(out);
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public String modelName() {
    return "random-384";
  }
}
