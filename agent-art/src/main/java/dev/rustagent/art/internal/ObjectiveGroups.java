package dev.rustagent.art.internal;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.rustagent.memory.internal.KeywordIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups items by how close their objectives are: by the cosine similarity of the objectives'
 * embeddings when an embedding model is given, else (or when embedding fails) by the share of
 * keywords two objectives have in common (Jaccard of {@link KeywordIndex#terms}). Each item joins the
 * first group whose first objective is at least {@code minSimilarity} close; identical objectives
 * always share a group. Not public API.
 */
public final class ObjectiveGroups {
  private static final Logger log = LoggerFactory.getLogger(ObjectiveGroups.class);

  private ObjectiveGroups() {}

  /** The groups, in order of their first item. */
  public static <T> List<List<T>> group(List<T> items, Function<T, String> objective, EmbeddingModel model,
      double minSimilarity) {
    List<String> texts = items.stream().map(objective).map(String::strip).toList();
    Similarity similarity = model != null ? embeddings(model, texts) : null;
    if (similarity == null) {
      similarity = keywords(texts);
    }
    List<List<T>> groups = new ArrayList<>();
    List<Integer> heads = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int joined = -1;
      for (int g = 0; g < heads.size() && joined < 0; g++) {
        int head = heads.get(g);
        if (texts.get(head).equals(texts.get(i)) || similarity.between(head, i) >= minSimilarity) {
          joined = g;
        }
      }
      if (joined < 0) {
        heads.add(i);
        groups.add(new ArrayList<>(List.of(items.get(i))));
      } else {
        groups.get(joined).add(items.get(i));
      }
    }
    return groups;
  }

  private interface Similarity {
    double between(int a, int b);
  }

  private static Similarity embeddings(EmbeddingModel model, List<String> texts) {
    try {
      List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isEmpty() ? " " : t)).toList();
      List<float[]> vectors = model.embedAll(segments).content().stream().map(e -> e.vector()).toList();
      if (vectors.size() != texts.size()) {
        throw new IllegalStateException("the model gave " + vectors.size() + " embeddings for " + texts.size() + " texts");
      }
      return (a, b) -> Cosine.of(vectors.get(a), vectors.get(b));
    } catch (RuntimeException e) {
      log.warn("cannot embed the objectives ({}); grouping them by keywords", e.getMessage());
      return null;
    }
  }

  private static Similarity keywords(List<String> texts) {
    List<Set<String>> terms = texts.stream().map(t -> (Set<String>) new HashSet<>(KeywordIndex.terms(t))).toList();
    return (a, b) -> {
      Set<String> x = terms.get(a);
      Set<String> y = terms.get(b);
      if (x.isEmpty() || y.isEmpty()) {
        return 0;
      }
      Set<String> both = new HashSet<>(x);
      both.retainAll(y);
      return (double) both.size() / (x.size() + y.size() - both.size());
    };
  }
}
