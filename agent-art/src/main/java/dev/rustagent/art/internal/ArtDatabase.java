package dev.rustagent.art.internal;

import dev.rustagent.art.ArtConfig.ArtException;
import dev.rustagent.memory.internal.jdbc.JdbcDatabase;
import dev.rustagent.memory.internal.jdbc.SchemaMigrations;
import javax.sql.DataSource;

/** Opens the database of an ART store (trajectories, model registry) with its schema migrated. */
public final class ArtDatabase {

  private ArtDatabase() {}

  /**
   * @param dataSource H2 or PostgreSQL
   * @param location how errors name it
   * @param what what the store is, for errors ("trajectory database")
   * @param schema the store's migrations
   * @param onFailure releases the data source when opening fails
   * @return the migrated database, whose failures are {@link ArtException}s
   * @throws ArtException when the database cannot be opened or has a newer schema
   */
  public static JdbcDatabase open(DataSource dataSource, String location, String what, SchemaMigrations schema,
      Runnable onFailure) {
    try {
      JdbcDatabase db = new JdbcDatabase(dataSource, location, (message, cause) -> new ArtException(what + " " + message, cause));
      schema.migrate(db);
      return db;
    } catch (RuntimeException e) {
      onFailure.run();
      throw e instanceof ArtException ? e : new ArtException("cannot open the " + what + " " + location + ": "
          + e.getMessage(), e);
    }
  }
}
