package dev.rustagent.core;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.rustagent.core.internal.DidYouMean;
import dev.rustagent.tools.Tool.Action;
import dev.rustagent.tools.ToolContext.CancellationToken;
import dev.rustagent.tools.Tool;
import dev.rustagent.tools.ToolArguments.ToolArgumentException;
import dev.rustagent.tools.ToolArguments;
import dev.rustagent.tools.ToolContext;
import dev.rustagent.tools.ToolRegistry;
import dev.rustagent.tools.ToolResult;
import dev.rustagent.tools.spi.internal.OutputShaper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.rustagent.core.AgentResult.AgentStep;
import dev.rustagent.core.AgentListener.AgentEvent;
import dev.rustagent.core.Approver.ApprovalRequest;
import dev.rustagent.core.PermissionPolicy.Permission;

/**
 * The tool calls of one model turn: validation, the permission gate, execution with a timeout, and
 * the results in call order. Read-only calls of one turn run in parallel; a turn with any other call
 * runs its calls one after another, each asked about just before it runs.
 */
final class ToolCalls {
  private static final Logger log = LoggerFactory.getLogger(ToolCalls.class);
  private static final long GRACE_MILLIS = 1_000;

  private final Agent agent;
  private final AgentRun run;
  private int used;
  private boolean budgetExhausted;

  ToolCalls(Agent agent, AgentRun run) {
    this.agent = agent;
    this.run = run;
  }

  boolean budgetExhausted() {
    return budgetExhausted;
  }

  /** A call checked before the gate: either ready to ask about, or already failed. */
  private record Prepared(ToolExecutionRequest call, Tool tool, ToolArguments arguments, Set<Action> actions,
      ToolResult failure, BufferGuard.Plan plan) {
    Prepared(ToolExecutionRequest call, Tool tool, ToolArguments arguments, Set<Action> actions, ToolResult failure) {
      this(call, tool, arguments, actions, failure, null);
    }

    boolean readOnly() {
      return failure == null && actions.stream().allMatch(a -> a == Action.READ);
    }
  }

  /** Handles the turn's calls; returns one result message per call, in order. */
  List<ToolExecutionResultMessage> handle(List<ToolExecutionRequest> calls) {
    List<Prepared> prepared = new ArrayList<>(calls.size());
    for (ToolExecutionRequest call : calls) {
      prepared.add(prepare(call));
    }
    List<ToolExecutionResultMessage> results = new ArrayList<>(calls.size());
    boolean parallel = prepared.size() > 1 && prepared.stream().allMatch(p -> p.failure != null || p.readOnly());
    if (parallel) {
      List<CallFuture> running = new ArrayList<>();
      List<Long> starts = new ArrayList<>();
      for (Prepared p : prepared) {
        announce(p);
        boolean allowed = p.failure == null && gate(p);
        starts.add(System.nanoTime());
        running.add(allowed ? start(p) : null);
      }
      for (int i = 0; i < prepared.size(); i++) {
        Prepared p = prepared.get(i);
        ToolResult result = p.failure != null ? p.failure
            : running.get(i) == null ? guarded(p, denied(p), false) : awaitGuarded(p, running.get(i));
        results.add(finish(p, result, starts.get(i)));
      }
    } else {
      for (Prepared p : prepared) {
        announce(p);
        long started = System.nanoTime();
        ToolResult result;
        if (p.failure != null) {
          result = p.failure;
        } else if (!gate(p)) {
          result = guarded(p, denied(p), false);
        } else {
          result = awaitGuarded(p, start(p));
        }
        results.add(finish(p, result, started));
      }
    }
    return results;
  }

  /** The result after the buffer guard's part (undoing, noting, handing an edit to the editor). */
  private ToolResult guarded(Prepared p, ToolResult result, boolean ran) {
    if (p.plan == null) {
      return result;
    }
    if (!ran) {
      run.bufferGuard.discard(p.plan);
      return result;
    }
    return run.bufferGuard.after(p.plan, result);
  }

  /** Awaits a started call; the guard's part runs also when the run is cancelled meanwhile. */
  private ToolResult awaitGuarded(Prepared p, CallFuture call) {
    ToolResult result = null;
    try {
      result = await(p, call);
      return guarded(p, result, true);
    } finally {
      if (result == null) {
        guarded(p, ToolResult.failure("cancelled"), true);
      }
    }
  }

  private ToolContext context(Prepared p, CancellationToken token) {
    return p.plan == null ? agent.toolContext(token) : run.bufferGuard.context(p.plan, token);
  }

  private Prepared prepare(ToolExecutionRequest call) {
    String name = call.name() == null ? "" : call.name();
    if (used >= agent.maxToolCalls) {
      budgetExhausted = true;
      return new Prepared(call, null, null, Set.of(), ToolResult.failure("not run: this run's budget of "
          + agent.maxToolCalls + " tool calls is used up"));
    }
    used++;
    Tool tool = agent.registry.find(name).orElse(null);
    if (tool == null) {
      List<String> names = agent.tools.stream().map(Tool::name).toList();
      return new Prepared(call, null, null, Set.of(), ToolResult.failure("unknown tool '" + name + "'"
          + DidYouMean.hint(name, names) + "; available tools: " + names));
    }
    try {
      ToolArguments arguments = ToolRegistry.validate(tool, call.arguments());
      Set<Action> actions = Set.copyOf(tool.actions(arguments));
      BufferGuard.Plan plan = run.bufferGuard == null ? null : run.bufferGuard.plan(tool, arguments, actions);
      if (plan instanceof BufferGuard.Plan.Refuse refuse) {
        return new Prepared(call, tool, arguments, actions, ToolResult.failure(refuse.message()));
      }
      return new Prepared(call, tool, arguments, actions, null, plan);
    } catch (ToolArgumentException e) {
      return new Prepared(call, tool, null, Set.of(), ToolResult.failure(e.getMessage()
          + ". Fix the arguments to match the tool's schema and call it again."));
    } catch (RuntimeException e) {
      log.warn("tool '{}' could not classify its call", name, e);
      return new Prepared(call, tool, null, Set.of(), ToolResult.failure("tool '" + name
          + "' could not check its arguments: " + e.getMessage()));
    }
  }

  private void announce(Prepared p) {
    ToolExecutionRequest call = p.call;
    run.addStep(new AgentStep.ToolCall(idOf(call), String.valueOf(call.name()),
        call.arguments() == null ? "" : call.arguments()));
    run.events.publish(new AgentEvent.ToolRequested(run.runId, agent.clock.instant(), call));
  }

  private boolean gate(Prepared p) {
    String subject;
    try {
      subject = p.tool.permissionSubject(p.arguments);
    } catch (RuntimeException e) {
      subject = p.arguments.toJson();
    }
    Permission permission = agent.policy.decide(p.tool.name(), p.actions, subject == null ? "" : subject);
    List<String> risks = permission == Permission.DENY ? List.of() : risks(p);
    if (!risks.isEmpty()) {
      permission = Permission.ASK; // protected paths and hooks: whatever the policy allows, a human decides
    }
    boolean allowed;
    String reason;
    switch (permission) {
      case ALLOW -> {
        allowed = true;
        reason = "allowed by policy";
      }
      case DENY -> {
        allowed = false;
        reason = "denied by policy";
      }
      default -> {
        if (agent.approver().isEmpty()) {
          allowed = false;
          reason = "needs approval and no approver is configured"
              + (risks.isEmpty() ? "" : " (protected: " + String.join("; ", risks) + ")");
        } else {
          String description = describe(p);
          try {
            allowed = agent.approver().get().approve(new ApprovalRequest(p.tool.name(), p.actions, p.arguments,
                description, risks));
            reason = (allowed ? "approved" : "refused by the approver")
                + (risks.isEmpty() ? "" : " (protected: " + String.join("; ", risks) + ")");
          } catch (RuntimeException e) {
            log.warn("approver failed on {}; treating it as a refusal", p.tool.name(), e);
            allowed = false;
            reason = "the approver failed (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                + "); treated as a refusal";
          }
        }
      }
    }
    AgentStep.PermissionDecision decision = new AgentStep.PermissionDecision(idOf(p.call), p.tool.name(),
        p.actions, permission, allowed, reason);
    run.addStep(decision);
    run.events.publish(new AgentEvent.PermissionDecided(run.runId, agent.clock.instant(), decision));
    if (!allowed) {
      run.recordDenial(p.tool.name() + " " + p.arguments.toJson());
    }
    return allowed;
  }

  /** The call's risks; a tool that cannot tell counts as risky, so a human decides. */
  private List<String> risks(Prepared p) {
    try {
      return List.copyOf(p.tool.risks(p.arguments, context(p, run.cancellation)));
    } catch (RuntimeException e) {
      log.warn("tool '{}' could not tell the risks of its call", p.tool.name(), e);
      return List.of("the tool could not tell what its call touches (" + e.getClass().getSimpleName() + ")");
    }
  }

  private String describe(Prepared p) {
    try {
      return p.tool.describe(p.arguments, context(p, run.cancellation));
    } catch (RuntimeException e) {
      log.warn("tool '{}' could not describe its call", p.tool.name(), e);
      return p.tool.name() + " " + p.arguments.toJson();
    }
  }

  private static ToolResult denied(Prepared p) {
    return ToolResult.failure("permission denied: the call to '" + p.tool.name() + "' " + p.actions + " was not allowed. Do not repeat it;"
        + " explain what you wanted to do or choose another way.");
  }

  private CallFuture start(Prepared p) {
    CancellationToken callToken = CancellationToken.create();
    run.cancellation.onCancel(callToken::cancel);
    ToolContext context = context(p, callToken);
    String runId = AgentRun.CURRENT.get();
    return new CallFuture(agent.executor.submit(() -> {
      AgentRun.CURRENT.set(runId);
      try {
        return p.tool.execute(p.arguments, context);
      } finally {
        AgentRun.CURRENT.remove();
      }
    }), callToken);
  }

  private ToolResult await(Prepared p, CallFuture call) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(agent.toolTimeout.toMillis() + GRACE_MILLIS);
    try {
      while (true) {
        if (run.cancellation.isCancelled()) {
          call.stop();
          throw new CancellationException("cancelled while " + p.tool.name() + " was running");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          call.stop();
          return ToolResult.failure("tool '" + p.tool.name() + "' timed out after "
              + agent.toolTimeout.toMillis() + " ms and was stopped");
        }
        try {
          ToolResult result = call.delegate.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
          if (result == null) {
            return ToolResult.failure("tool '" + p.tool.name() + "' returned no result");
          }
          // Every tool's text, built-in, plugin or MCP, is shaped in this one place for the model's tokens.
          return OutputShaper.forModel(result, agent.toolOutputCap);
        } catch (TimeoutException e) {
          // poll again
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      log.warn("tool '{}' threw", p.tool.name(), cause);
      return ToolResult.failure("tool '" + p.tool.name() + "' failed: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    } catch (InterruptedException e) {
      call.stop();
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while " + p.tool.name() + " was running");
    }
  }

  private ToolExecutionResultMessage finish(Prepared p, ToolResult result, long startedNanos) {
    Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
    String name = String.valueOf(p.call.name());
    AgentStep.ToolOutcome outcome = new AgentStep.ToolOutcome(idOf(p.call), name, result, duration);
    run.addStep(outcome);
    run.events.publish(new AgentEvent.ToolFinished(run.runId, agent.clock.instant(), outcome));
    return ToolExecutionResultMessage.builder()
        .id(p.call.id())
        .toolName(name)
        .text(result.text().isEmpty() ? "(no output)" : result.text())
        .isError(result.isError())
        .build();
  }

  private static String idOf(ToolExecutionRequest call) {
    return call.id() == null ? "" : call.id();
  }

  /** A running call and the token that tells the tool to stop. */
  private record CallFuture(Future<ToolResult> delegate, CancellationToken token) {
    void stop() {
      token.cancel();
      delegate.cancel(true);
    }
  }
}
