package dev.rustagent.memory.internal;

import dev.rustagent.tools.spi.internal.DaemonThreads;
import dev.rustagent.memory.MemoryException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the in-process indexes of a PostgreSQL memory fresh while other processes write to it. The
 * tables' triggers announce each inserted, changed or deleted row on {@link MemoryDatabase#CHANNEL}
 * ({@code KIND:OP:id}) when its transaction commits; this daemon thread LISTENs on one connection of its
 * own and re-reads the row (an insert this process made itself is already indexed and skipped). When the
 * connection drops it reconnects every second and then indexes every row it does not know, so rows
 * added meanwhile are found; rows deleted meanwhile stay in the index until the next open but are never
 * returned, because results are read back from the database.
 */
final class ChangeListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
  private static final int POLL_MILLIS = 250;

  private final MemoryDatabase db;
  private final Map<String, IndexedTable> tables;
  private final CountDownLatch listening = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  private ChangeListener(MemoryDatabase db, List<IndexedTable> tables) {
    this.db = db;
    this.tables = tables.stream().collect(Collectors.toMap(IndexedTable::kind, Function.identity()));
    this.thread = DaemonThreads.create(this::loop, "memory-changes");
  }

  /**
   * Starts listening; returns once LISTEN is in place, so rows committed after this are announced.
   *
   * @throws MemoryException if the first connection fails
   */
  static ChangeListener start(MemoryDatabase db, List<IndexedTable> tables) {
    ChangeListener listener = new ChangeListener(db, tables);
    listener.thread.start();
    try {
      if (!listener.listening.await(60, TimeUnit.SECONDS)) {
        listener.close();
        throw new MemoryException("memory database " + db.location() + ": could not LISTEN for changes within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      listener.close();
      throw new MemoryException("interrupted while opening memory database " + db.location(), e);
    }
    return listener;
  }

  private void loop() {
    boolean resync = false;
    while (!closed) {
      try (Connection c = db.dataSource().getConnection()) {
        connection = c;
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + MemoryDatabase.CHANNEL);
        }
        listening.countDown();
        if (resync) {
          tables.values().forEach(IndexedTable::addMissing);
          LOG.info("memory database {}: listening for changes again", db.location());
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null) {
            for (PGNotification n : notifications) {
              apply(n.getParameter());
            }
          }
        }
        try (Statement s = c.createStatement()) {
          s.execute("UNLISTEN *");
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.warn("memory database {}: lost the change notifications ({}); reconnecting", db.location(), e.toString());
        resync = true;
        try {
          Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
          return;
        }
      } finally {
        connection = null;
      }
    }
  }

  /** Applies one announcement {@code KIND:OP:id}; OP is I(nsert), U(pdate) or D(elete). */
  void apply(String payload) {
    String[] parts = payload.split(":");
    IndexedTable table = parts.length == 3 ? tables.get(parts[0]) : null;
    if (table == null) {
      LOG.debug("ignoring change notification {}", payload);
      return;
    }
    long id;
    try {
      id = Long.parseLong(parts[2]);
    } catch (NumberFormatException e) {
      LOG.debug("ignoring change notification {}", payload);
      return;
    }
    switch (parts[1]) {
      case "D" -> table.index.remove(id);
      case "I" -> {
        if (!table.index.contains(id)) {
          table.refresh(id);
        }
      }
      default -> table.refresh(id);
    }
  }

  /** Stops listening and waits briefly for the thread. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
