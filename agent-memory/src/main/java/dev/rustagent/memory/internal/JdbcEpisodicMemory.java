package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.EpisodicMemory.Episode;
import dev.rustagent.memory.EpisodicMemory;
import dev.rustagent.memory.EpisodicMemory.Interaction;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Episodic memory in the {@code conversations} table.
 *
 * <p>A single {@link #record} commits only the conversation row, so the interaction is durable when
 * the call returns; its vector, which is derived from the row, is kept pending and written with others
 * in one transaction every {@value #VECTOR_BATCH} records and on {@link #flushVectors()} (called on
 * close). A vector lost to a crash before then is re-embedded when the memory is next opened, as
 * {@link IndexedTable#load} does for every row without one. This halves the tables one durable
 * commit touches, which is what a single insert's time is spent on.
 */
final class JdbcEpisodicMemory extends IndexedTable implements EpisodicMemory {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcEpisodicMemory.class);

  /** How many recorded episodes' vectors are written together. */
  static final int VECTOR_BATCH = 64;

  private final Object pendingLock = new Object();
  private List<Long> pendingIds = new ArrayList<>();
  private List<float[]> pendingVectors = new ArrayList<>();

  JdbcEpisodicMemory(MemoryDatabase db, Embedder embedder) {
    super(db, embedder, "EPISODE", "conversations");
  }

  @Override
  Texts texts(ResultSet row) throws SQLException {
    String user = row.getString("user_message");
    return new Texts(user, user + "\n" + row.getString("agent_response"));
  }

  @Override
  public Episode record(Interaction interaction) {
    requireNonNull(interaction, "interaction");
    float[] vector = vectorFor(interaction.userMessage());
    long id = db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
        return insertRow(ps, interaction);
      }
    });
    indexRow(id, vector, new Texts(interaction.userMessage(),
        interaction.userMessage() + "\n" + interaction.agentResponse()));
    if (vector != null) {
      boolean full;
      synchronized (pendingLock) {
        pendingIds.add(id);
        pendingVectors.add(vector);
        full = pendingIds.size() >= VECTOR_BATCH;
      }
      if (full) {
        flushVectors();
      }
    }
    return new Episode(id, interaction);
  }

  /**
   * Writes the vectors of recorded episodes that are still pending. A failure is logged, not thrown:
   * the episodes themselves are committed, and their vectors are re-embedded on the next open.
   */
  void flushVectors() {
    List<Long> ids;
    List<float[]> vectors;
    synchronized (pendingLock) {
      if (pendingIds.isEmpty()) {
        return;
      }
      ids = pendingIds;
      vectors = pendingVectors;
      pendingIds = new ArrayList<>();
      pendingVectors = new ArrayList<>();
    }
    try {
      db.tx(c -> {
        saveVectors(c, ids, vectors);
        return null;
      });
    } catch (RuntimeException e) {
      LOG.warn("memory database {}: could not store {} episode vectors; they will be re-embedded on the"
          + " next open: {}", db.location(), ids.size(), e.toString());
    }
  }

  @Override
  public List<Episode> recordAll(List<Interaction> interactions) {
    List<Interaction> all = List.copyOf(requireNonNull(interactions, "interactions"));
    if (all.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors = embedder == null ? null
        : embedder.embedAll(all.stream().map(Interaction::userMessage).toList());
    List<Long> ids = db.tx(c -> {
      List<Long> out = new ArrayList<>(all.size());
      try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
        for (Interaction i : all) {
          out.add(insertRow(ps, i));
        }
      }
      if (vectors != null) {
        saveVectors(c, out, vectors);
      }
      return out;
    });
    List<Episode> episodes = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Interaction in = all.get(i);
      indexRow(ids.get(i), vectors == null ? null : vectors.get(i),
          new Texts(in.userMessage(), in.userMessage() + "\n" + in.agentResponse()));
      episodes.add(new Episode(ids.get(i), in));
    }
    return episodes;
  }

  private static final String INSERT = "INSERT INTO conversations (session_id, created_at, user_message,"
      + " agent_response, context, success) VALUES (?, ?, ?, ?, ?, ?)";

  private long insert(Connection c, Interaction i, float[] vector) throws SQLException {
    long id;
    try (PreparedStatement ps = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
      id = insertRow(ps, i);
    }
    saveVector(c, id, vector);
    return id;
  }

  private static long insertRow(PreparedStatement ps, Interaction i) throws SQLException {
    ps.setString(1, i.sessionId());
    ps.setObject(2, OffsetDateTime.ofInstant(i.time(), ZoneOffset.UTC));
    ps.setString(3, i.userMessage());
    ps.setString(4, i.agentResponse());
    ps.setString(5, i.context());
    ps.setBoolean(6, i.success());
    ps.executeUpdate();
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  @Override
  public List<Episode> recent(String sessionId, int limit) {
    requireNonNull(sessionId, "sessionId");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return db.tx(c -> query(c, "SELECT * FROM conversations WHERE session_id = ? ORDER BY id DESC"
        + " FETCH FIRST " + limit + " ROWS ONLY", sessionId));
  }

  @Override
  public List<Episode> session(String sessionId) {
    requireNonNull(sessionId, "sessionId");
    return db.tx(c -> query(c, "SELECT * FROM conversations WHERE session_id = ? ORDER BY id", sessionId));
  }

  @Override
  public List<String> sessions() {
    return db.tx(c -> {
      List<String> out = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
          "SELECT session_id, MIN(id) AS first_id FROM conversations GROUP BY session_id ORDER BY first_id")) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  @Override
  public List<Scored<Episode>> similar(String query, int limit, RecallMode mode) {
    requireNonNull(query, "query");
    requireNonNull(mode, "mode");
    List<RecallIndex.Hit> hits = recall(query, limit, mode, null);
    if (hits.isEmpty()) {
      return List.of();
    }
    Map<Long, Episode> byId = new HashMap<>();
    db.tx(c -> {
      Object[] ids = hits.stream().map(RecallIndex.Hit::id).toArray();
      for (Episode e : query(c, "SELECT * FROM conversations WHERE id IN (" + placeholders(ids.length) + ")", ids)) {
        byId.put(e.id(), e);
      }
      return null;
    });
    List<Scored<Episode>> out = new ArrayList<>();
    for (RecallIndex.Hit h : hits) {
      Episode e = byId.get(h.id());
      if (e != null) {
        out.add(new Scored<>(e, h.score()));
      }
    }
    return out;
  }

  @Override
  public long count() {
    return db.tx(c -> MemoryDatabase.count(c, "SELECT COUNT(*) FROM conversations"));
  }

  /** Inserts an interaction unless the same session already holds it at the same time (for imports). */
  boolean importInteraction(Interaction i) {
    Long id = db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM conversations WHERE session_id = ?"
          + " AND created_at = ? AND user_message = ?")) {
        ps.setString(1, i.sessionId());
        ps.setObject(2, OffsetDateTime.ofInstant(i.time(), ZoneOffset.UTC));
        ps.setString(3, i.userMessage());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return null;
          }
        }
      }
      return insert(c, i, vectorFor(i.userMessage()));
    });
    if (id == null) {
      return false;
    }
    indexRow(id, vectorFor(i.userMessage()), new Texts(i.userMessage(), i.userMessage() + "\n" + i.agentResponse()));
    return true;
  }

  private static List<Episode> query(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Episode> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Episode(rs.getLong("id"), new Interaction(
              rs.getString("session_id"),
              rs.getObject("created_at", OffsetDateTime.class).toInstant(),
              rs.getString("user_message"),
              rs.getString("agent_response"),
              rs.getString("context"),
              rs.getBoolean("success"))));
        }
      }
      return out;
    }
  }
}
