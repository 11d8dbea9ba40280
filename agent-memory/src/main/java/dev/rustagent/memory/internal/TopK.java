package dev.rustagent.memory.internal;

/** A bounded min-heap keeping the k best (slot, score) pairs. */
final class TopK {
  private final int capacity;
  private final int[] slots;
  private final float[] scores;
  private int size;

  TopK(int capacity) {
    this.capacity = capacity;
    this.slots = new int[capacity];
    this.scores = new float[capacity];
  }

  /** The score an entry must beat to get in. */
  float threshold() {
    return size < capacity ? Float.NEGATIVE_INFINITY : scores[0];
  }

  void offer(int slot, float score) {
    if (size < capacity) {
      slots[size] = slot;
      scores[size] = score;
      siftUp(size++);
    } else if (score > scores[0]) {
      slots[0] = slot;
      scores[0] = score;
      siftDown(0);
    }
  }

  int size() {
    return size;
  }

  int slot(int i) {
    return slots[i];
  }

  float score(int i) {
    return scores[i];
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (scores[parent] <= scores[i]) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int smallest = left + 1 < size && scores[left + 1] < scores[left] ? left + 1 : left;
      if (scores[i] <= scores[smallest]) {
        return;
      }
      swap(i, smallest);
      i = smallest;
    }
  }

  private void swap(int a, int b) {
    int s = slots[a];
    slots[a] = slots[b];
    slots[b] = s;
    float f = scores[a];
    scores[a] = scores[b];
    scores[b] = f;
  }
}
