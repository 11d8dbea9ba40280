package dev.rustagent.server;

import dev.rustagent.core.Approver.ApprovalRequest;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The approval questions waiting for an answer, from every run. Thread-safe. */
final class ApprovalBroker {
  private final Map<String, PendingApproval> pending = new ConcurrentHashMap<>();
  private final Clock clock;

  ApprovalBroker(Clock clock) {
    this.clock = clock;
  }

  PendingApproval open(ServerRun run, ApprovalRequest request) {
    PendingApproval approval = new PendingApproval("appr_" + UUID.randomUUID().toString().replace("-", ""),
        run.id(), run.sessionId(), request.tool(), request.actions(), request.description(), clock.instant(),
        new CompletableFuture<>());
    pending.put(approval.id(), approval);
    return approval;
  }

  /** Answers a question; false when no such question waits (unknown, answered or expired). */
  boolean answer(String id, PendingApproval.Answer answer) {
    PendingApproval approval = pending.remove(id);
    return approval != null && approval.answer().complete(answer);
  }

  /** Answers every question of a run with no. */
  void refuseAll(String runId) {
    for (PendingApproval approval : List.copyOf(pending.values())) {
      if (approval.runId().equals(runId)) {
        answer(approval.id(), new PendingApproval.Answer(false, false));
      }
    }
  }

  void close(PendingApproval approval) {
    pending.remove(approval.id());
    approval.answer().complete(new PendingApproval.Answer(false, false));
  }

  Optional<PendingApproval> get(String id) {
    return Optional.ofNullable(pending.get(id));
  }

  List<PendingApproval> list() {
    return pending.values().stream().sorted(Comparator.comparing(PendingApproval::createdAt)).toList();
  }
}
