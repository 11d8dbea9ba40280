package dev.rustagent.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustagent.memory.SemanticMemory.RecallMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class RecallIndexTest {

  private static final int DIMENSION = 24;
  /** Enough items that the scan is split across threads. */
  private static final int LARGE = (RecallIndex.PARALLEL_MIN_BLOCKS + 9) * RecallIndex.BLOCK + 17;

  private final Random random = new Random(42);
  private final List<float[]> vectors = new ArrayList<>();

  private float[] unitVector() {
    float[] v = new float[DIMENSION];
    double norm = 0;
    for (int d = 0; d < DIMENSION; d++) {
      v[d] = (float) random.nextGaussian();
      norm += v[d] * v[d];
    }
    for (int d = 0; d < DIMENSION; d++) {
      v[d] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private RecallIndex indexOf(int items) {
    RecallIndex index = new RecallIndex(DIMENSION);
    for (int i = 0; i < items; i++) {
      float[] v = unitVector();
      vectors.add(v);
      index.add(i, v, List.of("term" + (i % 7)));
    }
    return index;
  }

  /** The exact top-k by a plain loop over every vector, summing in the index's order. */
  private List<Long> bruteForce(float[] q, int limit, LongPredicate allowed) {
    List<long[]> scored = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      if (!allowed.test(i)) {
        continue;
      }
      float sum = 0;
      for (int d = 0; d < DIMENSION; d++) {
        sum += q[d] * vectors.get(i)[d];
      }
      scored.add(new long[] {i});
      scores.add(sum);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < scored.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing((Integer i) -> scores.get(i)).reversed());
    return order.subList(0, limit).stream().map(i -> scored.get(i)[0]).toList();
  }

  private static List<Long> ids(List<RecallIndex.Hit> hits) {
    return hits.stream().map(RecallIndex.Hit::id).toList();
  }

  @Test
  void aLargeIndexScannedInParallelFindsTheExactTopK() {
    RecallIndex index = indexOf(LARGE);
    for (int query = 0; query < 5; query++) {
      float[] q = unitVector();

      List<RecallIndex.Hit> hits = index.search(q, List.of(), 10, RecallMode.VECTOR, null);

      assertThat(ids(hits)).isEqualTo(bruteForce(q, 10, id -> true));
    }
  }

  @Test
  void aParallelScanSkipsDeletedItemsAndHonoursTheFilter() {
    RecallIndex index = indexOf(LARGE);
    for (long id = 0; id < LARGE; id += 3) {
      index.remove(id);
    }
    LongPredicate filter = id -> id % 5 != 0;
    float[] q = unitVector();

    List<RecallIndex.Hit> hits = index.search(q, List.of(), 25, RecallMode.VECTOR, filter);

    assertThat(ids(hits)).isEqualTo(bruteForce(q, 25, id -> id % 3 != 0 && id % 5 != 0));
  }

  @Test
  void aSmallIndexFindsTheExactTopK() {
    RecallIndex index = indexOf(RecallIndex.BLOCK + 5);
    float[] q = unitVector();

    List<RecallIndex.Hit> hits = index.search(q, List.of(), 7, RecallMode.VECTOR, null);

    assertThat(ids(hits)).isEqualTo(bruteForce(q, 7, id -> true));
  }

  @Test
  void aFilterFailingDuringAParallelScanFailsTheSearch() {
    RecallIndex index = indexOf(LARGE);
    float[] q = unitVector();
    LongPredicate failing = id -> {
      throw new IllegalStateException("filter broke at " + id);
    };

    assertThatThrownBy(() -> index.search(q, List.of(), 10, RecallMode.VECTOR, failing))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("filter broke");
  }

  /** A unit vector at the given cosine from the first axis, in the plane of the first two axes. */
  private static float[] atCosine(double cosine) {
    float[] v = new float[DIMENSION];
    v[0] = (float) cosine;
    v[1] = (float) Math.sqrt(1 - cosine * cosine);
    return v;
  }

  private static float[] axis() {
    return atCosine(1.0);
  }

  private static RecallIndex twoItems(List<String> closerTerms, List<String> fartherTerms) {
    RecallIndex index = new RecallIndex(DIMENSION);
    index.add(1, atCosine(0.60), closerTerms);
    index.add(2, atCosine(0.45), fartherTerms);
    for (int i = 3; i < 20; i++) {
      index.add(i, atCosine(0.1), List.of("filler" + i, "text"));
    }
    return index;
  }

  @Test
  void inHybridSearchOneSharedEverydayWordDoesNotOutrankACloserMeaning() {
    RecallIndex index = twoItems(List.of("stack", "overflow", "recursion"), List.of("program", "crashes", "tree"));
    List<String> query = List.of("program", "deep", "descent", "nested", "nodes", "blows", "up");

    assertThat(ids(index.search(axis(), query, 2, RecallMode.HYBRID, null))).containsExactly(1L, 2L);
  }

  @Test
  void inHybridSearchAnErrorCodeMatchOutranksACloserMeaning() {
    RecallIndex index = twoItems(List.of("borrow", "moved", "value"), List.of("e0382", "closure", "config"));

    assertThat(ids(index.search(axis(), List.of("e0382"), 2, RecallMode.HYBRID, null))).containsExactly(2L, 1L);
  }

  @Test
  void keywordScoresAreTheShareOfTheQueryMatchedNotRelativeToTheBestHit() {
    RecallIndex index = twoItems(List.of("stack", "overflow"), List.of("program", "crashes"));

    double onlyHit = index.search(null, List.of("program", "deep", "descent", "nested"), 1, RecallMode.KEYWORD,
        null).get(0).score();

    assertThat(onlyHit).isLessThan(0.4);
  }
}
