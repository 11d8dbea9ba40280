package dev.rustagent.memory.internal.jdbc;

import static java.util.Objects.requireNonNull;

import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * A small pool of PostgreSQL connections for a JDBC URL: H2's {@link JdbcConnectionPool} (already a
 * dependency) over the driver's pooled connections; a connection the driver reports broken is
 * dropped, not handed out again. Shared by the memory and the ART stores opened from a URL.
 */
public final class PostgresPool {

  /** At most this many connections per pool (one of them listens for changes). */
  static final int MAX_CONNECTIONS = 16;

  private PostgresPool() {}

  /**
   * A pooled database opened from a URL: the data source, how messages name it (no password) and how
   * to close the pool.
   *
   * @param dataSource the pool
   * @param location the URL without its password
   * @param close disposes of the pool
   */
  public record Source(DataSource dataSource, String location, Runnable close) {}

  /**
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @return a pool for it (no connection is made yet)
   * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
   */
  public static Source forUrl(String jdbcUrl) {
    DataSource pool = open(jdbcUrl);
    return new Source(pool, withoutCredentials(jdbcUrl), () -> close(pool));
  }

  /**
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @return a pooled data source (no connection is made yet)
   * @throws IllegalArgumentException if the URL is not a PostgreSQL JDBC URL
   */
  public static DataSource open(String jdbcUrl) {
    if (!requireNonNull(jdbcUrl, "jdbcUrl").startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
          + withoutCredentials(jdbcUrl));
    }
    PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
    pg.setURL(jdbcUrl);
    pg.setTcpKeepAlive(true);
    JdbcConnectionPool pool = JdbcConnectionPool.create(pg);
    pool.setMaxConnections(MAX_CONNECTIONS);
    return pool;
  }

  /**
   * @param dataSource a data source from {@link #open(String)} (others are left alone)
   */
  public static void close(DataSource dataSource) {
    if (dataSource instanceof JdbcConnectionPool pool) {
      pool.dispose();
    }
  }

  /**
   * @param jdbcUrl a JDBC URL
   * @return the URL without a {@code password} parameter, for messages
   */
  public static String withoutCredentials(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)([?&;]password=)[^&;]*", "$1***");
  }
}
