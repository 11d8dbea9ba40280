package dev.rustagent.art.internal;

/**
 * Cosine similarity of embedding vectors. Keyword similarity is agent-memory's
 * {@link dev.rustagent.memory.internal.KeywordIndex}, the one keyword scorer of the project.
 */
public final class Cosine {

  private Cosine() {}

  /**
   * @param a a vector
   * @param b another vector
   * @return their cosine similarity clamped to 0..1; 0 when their lengths differ or either is zero
   */
  public static double of(float[] a, float[] b) {
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
}
