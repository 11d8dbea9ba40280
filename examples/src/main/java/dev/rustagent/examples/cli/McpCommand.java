package dev.rustagent.examples.cli;

import dev.rustagent.tools.ToolRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rust-agent mcp}: serves the built-in tools to any MCP client. */
@Command(name = "mcp", mixinStandardHelpOptions = true,
    description = {"Serves the Rust tools (cargo, clippy, rustc_explain, docs_search, crate_search, read_file,",
        "list_files, grep, git) over the Model Context Protocol. Calls that need approval are asked",
        "through the client's elicitation, or refused when the client cannot be asked.",
        "Register it in Claude Code with: claude mcp add rust-agent -- rust-agent mcp --workspace DIR"})
final class McpCommand implements Callable<Integer> {
  enum Transport { stdio, http }

  @Spec CommandSpec spec;

  @Option(names = "--workspace", paramLabel = "DIR", description = "The workspace the tools work in (default: the current directory).")
  Path workspace;

  @Option(names = "--allow-write", description = "Also serve the tools that change files and git (each change is asked about).")
  boolean allowWrite;

  @Option(names = "--transport", paramLabel = "stdio|http", defaultValue = "stdio",
      description = "stdio (default; the client starts this program) or http (streamable HTTP on 127.0.0.1).")
  Transport transport;

  @Option(names = "--port", paramLabel = "N", defaultValue = "3000",
      description = "The port of --transport http (default 3000; 0 picks a free one).")
  int port;

  @Option(names = "--tool-timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "How long one tool call may run (default 600).")
  long toolTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Path root = (workspace == null ? Path.of("") : workspace).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new ParameterException(spec.commandLine(), "--workspace " + root + " is not a directory");
    }
    if (port < 0 || port > 65_535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535: " + port);
    }
    if (toolTimeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--tool-timeout must be at least 1 second");
    }
    if (transport == Transport.stdio && spec.commandLine().getParseResult().hasMatchedOption("--port")) {
      throw new ParameterException(spec.commandLine(), "--port needs --transport http");
    }
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stopped = new CountDownLatch(1);
    try (McpToolServer server = new McpToolServer(root, allowWrite, ToolRegistry.discover(),
        Duration.ofSeconds(toolTimeoutSeconds))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "rust-agent-mcp-stop"));
      if (transport == Transport.stdio) {
        err.println("rust-agent mcp: serving " + server.tools().size() + " tools for " + root + " on stdio");
        err.flush();
        // the client ends the session by closing our stdin (MCP stdio shutdown); we stop then
        server.serveStdio(new java.io.FilterInputStream(System.in) {
          @Override
          public int read() throws java.io.IOException {
            int b = super.read();
            if (b < 0) {
              stopped.countDown();
            }
            return b;
          }

          @Override
          public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
              stopped.countDown();
            }
            return n;
          }
        }, System.out);
      } else {
        int bound = server.serveHttp(port);
        err.println("rust-agent mcp: serving " + server.tools().size() + " tools for " + root
            + " at http://127.0.0.1:" + bound + "/mcp");
        err.flush();
      }
      stopped.await();
    }
    return RustAgentCli.EXIT_OK;
  }
}
