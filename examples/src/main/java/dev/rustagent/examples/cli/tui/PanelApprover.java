package dev.rustagent.examples.cli.tui;

import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.Approver;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Asks permission questions in the agent panel: the request (with its diff) is shown and the run
 * waits for {@code y} (allow), {@code n} (refuse) or {@code a} (always allow this tool, except for
 * protected paths, which are asked about every time). A cancelled turn refuses what is pending.
 */
public final class PanelApprover implements Approver {

  /** A question waiting for its answer. */
  public record Pending(ApprovalRequest request, CompletableFuture<Character> answer) {}

  private final Set<String> alwaysAllowed = new HashSet<>();
  private volatile Consumer<Pending> asker = pending -> pending.answer().complete('n');
  private volatile Pending pending;

  /** Where questions are shown; until set, every question is refused. */
  void askThrough(Consumer<Pending> asker) {
    this.asker = asker;
  }

  /** The question waiting now, or null. */
  Pending pending() {
    return pending;
  }

  /** Answers the pending question with {@code y}, {@code n} or {@code a}; false when none is pending. */
  boolean answer(char key) {
    Pending p = pending;
    if (p == null || "yna".indexOf(key) < 0) {
      return false;
    }
    return p.answer().complete(key);
  }

  @Override
  public boolean approve(ApprovalRequest request) {
    synchronized (alwaysAllowed) {
      if (alwaysAllowed.contains(request.tool()) && !request.isProtected()) {
        return true;
      }
    }
    Pending p = new Pending(request, new CompletableFuture<>());
    pending = p;
    try {
      asker.accept(p);
      char key = p.answer().get();
      if (key == 'a') {
        synchronized (alwaysAllowed) {
          alwaysAllowed.add(request.tool());
        }
      }
      return key == 'y' || key == 'a';
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    } finally {
      pending = null;
    }
  }

  /** Refuses the pending question (the turn was cancelled). */
  void refusePending() {
    Pending p = pending;
    if (p != null) {
      p.answer().complete('n');
    }
  }
}
