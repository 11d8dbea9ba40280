package dev.rustagent.memory;

import dev.rustagent.memory.internal.H2FileGuard;
import dev.rustagent.memory.internal.MemoryDatabase;
import dev.rustagent.memory.internal.MemoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.jdbcx.JdbcConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the H2 databases behind {@link AgentMemory}: a file database at most once per process (a second
 * open is refused), locked or corrupted files refused with an error that names them (the file is left
 * untouched), and {@code SHUTDOWN} on close.
 */
final class H2Databases {
  private static final Logger log = LoggerFactory.getLogger(H2Databases.class);
  private static final Set<Path> OPEN_FILES = ConcurrentHashMap.newKeySet();

  /** An opened store and what closes it. */
  record Opened(MemoryStore store, Runnable onClose) {}

  private H2Databases() {}

  static Opened file(Path dataDir, String baseName, boolean durableWrites, MemoryStore.Options options) {
    Path dir = dataDir.toAbsolutePath().normalize();
    Path file = dir.resolve(baseName + ".mv.db");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new MemoryException("cannot create memory data directory " + dir + ": " + e.getMessage(), e);
    }
    if (!OPEN_FILES.add(file)) {
      throw new MemoryException("memory database " + file + " is already open in this process;"
          + " share the AgentMemory instance");
    }
    try {
      H2FileGuard.checkAndBackUp(file);
      // TRACE_LEVEL_FILE=4: H2's own messages go to SLF4J, never to a memory.trace.db that grows per run.
      String url = "jdbc:h2:file:" + dir.resolve(baseName) + ";TRACE_LEVEL_FILE=4"
          + (durableWrites ? ";WRITE_DELAY=0" : "");
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
      try (Connection c = pool.getConnection()) {
        c.isValid(1);
      } catch (SQLException e) {
        pool.dispose();
        throw new MemoryException(openError(file, e), e);
      }
      return pool(pool, file.toString(), url, options, () -> OPEN_FILES.remove(file));
    } catch (RuntimeException e) {
      OPEN_FILES.remove(file);
      throw e;
    }
  }

  private static String openError(Path file, SQLException e) {
    return switch (e.getErrorCode()) {
      case 90020 -> "memory database " + file + " is locked by another process; close it there first";
      case 90030 -> "memory database " + file + " is corrupted; it was left untouched (" + e.getMessage() + ")";
      default -> "cannot open memory database " + file + ": " + e.getMessage();
    };
  }

  static Opened pool(JdbcConnectionPool pool, String location, String fileUrl, MemoryStore.Options options,
      Runnable afterClose) {
    MemoryStore store;
    try {
      store = MemoryStore.open(new MemoryDatabase(pool, location), options);
    } catch (RuntimeException e) {
      shutdown(pool, fileUrl);
      afterClose.run();
      throw e;
    }
    return new Opened(store, () -> {
      store.close();
      shutdown(pool, fileUrl);
      afterClose.run();
    });
  }

  /**
   * Closes the database with SHUTDOWN. For a file database it goes through a plain connection: closing
   * a pooled one after SHUTDOWN rolls back on the closed database, an error H2 traced on every close
   * (memory.trace.db grew run after run).
   */
  private static void shutdown(JdbcConnectionPool pool, String fileUrl) {
    try (Connection c = fileUrl != null ? java.sql.DriverManager.getConnection(fileUrl, "sa", "")
        : pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      log.warn("closing memory database: {}", e.toString());
    } finally {
      pool.dispose();
    }
  }
}
