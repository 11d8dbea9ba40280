package dev.rustagent.testkit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} in a temporary directory (trust
 * authentication, superuser {@code postgres}), started with {@code pg_ctl} on a free loopback port with
 * its socket in that directory, and deleted on {@link #close()}. Run as root, the server's programs run
 * as the {@code postgres} system user (PostgreSQL refuses to run as root) and the directory is given to
 * it. Needs Debian's {@code postgresql} package (or {@code initdb} / {@code pg_ctl} on the PATH) and the
 * PostgreSQL JDBC driver on the class path.
 *
 * <p>{@link #kill()} ends the server the hard way (SIGKILL to the postmaster and its backends), as a
 * crash would; {@link #start()} brings it back on the same directory and port.
 */
public final class PostgresCluster implements AutoCloseable {

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path dir;
  private final Path data;
  private final Path binaries;
  private final int port;
  private final boolean asPostgresUser;
  private volatile boolean running;

  private PostgresCluster(Path dir, Path binaries, int port, boolean asPostgresUser) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.binaries = binaries;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Where PostgreSQL's server programs are: a directory holding {@code initdb} and {@code pg_ctl}
   * (Debian keeps them in {@code /usr/lib/postgresql/VERSION/bin}, newest first; else the PATH).
   *
   * @return the directory, or empty when PostgreSQL is not installed
   */
  public static Optional<Path> binaries() {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Optional<Path> found = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
            .max(Comparator.comparing(PostgresCluster::majorVersion));
        if (found.isPresent()) {
          return found;
        }
      } catch (IOException e) {
        // fall through to the PATH
      }
    }
    for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb")) && Files.isExecutable(Path.of(entry, "pg_ctl"))) {
        return Optional.of(Path.of(entry));
      }
    }
    return Optional.empty();
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Creates and starts a new cluster.
   *
   * @return the running cluster
   * @throws IllegalStateException when PostgreSQL is not installed or does not start (with its log)
   */
  public static PostgresCluster create() {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException(
        "PostgreSQL is not installed: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on the PATH"
            + " (apt-get install postgresql)"));
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("rust-agent-pg-");
      PostgresCluster cluster = new PostgresCluster(dir, bin, freePort(), root);
      try {
        if (root) {
          run(List.of("chown", "postgres:postgres", dir.toString()), dir);
        }
        cluster.runAsServerUser(List.of(bin.resolve("initdb").toString(), "-D", cluster.data.toString(),
            "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"));
        cluster.start();
        return cluster;
      } catch (RuntimeException e) {
        cluster.deleteDirectory();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a PostgreSQL cluster: " + e.getMessage(), e);
    }
  }

  /** Starts the server (again, after {@link #stop()} or {@link #kill()}); waits until it accepts connections. */
  public synchronized void start() {
    if (running) {
      return;
    }
    runAsServerUser(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "120", "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200", "start"));
    running = true;
  }

  /** Stops the server cleanly. */
  public synchronized void stop() {
    if (!running) {
      return;
    }
    runAsServerUser(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
        "-w", "-t", "120", "stop"));
    running = false;
  }

  /** Kills the postmaster and every backend with SIGKILL, as a crash of the server would. */
  public synchronized void kill() {
    Path pidFile = data.resolve("postmaster.pid");
    try {
      long pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).strip());
      ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(
          () -> new IllegalStateException("the PostgreSQL server " + pid + " is not running"));
      List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
      all.add(postmaster);
      all.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle p : all) {
        p.onExit().get(60, TimeUnit.SECONDS);
      }
      running = false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pidFile, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not kill the PostgreSQL server: " + e, e);
    }
  }

  /** @return whether the server was started and not stopped or killed since */
  public boolean isRunning() {
    return running;
  }

  /** @return the TCP port on 127.0.0.1 */
  public int port() {
    return port;
  }

  /**
   * @param database a database name
   * @return its JDBC URL (user {@code postgres}, no password)
   */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + requireNonNull(database, "database") + "?user=postgres";
  }

  /**
   * Creates a new, empty database with a unique name.
   *
   * @return its JDBC URL
   */
  public String createDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return jdbcUrl(name);
  }

  /** Stops the server and deletes its directory. */
  @Override
  public synchronized void close() {
    try {
      if (running) {
        try {
          stop();
        } catch (RuntimeException e) {
          kill();
        }
      }
    } finally {
      deleteDirectory();
    }
  }

  private void deleteDirectory() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private void runAsServerUser(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    run(full, dir);
  }

  private static void run(List<String> command, Path dir) {
    try {
      Path output = Files.createTempFile("rust-agent-pg-cmd-", ".log");
      try {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish in 180 s");
        }
        if (p.exitValue() != 0) {
          String log = Files.readString(output);
          Path serverLog = dir.resolve("server.log");
          if (Files.exists(serverLog)) {
            log += "\n--- server.log ---\n" + Files.readString(serverLog);
          }
          throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + log);
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * JUnit 5 extension that hands a running {@link PostgresCluster} to test and lifecycle methods that
   * declare a parameter of that type. One cluster serves the whole test run (started on first use,
   * stopped and deleted when the run ends); give each test class its own database with
   * {@link PostgresCluster#createDatabase()}. Tests that crash the server start their own cluster with
   * {@link PostgresCluster#create()}.
   *
   * <p>When PostgreSQL is not installed the tests are skipped, unless the environment variable
   * {@code CI} is {@code true}: then they fail, because CI must really run them.
   */
  public static final class PostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

    /** Creates the extension (JUnit does). */
    public PostgresExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == PostgresCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      requireInstalled();
      try {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent("cluster", k -> new Shared(PostgresCluster.create()), Shared.class).cluster;
      } catch (RuntimeException e) {
        throw new ParameterResolutionException("cannot start a PostgreSQL cluster: " + e.getMessage(), e);
      }
    }

    /**
     * Skips the calling test when PostgreSQL is missing, or fails it when {@code CI=true}.
     */
    public static void requireInstalled() {
      if (PostgresCluster.binaries().isPresent()) {
        return;
      }
      String message = "PostgreSQL is not installed (apt-get install postgresql)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message + "; CI must run the PostgreSQL tests");
      }
      Assumptions.abort(message);
    }

    /** Closes the shared cluster when the test run ends. */
    private static final class Shared implements ExtensionContext.Store.CloseableResource, AutoCloseable {
      final PostgresCluster cluster;

      Shared(PostgresCluster cluster) {
        this.cluster = cluster;
      }

      @Override
      public void close() {
        cluster.close();
      }
    }
  }
}
