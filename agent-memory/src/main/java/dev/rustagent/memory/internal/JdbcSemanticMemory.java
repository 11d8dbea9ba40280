package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.SemanticMemory.MemoryItem;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.SemanticMemory;
import dev.rustagent.memory.SemanticMemory.SemanticQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/** Semantic memory in the {@code memories} and {@code memory_metadata} tables. */
final class JdbcSemanticMemory extends IndexedTable implements SemanticMemory {

  private final Clock clock;

  JdbcSemanticMemory(MemoryDatabase db, Embedder embedder, Clock clock) {
    super(db, embedder, "MEMORY", "memories");
    this.clock = clock;
  }

  @Override
  Texts texts(ResultSet row) throws SQLException {
    String text = row.getString("text");
    return new Texts(text, text);
  }

  @Override
  public MemoryItem put(String text, Map<String, String> metadata) {
    requireNonNull(text, "text");
    return put(text, metadata, vectorFor(text));
  }

  /**
   * Stores an item with a vector computed elsewhere (a LangChain4j caller's embedding).
   *
   * @param vector a unit vector of the index's dimension, or null
   */
  MemoryItem put(String text, Map<String, String> metadata, float[] vector) {
    requireNonNull(text, "text");
    requireNonNull(metadata, "metadata");
    if (vector != null && vector.length != index.dimension()) {
      throw new IllegalArgumentException(index.dimension() == 0
          ? "this memory recalls by keywords only; it cannot keep a " + vector.length + "-dimension embedding"
          : "the embedding has " + vector.length + " dimensions; this memory's model has " + index.dimension());
    }
    metadata.forEach((k, v) -> {
      requireNonNull(k, "metadata key");
      requireNonNull(v, "metadata value");
      if (k.isEmpty() || k.length() > 256) {
        throw new IllegalArgumentException("metadata key must have 1 to 256 characters: " + k);
      }
      if (v.length() > 4096) {
        throw new IllegalArgumentException("metadata value of " + k + " is longer than 4096 characters");
      }
    });
    long id = db.tx(c -> {
      long newId;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO memories (text, created_at) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, text);
        ps.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          newId = keys.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO memory_metadata (memory_id, meta_key, meta_value) VALUES (?, ?, ?)")) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
          ps.setLong(1, newId);
          ps.setString(2, e.getKey());
          ps.setString(3, e.getValue());
          ps.addBatch();
        }
        if (!metadata.isEmpty()) {
          ps.executeBatch();
        }
      }
      saveVector(c, newId, vector);
      return newId;
    });
    indexRow(id, vector, new Texts(text, text));
    return new MemoryItem(id, text, metadata);
  }

  @Override
  public Optional<MemoryItem> get(long id) {
    return db.tx(c -> fetch(c, List.of(id))).stream().findFirst();
  }

  @Override
  public List<Scored<MemoryItem>> search(SemanticQuery query) {
    requireNonNull(query, "query");
    return search(query.filters(), query.minScore(),
        filter -> recall(query.text(), query.topK(), query.mode(), filter, query.minScore()));
  }

  /**
   * Ranks items by cosine similarity to a vector computed elsewhere.
   *
   * @param unitQuery a unit vector of the index's dimension
   */
  List<Scored<MemoryItem>> searchByVector(float[] unitQuery, int topK, double minScore, Map<String, String> filters) {
    if (index.dimension() == 0) {
      throw new dev.rustagent.memory.MemoryException("this memory recalls by keywords only; it holds no vectors");
    }
    if (unitQuery.length != index.dimension()) {
      throw new IllegalArgumentException("the query embedding has " + unitQuery.length
          + " dimensions; this memory's model has " + index.dimension());
    }
    return search(filters, minScore,
        filter -> index.search(unitQuery, List.of(), topK, dev.rustagent.memory.SemanticMemory.RecallMode.VECTOR, filter));
  }

  private List<Scored<MemoryItem>> search(Map<String, String> filters, double minScore,
      java.util.function.Function<LongPredicate, List<RecallIndex.Hit>> rank) {
    LongPredicate filter = null;
    if (!filters.isEmpty()) {
      Set<Long> allowed = db.tx(c -> matching(c, filters));
      if (allowed.isEmpty()) {
        return List.of();
      }
      filter = allowed::contains;
    }
    List<RecallIndex.Hit> hits = rank.apply(filter).stream()
        .filter(h -> Double.isNaN(minScore) || h.score() >= minScore)
        .toList();
    if (hits.isEmpty()) {
      return List.of();
    }
    Map<Long, MemoryItem> byId = new HashMap<>();
    for (MemoryItem item : db.tx(c -> fetch(c, hits.stream().map(RecallIndex.Hit::id).toList()))) {
      byId.put(item.id(), item);
    }
    List<Scored<MemoryItem>> out = new ArrayList<>();
    for (RecallIndex.Hit h : hits) {
      MemoryItem item = byId.get(h.id());
      if (item != null) {
        out.add(new Scored<>(item, h.score()));
      }
    }
    return out;
  }

  private static Set<Long> matching(Connection c, Map<String, String> filters) throws SQLException {
    Set<Long> result = null;
    for (Map.Entry<String, String> f : filters.entrySet()) {
      Set<Long> ids = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT memory_id FROM memory_metadata WHERE meta_key = ? AND meta_value = ?")) {
        ps.setString(1, f.getKey());
        ps.setString(2, f.getValue());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
      if (result == null) {
        result = ids;
      } else {
        result.retainAll(ids);
      }
      if (result.isEmpty()) {
        break;
      }
    }
    return result == null ? Set.of() : result;
  }

  private static List<MemoryItem> fetch(Connection c, List<Long> ids) throws SQLException {
    String in = placeholders(ids.size());
    Map<Long, String> texts = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, text FROM memories WHERE id IN (" + in + ") ORDER BY id")) {
      for (int i = 0; i < ids.size(); i++) {
        ps.setLong(i + 1, ids.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          texts.put(rs.getLong(1), rs.getString(2));
        }
      }
    }
    Map<Long, Map<String, String>> metadata = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT memory_id, meta_key, meta_value FROM memory_metadata WHERE memory_id IN (" + in + ")")) {
      for (int i = 0; i < ids.size(); i++) {
        ps.setLong(i + 1, ids.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          metadata.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
        }
      }
    }
    List<MemoryItem> out = new ArrayList<>();
    texts.forEach((id, text) -> out.add(new MemoryItem(id, text, metadata.getOrDefault(id, Map.of()))));
    return out;
  }

  /** @return every item, by id (for export) */
  List<MemoryItem> all() {
    return db.tx(c -> {
      List<Long> ids = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM memories ORDER BY id")) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      List<MemoryItem> out = new ArrayList<>();
      for (int from = 0; from < ids.size(); from += 500) {
        out.addAll(fetch(c, ids.subList(from, Math.min(ids.size(), from + 500))));
      }
      return out;
    });
  }

  @Override
  public boolean delete(long id) {
    boolean deleted = db.tx(c -> {
      deleteVector(c, id);
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM memories WHERE id = ?")) {
        ps.setLong(1, id);
        return ps.executeUpdate() == 1;
      }
    });
    index.remove(id);
    return deleted;
  }

  @Override
  public long count() {
    return db.tx(c -> MemoryDatabase.count(c, "SELECT COUNT(*) FROM memories"));
  }
}
