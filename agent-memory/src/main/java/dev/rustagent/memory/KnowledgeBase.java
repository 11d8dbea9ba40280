package dev.rustagent.memory;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.Optional;
import dev.rustagent.memory.SemanticMemory.Scored;
import static java.util.Objects.requireNonNull;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;

/**
 * Rust code patterns and git / Linux / gh commands the agent can draw on. A starter set ships with the
 * library and is loaded when a store is first opened. Safe for concurrent use.
 */
public interface KnowledgeBase {

  /**
   * Adds a pattern, or replaces the template, category and description of the pattern with the same
   * name (keeping its use statistics).
   *
   * @param pattern the pattern; its id, use count and success rate are ignored for a new pattern
   * @return the stored pattern
   */
  CodePattern putPattern(CodePattern pattern);

  /**
   * @param id a pattern id
   * @return the pattern, if stored
   */
  Optional<CodePattern> pattern(long id);

  /**
   * @param query what the agent is working on
   * @param limit the most patterns to return, at least 1
   * @return the most relevant patterns first (hybrid recall)
   */
  List<Scored<CodePattern>> searchPatterns(String query, int limit);

  /**
   * Counts one use of a pattern and updates its success rate.
   *
   * @param id a pattern id
   * @param success whether the run that used it succeeded
   * @return the updated pattern
   * @throws java.util.NoSuchElementException if there is no such pattern
   */
  CodePattern recordPatternUse(long id, boolean success);

  /** @return all patterns, by id */
  List<CodePattern> patterns();

  /**
   * Adds a command, or replaces the description and examples of the same tool's identical command.
   *
   * @param command the command; its id and use count are ignored for a new command
   * @return the stored command
   */
  ToolCommand putCommand(ToolCommand command);

  /**
   * @param query what the agent wants to do
   * @param tool only this tool's commands, or {@code null} for all
   * @param limit the most commands to return, at least 1
   * @return the most relevant commands first
   */
  List<Scored<ToolCommand>> searchCommands(String query, @Nullable CommandTool tool, int limit);

  /**
   * Counts one use of a command.
   *
   * @param id a command id
   * @return the updated command
   * @throws java.util.NoSuchElementException if there is no such command
   */
  ToolCommand recordCommandUse(long id);

  /**
   * @param tool a tool
   * @return the tool's commands, by id
   */
  List<ToolCommand> commands(CommandTool tool);

  /**
   * A reusable Rust code pattern in the knowledge base.
   *
   * @param id the store's id (0 for a pattern not yet stored)
   * @param name short name, e.g. "newtype"
   * @param category e.g. "error-handling", "ownership", "concurrency"
   * @param codeTemplate example code
   * @param description when and why to use it
   * @param useCount how often the agent used it
   * @param successRate fraction of those uses in successful runs (0 when never used)
   */
  public record CodePattern(
      long id,
      String name,
      String category,
      String codeTemplate,
      String description,
      int useCount,
      double successRate) {

    /** Validates the fields. */
    public CodePattern {
      requireNonNull(name, "name");
      requireNonNull(category, "category");
      requireNonNull(codeTemplate, "codeTemplate");
      requireNonNull(description, "description");
      if (useCount < 0) {
        throw new IllegalArgumentException("useCount must not be negative");
      }
      if (!(successRate >= 0 && successRate <= 1)) {
        throw new IllegalArgumentException("successRate must be within 0..1, was " + successRate);
      }
    }
  }

  /**
   * A command-line recipe in the knowledge base.
   *
   * @param id the store's id (0 for a command not yet stored)
   * @param tool git, Linux or gh
   * @param command the command, e.g. {@code git log --oneline -n 20}
   * @param description what it does
   * @param examples example invocations
   * @param useCount how often the agent used it
   */
  public record ToolCommand(
      long id, CommandTool tool, String command, String description, List<String> examples, int useCount) {

    /** Validates and copies the fields. */
    public ToolCommand {
      requireNonNull(tool, "tool");
      requireNonNull(command, "command");
      requireNonNull(description, "description");
      examples = List.copyOf(requireNonNull(examples, "examples"));
      if (useCount < 0) {
        throw new IllegalArgumentException("useCount must not be negative");
      }
    }
  }

  /** The tool a {@link ToolCommand} belongs to. */
  public enum CommandTool {
    /** git */
    GIT,
    /** Linux shell utilities */
    LINUX,
    /** the GitHub CLI */
    GH
  }
}
