package dev.rustagent.memory.internal;

import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.SemanticMemory.Scored;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Code patterns in the {@code patterns} table. */
final class PatternTable extends IndexedTable {

  PatternTable(MemoryDatabase db, Embedder embedder) {
    super(db, embedder, "PATTERN", "patterns");
  }

  @Override
  Texts texts(ResultSet row) throws SQLException {
    return texts(row.getString("name"), row.getString("category"), row.getString("description"),
        row.getString("code_template"));
  }

  private static Texts texts(String name, String category, String description, String template) {
    String head = name + " (" + category + "): " + description;
    return new Texts(head, head + "\n" + template);
  }

  CodePattern put(CodePattern p, int useCount, int successCount) {
    Texts texts = texts(p.name(), p.category(), p.description(), p.codeTemplate());
    float[] vector = vectorFor(texts.embedded());
    long id = db.tx(c -> {
      Optional<CodePattern> existing = byName(c, p.name());
      long rowId;
      if (existing.isPresent()) {
        rowId = existing.get().id();
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE patterns SET category = ?, code_template = ?, description = ? WHERE id = ?")) {
          ps.setString(1, p.category());
          ps.setString(2, p.codeTemplate());
          ps.setString(3, p.description());
          ps.setLong(4, rowId);
          ps.executeUpdate();
        }
        deleteVector(c, rowId);
      } else {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO patterns (name, category, code_template,"
            + " description, usage_count, success_count) VALUES (?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
          ps.setString(1, p.name());
          ps.setString(2, p.category());
          ps.setString(3, p.codeTemplate());
          ps.setString(4, p.description());
          ps.setInt(5, useCount);
          ps.setInt(6, successCount);
          ps.executeUpdate();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            rowId = keys.getLong(1);
          }
        }
      }
      saveVector(c, rowId, vector);
      return rowId;
    });
    indexRow(id, vector, texts);
    return get(id).orElseThrow();
  }

  Optional<CodePattern> get(long id) {
    return db.tx(c -> select(c, "SELECT * FROM patterns WHERE id = ?", id).stream().findFirst());
  }

  List<CodePattern> all() {
    return db.tx(c -> select(c, "SELECT * FROM patterns ORDER BY id"));
  }

  List<Scored<CodePattern>> search(String query, int limit) {
    List<Scored<CodePattern>> out = new ArrayList<>();
    for (RecallIndex.Hit h : recall(query, limit, dev.rustagent.memory.SemanticMemory.RecallMode.HYBRID, null)) {
      get(h.id()).ifPresent(p -> out.add(new Scored<>(p, h.score())));
    }
    return out;
  }

  CodePattern recordUse(long id, boolean success) {
    return db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE patterns SET usage_count = usage_count + 1,"
          + " success_count = success_count + ? WHERE id = ?")) {
        ps.setInt(1, success ? 1 : 0);
        ps.setLong(2, id);
        if (ps.executeUpdate() != 1) {
          throw new NoSuchElementException("no pattern with id " + id);
        }
      }
      return select(c, "SELECT * FROM patterns WHERE id = ?", id).get(0);
    });
  }

  private static Optional<CodePattern> byName(Connection c, String name) throws SQLException {
    return select(c, "SELECT * FROM patterns WHERE name = ?", name).stream().findFirst();
  }

  private static List<CodePattern> select(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<CodePattern> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int uses = rs.getInt("usage_count");
          int successes = rs.getInt("success_count");
          out.add(new CodePattern(rs.getLong("id"), rs.getString("name"), rs.getString("category"),
              rs.getString("code_template"), rs.getString("description"), uses,
              uses == 0 ? 0 : Math.min(1.0, (double) successes / uses)));
        }
      }
      return out;
    }
  }
}
