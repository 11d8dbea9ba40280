package dev.rustagent.core.orchestrator;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

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
}
