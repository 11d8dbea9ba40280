package dev.rustagent.memory.internal;

import dev.rustagent.memory.SemanticMemory.RecallMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;

/**
 * The in-memory search index of one kind of item: unit vectors in contiguous blocks plus a BM25
 * inverted index, both addressed by slot. Scores mean the same across queries: cosine similarity for
 * vectors, BM25 divided by the query's own attainable score ({@link #queryWeight}) for keywords, and
 * their calibrated fusion ({@link #fuse}) for hybrid search, so one threshold per mode can say
 * "nothing relevant". Vectors are stored column-major within blocks of
 * {@value #BLOCK} items so that scoring a block is a run of multiply-adds over contiguous floats, which
 * the JIT compiles to SIMD instructions. Search is exact. Large indexes are scanned in chunks by the
 * searching thread and a small shared daemon pool ({@link ScanWorkers}) and the chunks' top-k merged,
 * which gives the same hits as one scan. Deleted items are tombstoned and skipped. Thread-safe:
 * searches share a read lock, changes take the write lock; a search's filter may be called from
 * several threads at once.
 */
public final class RecallIndex {

  static final int BLOCK = 256;
  /** Indexes with fewer blocks than this are scanned by the searching thread alone. */
  static final int PARALLEL_MIN_BLOCKS = 32;
  private static final int CHUNK_MIN_BLOCKS = 8;
  private static final int CHUNKS_PER_THREAD = 4;
  /** The most the keyword score adds to the cosine in hybrid fusion (when an item matches the whole query). */
  static final double KEYWORD_WEIGHT = 0.4;
  /**
   * The share of a query's keyword information an item must match before it earns any hybrid bonus:
   * one everyday word shared with a long query stays under it, so it cannot outrank closer meanings.
   */
  static final double KEYWORD_GATE = 0.1;

  private static final double K1 = 1.2;
  private static final double B = 0.75;

  private final int dimension;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<float[]> blocks = new ArrayList<>();
  private final Map<Long, Integer> slotById = new HashMap<>();
  private final BitSet dead = new BitSet();
  private long[] ids = new long[1024];
  private int[] docLengths = new int[1024];
  private int size;
  private int live;
  private long totalLength;
  private final Map<String, Postings> postings = new HashMap<>();

  /** A search result: an item id and its score. */
  public record Hit(long id, double score) {}

  /**
   * @param dimension the vectors' dimension, or 0 for a keyword-only index
   */
  public RecallIndex(int dimension) {
    if (dimension < 0) {
      throw new IllegalArgumentException("dimension must not be negative");
    }
    this.dimension = dimension;
  }

  /** @return the vectors' dimension, 0 for keyword-only */
  public int dimension() {
    return dimension;
  }

  /** @return how many live items are indexed */
  public int size() {
    lock.readLock().lock();
    try {
      return live;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Adds or replaces an item.
   *
   * @param id the item id
   * @param unitVector its unit-length embedding, or null (scores 0 on vector similarity)
   * @param terms its keyword terms
   */
  public void add(long id, float[] unitVector, List<String> terms) {
    if (unitVector != null && unitVector.length != dimension) {
      throw new IllegalArgumentException(
          "vector has " + unitVector.length + " dimensions, index has " + dimension);
    }
    lock.writeLock().lock();
    try {
      removeLocked(id);
      int slot = size++;
      if (slot == ids.length) {
        ids = Arrays.copyOf(ids, slot * 2);
        docLengths = Arrays.copyOf(docLengths, slot * 2);
      }
      ids[slot] = id;
      slotById.put(id, slot);
      live++;
      if (dimension > 0) {
        int block = slot / BLOCK;
        if (block == blocks.size()) {
          blocks.add(new float[dimension * BLOCK]);
        }
        if (unitVector != null) {
          float[] data = blocks.get(block);
          int column = slot % BLOCK;
          for (int d = 0; d < dimension; d++) {
            data[d * BLOCK + column] = unitVector[d];
          }
        }
      }
      Map<String, Integer> tf = new HashMap<>();
      for (String term : terms) {
        tf.merge(term, 1, Integer::sum);
      }
      for (Map.Entry<String, Integer> e : tf.entrySet()) {
        postings.computeIfAbsent(e.getKey(), k -> new Postings()).add(slot, e.getValue());
      }
      docLengths[slot] = terms.size();
      totalLength += terms.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * @param id an item id
   * @return whether it is indexed
   */
  public boolean contains(long id) {
    lock.readLock().lock();
    try {
      return slotById.containsKey(id);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * @param id an item id
   * @return whether it was indexed
   */
  public boolean remove(long id) {
    lock.writeLock().lock();
    try {
      return removeLocked(id);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private boolean removeLocked(long id) {
    Integer slot = slotById.remove(id);
    if (slot == null) {
      return false;
    }
    dead.set(slot);
    live--;
    totalLength -= docLengths[slot];
    return true;
  }

  /**
   * @param unitQuery the query's unit vector, or null (then only keywords count)
   * @param queryTerms the query's keyword terms
   * @param limit the most hits to return
   * @param mode how to rank; {@code VECTOR} and {@code HYBRID} need a query vector
   * @param filter which item ids may be returned, or null for all (must allow concurrent calls)
   * @return the best hits first
   */
  public List<Hit> search(float[] unitQuery, List<String> queryTerms, int limit, RecallMode mode,
      LongPredicate filter) {
    if (mode != RecallMode.KEYWORD && (unitQuery == null || dimension == 0)) {
      throw new IllegalArgumentException(mode + " search needs a query vector and a vector index");
    }
    lock.readLock().lock();
    try {
      return switch (mode) {
        case VECTOR -> toHits(vectorTopK(unitQuery, limit, filter), 1.0);
        case KEYWORD -> {
          List<String> terms = distinct(queryTerms);
          yield toHits(keywordTopK(terms, limit, filter), queryWeight(terms));
        }
        case HYBRID -> hybrid(unitQuery, distinct(queryTerms), limit, filter);
      };
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The most a query's terms can score on one item of average length that holds each of them once:
   * the sum of their inverse document frequencies. A term no item holds counts as much as the rarest
   * term held (one item): it is part of what the query asks, but with few items stored an absent
   * term's own idf would outweigh every matched term and no match could pass a floor.
   * Dividing BM25 by it gives the share of the query's information an item matches, comparable across
   * queries, so a threshold on it means the same for every query.
   */
  private double queryWeight(List<String> terms) {
    double weight = 0;
    for (String term : terms) {
      Postings p = postings.get(term);
      weight += idf(p == null ? 1 : p.count);
    }
    return weight;
  }

  private List<Hit> hybrid(float[] q, List<String> terms, int limit, LongPredicate filter) {
    int pool = Math.max(limit * 5, 50);
    TopK byVector = vectorTopK(q, pool, filter);
    TopK byKeyword = keywordTopK(terms, pool, filter);
    double weight = queryWeight(terms);
    Set<Integer> candidates = new LinkedHashSet<>();
    for (int i = 0; i < byVector.size(); i++) {
      candidates.add(byVector.slot(i));
    }
    for (int i = 0; i < byKeyword.size(); i++) {
      candidates.add(byKeyword.slot(i));
    }
    List<Hit> hits = new ArrayList<>(candidates.size());
    for (int slot : candidates) {
      double keyword = weight > 0 ? Math.min(1.0, bm25(slot, terms) / weight) : 0;
      hits.add(new Hit(ids[slot], fuse(dot(q, slot), keyword)));
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
  }

  /**
   * Calibrated hybrid fusion: the cosine similarity plus a keyword bonus of up to
   * {@value #KEYWORD_WEIGHT}, growing with the share of the query's keyword information the item
   * matches above {@value #KEYWORD_GATE}, divided by {@code 1 + KEYWORD_WEIGHT} so that a perfect match
   * scores 1 as in the other modes. Both inputs mean the same for every query (cosine of unit
   * vectors; BM25 over the query's own best score), unlike a score divided by the best candidate's,
   * so an item sharing an everyday word gains next to nothing while an item matching a query's error
   * code or identifier gains enough to come first. Reciprocal rank fusion was measured and rejected:
   * it gives the keyword ranking equal say even when no item shares a content word with the query,
   * and lost paraphrases just as the old fusion did (docs/benchmarks.md).
   *
   * @param cosine the cosine similarity, -1..1
   * @param keyword the calibrated keyword score, 0..1
   * @return the fused score, at most 1
   */
  static double fuse(double cosine, double keyword) {
    double bonus = Math.max(0, keyword - KEYWORD_GATE) / (1 - KEYWORD_GATE);
    return (cosine + KEYWORD_WEIGHT * bonus) / (1 + KEYWORD_WEIGHT);
  }

  private TopK vectorTopK(float[] q, int limit, LongPredicate filter) {
    int blockCount = blocks.size();
    int helpers = ScanWorkers.helpers();
    if (helpers == 0 || blockCount < PARALLEL_MIN_BLOCKS) {
      TopK top = new TopK(limit);
      scanBlocks(q, 0, blockCount, top, filter, new float[BLOCK]);
      return top;
    }
    return parallelVectorTopK(q, limit, filter, blockCount, helpers);
  }

  /**
   * Scans the blocks in chunks claimed by the searching thread and the pool's helpers, each chunk into
   * its own top-k, then merges them: the same exact result as one scan. The searching thread never
   * waits for a helper that has not started; it only waits for chunks a helper is scanning.
   */
  private TopK parallelVectorTopK(float[] q, int limit, LongPredicate filter, int blockCount, int helpers) {
    int chunks = Math.min(blockCount / CHUNK_MIN_BLOCKS, (helpers + 1) * CHUNKS_PER_THREAD);
    TopK[] results = new TopK[chunks];
    AtomicInteger nextChunk = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable worker = () -> {
      float[] scores = new float[BLOCK];
      int chunk;
      while ((chunk = nextChunk.getAndIncrement()) < chunks) {
        try {
          TopK top = new TopK(limit);
          scanBlocks(q, (int) ((long) blockCount * chunk / chunks),
              (int) ((long) blockCount * (chunk + 1) / chunks), top, filter, scores);
          results[chunk] = top;
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }
    };
    for (int i = 0; i < helpers; i++) {
      ScanWorkers.pool().execute(worker);
    }
    worker.run();
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    TopK merged = new TopK(limit);
    for (TopK part : results) {
      for (int i = 0; i < part.size(); i++) {
        if (part.score(i) > merged.threshold()) {
          merged.offer(part.slot(i), part.score(i));
        }
      }
    }
    return merged;
  }

  /** Scores blocks {@code [from, to)} against the query and offers the live, allowed slots to top. */
  private void scanBlocks(float[] q, int from, int to, TopK top, LongPredicate filter, float[] scores) {
    for (int b = from; b < to; b++) {
      float[] data = blocks.get(b);
      Arrays.fill(scores, 0f);
      for (int d = 0; d < dimension; d++) {
        float qd = q[d];
        int base = d * BLOCK;
        for (int j = 0; j < BLOCK; j++) {
          scores[j] += qd * data[base + j];
        }
      }
      int first = b * BLOCK;
      int count = Math.min(BLOCK, size - first);
      for (int j = 0; j < count; j++) {
        float s = scores[j];
        if (s > top.threshold()) {
          int slot = first + j;
          if (!dead.get(slot) && (filter == null || filter.test(ids[slot]))) {
            top.offer(slot, s);
          }
        }
      }
    }
  }

  private TopK keywordTopK(List<String> terms, int limit, LongPredicate filter) {
    TopK top = new TopK(limit);
    if (terms.isEmpty() || live == 0) {
      return top;
    }
    float[] acc = new float[size];
    int[] touched = new int[Math.min(size, 1024)];
    int touchedCount = 0;
    double avgLength = Math.max(1.0, (double) totalLength / live);
    for (String term : terms) {
      Postings p = postings.get(term);
      if (p == null) {
        continue;
      }
      double idf = idf(p.count);
      for (int i = 0; i < p.count; i++) {
        int slot = p.slots[i];
        if (acc[slot] == 0f) {
          if (touchedCount == touched.length) {
            touched = Arrays.copyOf(touched, Math.min(size, touchedCount * 2));
          }
          touched[touchedCount++] = slot;
        }
        acc[slot] += (float) termScore(idf, p.tfs[i], docLengths[slot], avgLength);
      }
    }
    for (int i = 0; i < touchedCount; i++) {
      int slot = touched[i];
      if (acc[slot] > top.threshold() && !dead.get(slot) && (filter == null || filter.test(ids[slot]))) {
        top.offer(slot, acc[slot]);
      }
    }
    return top;
  }

  private double bm25(int slot, List<String> terms) {
    double avgLength = Math.max(1.0, (double) totalLength / Math.max(1, live));
    double score = 0;
    for (String term : terms) {
      Postings p = postings.get(term);
      if (p == null) {
        continue;
      }
      int i = Arrays.binarySearch(p.slots, 0, p.count, slot);
      if (i >= 0) {
        score += termScore(idf(p.count), p.tfs[i], docLengths[slot], avgLength);
      }
    }
    return score;
  }

  private double idf(int documentFrequency) {
    return Math.log(1 + (live - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  private static double termScore(double idf, int tf, int docLength, double avgLength) {
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * docLength / avgLength));
  }

  private float dot(float[] q, int slot) {
    float[] data = blocks.get(slot / BLOCK);
    int column = slot % BLOCK;
    float sum = 0;
    for (int d = 0; d < dimension; d++) {
      sum += q[d] * data[d * BLOCK + column];
    }
    return sum;
  }

  private List<Hit> toHits(TopK top, double divisor) {
    List<Hit> hits = new ArrayList<>(top.size());
    for (int i = 0; i < top.size(); i++) {
      hits.add(new Hit(ids[top.slot(i)], divisor > 0 ? Math.min(1.0, top.score(i) / divisor) : 0));
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits;
  }

  private static List<String> distinct(List<String> terms) {
    return List.copyOf(new LinkedHashSet<>(terms));
  }

  /** Slots (ascending) and term frequencies of one term. */
  private static final class Postings {
    int[] slots = new int[4];
    int[] tfs = new int[4];
    int count;

    void add(int slot, int tf) {
      if (count == slots.length) {
        slots = Arrays.copyOf(slots, count * 2);
        tfs = Arrays.copyOf(tfs, count * 2);
      }
      slots[count] = slot;
      tfs[count] = tf;
      count++;
    }
  }
}
