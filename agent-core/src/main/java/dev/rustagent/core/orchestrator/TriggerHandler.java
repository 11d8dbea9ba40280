package dev.rustagent.core.orchestrator;

/**
 * Reacts to one kind of {@link Trigger}. The orchestrator has a default handler for each kind; a host
 * replaces one with {@link Orchestrator.Builder#on}. Called on an orchestrator worker thread.
 */
@FunctionalInterface
public interface TriggerHandler<T extends Trigger> {

  /** Handles the trigger; an exception becomes a failed {@link TriggerResult}. */
  TriggerResult handle(T trigger) throws Exception;
}
