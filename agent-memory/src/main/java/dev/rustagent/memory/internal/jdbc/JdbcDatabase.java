package dev.rustagent.memory.internal.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database that runs work in transactions, shared by several threads and, on PostgreSQL, by several
 * processes. What is safe to do again is done again: a transaction that lost its connection before it
 * committed (the server rolled it back) is retried on a new connection for up to
 * {@value #RECONNECT_ATTEMPTS} attempts over about ten seconds, and one that lost a race with another
 * writer (serialization failure, deadlock, unique key taken meanwhile) is run again. A connection lost
 * while committing is never retried, because the commit may have happened: that is an error saying the
 * outcome is unknown. Every failure becomes the caller's exception type naming the database.
 */
public final class JdbcDatabase {

  /** How often a transaction is tried when the connection fails before commit. */
  public static final int RECONNECT_ATTEMPTS = 6;
  private static final int CONFLICT_ATTEMPTS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcDatabase.class);

  /** Work done in one transaction; it may be run more than once, so it must not have other effects. */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * @param connection a connection in a transaction
     * @return the result
     * @throws SQLException on failure (the transaction is rolled back)
     */
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final String location;
  private final SqlDialect dialect;
  private final BiFunction<String, SQLException, RuntimeException> errors;

  /**
   * Connects once to learn the dialect.
   *
   * @param dataSource where the database is
   * @param location how errors name it (a file, or a URL without credentials)
   * @param errors turns a message and its cause into the caller's exception
   * @throws RuntimeException from {@code errors} when the database cannot be reached or is not supported
   */
  public JdbcDatabase(DataSource dataSource, String location,
      BiFunction<String, SQLException, RuntimeException> errors) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.location = requireNonNull(location, "location");
    this.errors = requireNonNull(errors, "errors");
    try (Connection c = dataSource.getConnection()) {
      this.dialect = SqlDialect.of(c);
    } catch (SQLException e) {
      throw errors.apply("cannot open " + location + ": " + e.getMessage(), e);
    }
  }

  /** @return how errors name the database */
  public String location() {
    return location;
  }

  /** @return the database's dialect */
  public SqlDialect dialect() {
    return dialect;
  }

  /** @return the data source */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs work in a transaction, committing on success and rolling back on failure, retrying as the
   * class comment says.
   *
   * @param work the work
   * @param <T> its result type
   * @return its result
   * @throws RuntimeException from the error factory when the database fails; a
   *     {@code RuntimeException} thrown by the work itself passes through unchanged
   */
  public <T> T tx(Work<T> work) {
    int lostConnections = 0;
    int conflicts = 0;
    while (true) {
      boolean committing = false;
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          committing = true;
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          if (!committing) {
            try {
              c.rollback();
            } catch (SQLException rollback) {
              e.addSuppressed(rollback);
            }
          }
          throw e;
        }
      } catch (SQLException e) {
        if (isConnectionFailure(e)) {
          if (committing) {
            throw errors.apply(location + " lost the connection while committing; the change may or may not"
                + " have been stored: " + e.getMessage(), e);
          }
          if (++lostConnections < RECONNECT_ATTEMPTS) {
            LOG.warn("{}: connection failed ({}); retrying on a new connection", location, e.getMessage());
            pause(250L << Math.min(lostConnections - 1, 4));
            continue;
          }
          throw errors.apply(location + " is unreachable after " + RECONNECT_ATTEMPTS + " attempts: "
              + e.getMessage(), e);
        }
        if (isConflict(e) && ++conflicts < CONFLICT_ATTEMPTS) {
          LOG.debug("{}: transaction conflicted with another writer ({}); running it again", location, e.getMessage());
          continue;
        }
        throw errors.apply(location + " failed: " + e.getMessage(), e);
      }
    }
  }

  /** SQL state class 08 (connection exception) or 57P (the server is shutting down or crashed). */
  static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null
          && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /** Serialization failure, deadlock, or a unique key another writer took since we looked. */
  private static boolean isConflict(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state) || "23505".equals(state);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
