package dev.rustagent.art;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;

/** A small real embedding model for tests: the letter frequencies of the text. */
public final class LetterEmbeddings implements EmbeddingModel {
  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    return Response.from(segments.stream().map(s -> {
      float[] v = new float[26];
      for (char c : s.text().toLowerCase().toCharArray()) {
        if (c >= 'a' && c <= 'z') {
          v[c - 'a']++;
        }
      }
      return Embedding.from(v);
    }).toList());
  }
}
