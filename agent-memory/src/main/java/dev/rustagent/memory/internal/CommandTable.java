package dev.rustagent.memory.internal;

import dev.rustagent.core.internal.CoreJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustagent.memory.KnowledgeBase.CommandTool;
import dev.rustagent.memory.SemanticMemory.RecallMode;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/** Tool commands in the {@code commands} table; examples are stored as a JSON array. */
final class CommandTable extends IndexedTable {

  private static final ObjectMapper JSON = CoreJson.MAPPER;
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  CommandTable(MemoryDatabase db, Embedder embedder) {
    super(db, embedder, "COMMAND", "commands");
  }

  @Override
  Texts texts(ResultSet row) throws SQLException {
    return texts(row.getString("tool"), row.getString("command"), row.getString("description"),
        row.getString("examples"));
  }

  private static Texts texts(String tool, String command, String description, String examples) {
    String head = tool.toLowerCase(java.util.Locale.ROOT) + ": " + command + " - " + description;
    return new Texts(head, head + "\n" + examples);
  }

  ToolCommand put(ToolCommand cmd, int useCount) {
    String examples = toJson(cmd.examples());
    Texts texts = texts(cmd.tool().name(), cmd.command(), cmd.description(), examples);
    float[] vector = vectorFor(texts.embedded());
    long id = db.tx(c -> {
      Optional<ToolCommand> existing =
          select(c, "SELECT * FROM commands WHERE tool = ? AND command = ?", cmd.tool().name(), cmd.command())
              .stream().findFirst();
      long rowId;
      if (existing.isPresent()) {
        rowId = existing.get().id();
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE commands SET description = ?, examples = ? WHERE id = ?")) {
          ps.setString(1, cmd.description());
          ps.setString(2, examples);
          ps.setLong(3, rowId);
          ps.executeUpdate();
        }
        deleteVector(c, rowId);
      } else {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO commands (tool, command, description,"
            + " examples, usage_count) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
          ps.setString(1, cmd.tool().name());
          ps.setString(2, cmd.command());
          ps.setString(3, cmd.description());
          ps.setString(4, examples);
          ps.setInt(5, useCount);
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

  Optional<ToolCommand> get(long id) {
    return db.tx(c -> select(c, "SELECT * FROM commands WHERE id = ?", id).stream().findFirst());
  }

  List<ToolCommand> all(CommandTool tool) {
    return db.tx(c -> select(c, "SELECT * FROM commands WHERE tool = ? ORDER BY id", tool.name()));
  }

  List<Scored<ToolCommand>> search(String query, CommandTool tool, int limit) {
    LongPredicate filter = null;
    if (tool != null) {
      Set<Long> ids = new HashSet<>();
      db.tx(c -> {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM commands WHERE tool = ?")) {
          ps.setString(1, tool.name());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getLong(1));
            }
          }
        }
        return null;
      });
      filter = ids::contains;
    }
    List<Scored<ToolCommand>> out = new ArrayList<>();
    for (RecallIndex.Hit h : recall(query, limit, RecallMode.HYBRID, filter)) {
      get(h.id()).ifPresent(cmd -> out.add(new Scored<>(cmd, h.score())));
    }
    return out;
  }

  ToolCommand recordUse(long id) {
    return db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE commands SET usage_count = usage_count + 1 WHERE id = ?")) {
        ps.setLong(1, id);
        if (ps.executeUpdate() != 1) {
          throw new NoSuchElementException("no command with id " + id);
        }
      }
      return select(c, "SELECT * FROM commands WHERE id = ?", id).get(0);
    });
  }

  private static List<ToolCommand> select(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<ToolCommand> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new ToolCommand(rs.getLong("id"), CommandTool.valueOf(rs.getString("tool")),
              rs.getString("command"), rs.getString("description"),
              fromJson(rs.getString("examples")), rs.getInt("usage_count")));
        }
      }
      return out;
    }
  }

  private static String toJson(List<String> examples) {
    try {
      return JSON.writeValueAsString(examples);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write examples as JSON", e);
    }
  }

  private static List<String> fromJson(String json) throws SQLException {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("commands.examples is not a JSON array of strings: " + json, e);
    }
  }
}
