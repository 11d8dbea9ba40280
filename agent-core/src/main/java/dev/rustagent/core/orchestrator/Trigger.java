package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import java.util.Optional;

/** Something that happened and that the orchestrator reacts to. Each kind has a default handler. */
public sealed interface Trigger {

  /** Files were modified or saved (gathered over the debounce window). */
  record FilesSaved(Set<Path> paths) implements Trigger {
    public FilesSaved {
      paths = Set.copyOf(paths);
    }
  }

  /** A check found compile errors. */
  record CompileError(List<String> problems) implements Trigger {
    public CompileError {
      problems = List.copyOf(problems);
    }
  }

  /** A check found no compile error. */
  record CompileSuccess() implements Trigger {}

  /** The user asked something in plain words. */
  record UserQuery(String text) implements Trigger {
    public UserQuery {
      requireNonNull(text, "text");
    }
  }

  /** The user typed a slash command. */
  record SlashCommandEntered(String line) implements Trigger {
    public SlashCommandEntered {
      requireNonNull(line, "line");
    }
  }

  /** The periodic check is due. */
  record PeriodicCheck(Instant at) implements Trigger {
    public PeriodicCheck {
      requireNonNull(at, "at");
    }
  }

  /** The agent (or the host) found a topic it does not know enough about. */
  record KnowledgeGap(String topic) implements Trigger {
    public KnowledgeGap {
      requireNonNull(topic, "topic");
    }
  }

  /** {@code rustc --version} changed since it was last seen. */
  record RustVersionChanged(String previous, String current) implements Trigger {
    public RustVersionChanged {
      requireNonNull(previous, "previous");
      requireNonNull(current, "current");
    }
  }

  /**
   * Reacts to one kind of {@link Trigger}. The orchestrator has a default handler for each kind; a host
   * replaces one with {@link Orchestrator.Builder#on}. Called on an orchestrator worker thread.
   */
  @FunctionalInterface
  public interface TriggerHandler<T extends Trigger> {

    /** Handles the trigger; an exception becomes a failed {@link TriggerResult}. */
    TriggerResult handle(T trigger) throws Exception;
  }

  /**
   * What handling a trigger did.
   *
   * @param trigger the trigger
   * @param succeeded whether the handler did its job
   * @param summary what was done, in words
   * @param detail the workflow, agent or command result, or {@code null}
   */
  public record TriggerResult(Trigger trigger, boolean succeeded, String summary, @Nullable Object detail) {
    public TriggerResult {
      requireNonNull(trigger, "trigger");
      requireNonNull(summary, "summary");
    }

    /** A successful result. */
    public static TriggerResult done(Trigger trigger, String summary, Object detail) {
      return new TriggerResult(trigger, true, summary, detail);
    }

    /** A failed result. */
    public static TriggerResult failed(Trigger trigger, String summary) {
      return new TriggerResult(trigger, false, summary, null);
    }

    /** The detail, if of the given type. */
    public <D> Optional<D> detail(Class<D> type) {
      return type.isInstance(detail) ? Optional.of(type.cast(detail)) : Optional.empty();
    }
  }
}
