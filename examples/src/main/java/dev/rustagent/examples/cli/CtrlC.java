package dev.rustagent.examples.cli;

import dev.rustagent.tools.ToolContext.CancellationToken;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) into cancelling the run in progress: the run's {@link CancellationToken} is
 * cancelled, which kills its tool processes, and the run ends as CANCELLED. Ctrl-C while no run is in
 * progress, or a second Ctrl-C while a cancellation is already under way, does what it did before
 * (ends the program). Closing restores the previous handler.
 */
final class CtrlC implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CtrlC.class);
  private static final Signal INT = new Signal("INT");

  private final PrintWriter err;
  private final AtomicReference<CancellationToken> current = new AtomicReference<>();
  private final SignalHandler previous;

  private CtrlC(PrintWriter err) {
    this.err = err;
    SignalHandler before;
    try {
      before = Signal.handle(INT, this::interrupted);
    } catch (IllegalArgumentException e) {
      LOG.debug("cannot handle SIGINT here ({}); Ctrl-C ends the program", e.getMessage());
      before = null;
    }
    this.previous = before;
  }

  /** Handles Ctrl-C until {@link #close()}; messages go to {@code err}. */
  static CtrlC install(PrintWriter err) {
    return new CtrlC(err);
  }

  /** A fresh token for the run about to start; Ctrl-C cancels it until {@link #finished}. */
  CancellationToken start() {
    CancellationToken token = CancellationToken.create();
    current.set(token);
    return token;
  }

  /** The run of {@code token} is over; Ctrl-C no longer cancels it. */
  void finished(CancellationToken token) {
    current.compareAndSet(token, null);
  }

  private void interrupted(Signal signal) {
    CancellationToken token = current.get();
    if (token != null && !token.isCancelled()) {
      err.println();
      err.println("(Ctrl-C: cancelling the run; press Ctrl-C again to quit at once)");
      err.flush();
      token.cancel();
      return;
    }
    if (previous != null && previous != SignalHandler.SIG_IGN && previous != SignalHandler.SIG_DFL) {
      previous.handle(signal);
    } else if (previous != SignalHandler.SIG_IGN) {
      System.exit(128 + 2);
    }
  }

  @Override
  public void close() {
    if (previous != null) {
      try {
        Signal.handle(INT, previous);
      } catch (IllegalArgumentException e) {
        LOG.debug("cannot restore the SIGINT handler: {}", e.getMessage());
      }
    }
  }
}
