package dev.rustagent.testkit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

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
public final class PostgresExtension implements ParameterResolver {

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
