package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.LearningMetrics;
import dev.rustagent.memory.LearningMetrics.MetricSample;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Learning metrics in the {@code learning_metrics} table. */
final class JdbcLearningMetrics implements LearningMetrics {

  private final MemoryDatabase db;

  JdbcLearningMetrics(MemoryDatabase db) {
    this.db = db;
  }

  @Override
  public void record(MetricSample sample) {
    requireNonNull(sample, "sample");
    db.tx(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO learning_metrics (recorded_at,"
          + " concepts_learned, success_rate, avg_response_time_ms, input_tokens, cache_write_tokens,"
          + " cache_read_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setObject(1, OffsetDateTime.ofInstant(sample.time(), ZoneOffset.UTC));
        ps.setInt(2, sample.conceptsLearned());
        ps.setDouble(3, sample.successRate());
        ps.setLong(4, sample.averageResponseTime().toMillis());
        ps.setLong(5, sample.inputTokens());
        ps.setLong(6, sample.cacheWriteTokens());
        ps.setLong(7, sample.cacheReadTokens());
        ps.setLong(8, sample.outputTokens());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<MetricSample> between(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    return db.tx(c -> select(c, "SELECT * FROM learning_metrics WHERE recorded_at >= ? AND recorded_at < ?"
        + " ORDER BY recorded_at, id", OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
        OffsetDateTime.ofInstant(to, ZoneOffset.UTC)));
  }

  @Override
  public List<MetricSample> all() {
    return db.tx(c -> select(c, "SELECT * FROM learning_metrics ORDER BY recorded_at, id"));
  }

  @Override
  public Optional<MetricSample> latest() {
    return db.tx(c -> select(c, "SELECT * FROM learning_metrics ORDER BY recorded_at DESC, id DESC LIMIT 1"))
        .stream().findFirst();
  }

  private static List<MetricSample> select(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<MetricSample> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new MetricSample(rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
              rs.getInt("concepts_learned"), rs.getDouble("success_rate"),
              Duration.ofMillis(rs.getLong("avg_response_time_ms")), rs.getLong("input_tokens"),
              rs.getLong("cache_write_tokens"), rs.getLong("cache_read_tokens"), rs.getLong("output_tokens")));
        }
      }
      return out;
    }
  }
}
