package dev.rustagent.memory.internal;

import dev.rustagent.memory.MemoryStats.EmbeddingProgress;
import dev.rustagent.memory.MemoryException;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * A table whose rows are searchable: each row's embedding lives in the {@code embeddings} table under
 * this table's kind, and the row is mirrored in a {@link RecallIndex}. Rows are written to the database
 * first and indexed after commit, so the index never holds what the database lacks.
 */
abstract class IndexedTable {

  /** The texts of a row: what is embedded and what is keyword-indexed. */
  record Texts(String embedded, String keywords) {}

  private static final int BACKFILL_BATCH = 64;

  final MemoryDatabase db;
  final Embedder embedder;
  final RecallIndex index;
  private final String kind;
  private final String table;
  private volatile RecallFloors floors = RecallFloors.NONE;
  private final String selectWithVector;

  IndexedTable(MemoryDatabase db, Embedder embedder, String kind, String table) {
    this.db = db;
    this.embedder = embedder;
    this.kind = kind;
    this.table = table;
    this.index = new RecallIndex(embedder == null ? 0 : embedder.dimension());
    this.selectWithVector = "SELECT t.*, e.vector AS stored_vector FROM " + table
        + " t LEFT JOIN embeddings e ON e.kind = ? AND e.owner_id = t.id";
  }

  /** Sets the scores under which {@link #recall} finds nothing relevant. */
  final void floors(RecallFloors floors) {
    this.floors = floors;
  }

  /** Reads a row's texts from a {@code SELECT t.*} result. */
  abstract Texts texts(ResultSet row) throws SQLException;

  /** @return the unit vector for a text, or null without an embedding model */
  final float[] vectorFor(String text) {
    return embedder == null ? null : embedder.embed(text);
  }

  /** Stores a row's vector in the same transaction as the row. */
  final void saveVector(Connection c, long id, float[] vector) throws SQLException {
    if (vector == null) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO embeddings (kind, owner_id, vector) VALUES (?, ?, ?)")) {
      ps.setString(1, kind);
      ps.setLong(2, id);
      ps.setBytes(3, Embedder.toBytes(vector));
      ps.executeUpdate();
    }
  }

  /** Stores several rows' vectors in one batch. */
  final void saveVectors(Connection c, List<Long> ids, List<float[]> vectors) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO embeddings (kind, owner_id, vector) VALUES (?, ?, ?)")) {
      for (int i = 0; i < ids.size(); i++) {
        ps.setString(1, kind);
        ps.setLong(2, ids.get(i));
        ps.setBytes(3, Embedder.toBytes(vectors.get(i)));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  final void deleteVector(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM embeddings WHERE kind = ? AND owner_id = ?")) {
      ps.setString(1, kind);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
  }

  /** Adds a committed row to the index. */
  final void indexRow(long id, float[] vector, Texts texts) {
    index.add(id, vector, Tokens.of(texts.keywords()));
  }

  /**
   * Ranks rows for a query; rows scoring under the mode's floor are left out, so an unrelated query
   * finds nothing. Without an embedding model, hybrid recall is keyword recall (with its floor).
   *
   * @throws MemoryException for vector recall without an embedding model
   */
  final List<RecallIndex.Hit> recall(String query, int limit, RecallMode mode, LongPredicate filter) {
    return recall(query, limit, mode, filter, Double.NaN);
  }

  /**
   * Ranks rows for a query, leaving out those under {@code minScore}, or under the mode's floor when it
   * is NaN.
   */
  final List<RecallIndex.Hit> recall(String query, int limit, RecallMode mode, LongPredicate filter,
      double minScore) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (embedder == null) {
      if (mode == RecallMode.VECTOR) {
        throw new MemoryException("vector recall needs an embedding model; this memory uses keyword recall");
      }
      mode = RecallMode.KEYWORD;
    }
    float[] q = mode == RecallMode.KEYWORD ? null : embedder.embed(query);
    double floor = Double.isNaN(minScore) ? floors.of(mode) : minScore;
    List<RecallIndex.Hit> hits = index.search(q, Tokens.of(query), limit, mode, filter);
    return hits.stream().filter(h -> h.score() >= floor).toList();
  }

  /** @return the kind under which this table's vectors are stored (and its changes announced) */
  final String kind() {
    return kind;
  }

  /**
   * Loads all rows into the index, embedding (and storing vectors for) rows that have none, such as
   * rows written without an embedding model or before a model change.
   *
   * @param progress told after each batch embedded
   */
  final void load(EmbeddingProgress progress) {
    List<Long> missingIds = new ArrayList<>();
    List<Texts> missingTexts = new ArrayList<>();
    db.tx(c -> {
      missingIds.clear();
      missingTexts.clear();
      try (PreparedStatement ps = c.prepareStatement(selectWithVector + " ORDER BY t.id")) {
        ps.setString(1, kind);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long id = rs.getLong("id");
            Texts texts = texts(rs);
            float[] vector = storedVector(rs, id);
            if (vector == null && embedder != null) {
              missingIds.add(id);
              missingTexts.add(texts);
            } else {
              indexRow(id, vector, texts);
            }
          }
        }
      }
      return null;
    });
    for (int from = 0; from < missingIds.size(); from += BACKFILL_BATCH) {
      int to = Math.min(missingIds.size(), from + BACKFILL_BATCH);
      List<Texts> batch = missingTexts.subList(from, to);
      List<float[]> vectors = embedder.embedAll(batch.stream().map(Texts::embedded).toList());
      List<Long> ids = List.copyOf(missingIds.subList(from, to));
      db.tx(c -> {
        saveVectors(c, ids, vectors);
        return null;
      });
      for (int i = 0; i < vectors.size(); i++) {
        indexRow(ids.get(i), vectors.get(i), batch.get(i));
      }
      progress.embedded(label(), to, missingIds.size());
    }
  }

  private String label() {
    return switch (kind) {
      case "EPISODE" -> "episodes";
      case "MEMORY" -> "memories";
      case "PATTERN" -> "patterns";
      case "COMMAND" -> "commands";
      default -> kind.toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * Brings one row's index entry in line with the database after another process changed it: re-read
   * and re-indexed, or removed when it is gone. A row whose vector is not stored yet (another process
   * writes episode vectors in batches) is embedded here and not stored.
   */
  final void refresh(long id) {
    record Row(float[] vector, Texts texts) {}
    Row row = db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(selectWithVector + " WHERE t.id = ?")) {
        ps.setString(1, kind);
        ps.setLong(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Row(storedVector(rs, id), texts(rs)) : null;
        }
      }
    });
    if (row == null) {
      index.remove(id);
      return;
    }
    float[] vector = row.vector() != null ? row.vector() : vectorFor(row.texts().embedded());
    indexRow(id, vector, row.texts());
  }

  /** Indexes the rows another process added while this one was not listening. */
  final void addMissing() {
    List<Long> ids = db.tx(c -> {
      List<Long> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    });
    ids.stream().filter(id -> !index.contains(id)).forEach(this::refresh);
  }

  private float[] storedVector(ResultSet rs, long id) throws SQLException {
    byte[] bytes = rs.getBytes("stored_vector");
    float[] vector = bytes == null || embedder == null ? null : Embedder.fromBytes(bytes);
    if (vector != null && vector.length != embedder.dimension()) {
      throw new MemoryException("memory database " + db.location() + " holds a "
          + vector.length + "-dimension vector for " + kind + " " + id
          + " but the embedding model has " + embedder.dimension());
    }
    return vector;
  }

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }
}
