package dev.rustagent.examples.cli;

import dev.rustagent.core.AgentConfig;
import dev.rustagent.core.Approver;
import dev.rustagent.server.AgentServer;
import dev.rustagent.tools.ToolRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rust-agent serve}: the agent behind HTTP (REST API, WebSocket, web page). Prints exactly one
 * line, {@code listening on http://HOST:PORT/?token=TOKEN}, and serves until interrupted. With
 * {@code --approve ask} (the default) permission questions go to the connected client.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the agent over HTTP: a web page, a REST API and a WebSocket. Open the printed link.")
final class ServeCommand implements Callable<Integer> {
  /** The environment variable that can hold the token. */
  static final String TOKEN_VARIABLE = "RUST_AGENT_SERVER_TOKEN";

  @Spec
  CommandSpec spec;

  @Mixin
  AgentOptions options = new AgentOptions();

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "The address to bind (default: ${DEFAULT-VALUE}; anything else exposes the agent to the network).")
  String host;

  @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
      description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--token", paramLabel = "T",
      description = "The bearer token (default: $" + TOKEN_VARIABLE + ", else one generated once and kept in the data dir).")
  String token;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    try {
      return serve();
    } finally {
      finished.countDown();
    }
  }

  private int serve() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path root = options.demo() ? DemoWorkspace.create() : options.workspace(spec);
    AgentConfig config = options.config(spec);
    String chosenToken = token != null ? token : System.getenv(TOKEN_VARIABLE);
    Approver fixed = switch (options.approve) {
      case ASK -> null;
      case ALL -> Approver.approveAll();
      case NONE -> Approver.denyAll();
    };
    try (Invocation invocation = Invocation.open(spec, options, config,
        new Invocation.Demo(ServeDemo::start, true, "workspace: a copy of the hello crate at " + root), err)) {
      ToolRegistry tools = ToolRegistry.discover();
      AgentServer.Builder builder = AgentServer.builder()
          .agentFactory(clientApprover -> invocation.agent().tools(tools).workspace(root).approver(fixed != null ? fixed : clientApprover).build())
          .host(host).port(port);
      try {
        if (chosenToken != null) {
          builder.token(chosenToken);
        }
        builder.dataDir(options.demo() ? Files.createTempDirectory("rust-agent-serve-demo-") : options.dataDir());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), (token != null ? "--token: " : "$" + TOKEN_VARIABLE + ": ")
            + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (invocation.memory() != null) {
        builder.memory(invocation.memory());
      }
      if (invocation.art() != null) {
        builder.art(invocation.art().plugin()); // the factory's agents record through the same plugin
      }
      invocation.startBackgroundTraining(err);
      AgentServer server;
      try {
        server = builder.build().start();
      } catch (IllegalStateException e) {
        err.println("error: " + e.getMessage());
        return RustAgentCli.EXIT_FAILED;
      }
      // Ctrl-C: let call() stop the server and close the memory before the JVM goes.
      Thread hook = new Thread(() -> {
        stopped.countDown();
        try {
          finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "rust-agent-serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.println("listening on " + server.link());
      out.flush();
      try {
        stopped.await();
      } finally {
        server.stop();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running
        }
      }
      return RustAgentCli.EXIT_OK;
    } catch (Invocation.UnavailableException e) {
      err.println(e.getMessage());
      return RustAgentCli.EXIT_FAILED;
    }
  }

  /** Ends {@link #call()} (a test's Ctrl-C). */
  void stop() {
    stopped.countDown();
  }
}
