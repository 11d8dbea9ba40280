package dev.rustagent.memory.internal;

import static java.util.Objects.requireNonNull;

import dev.rustagent.memory.KnowledgeBase.CodePattern;
import dev.rustagent.memory.KnowledgeBase.CommandTool;
import dev.rustagent.memory.KnowledgeBase;
import dev.rustagent.memory.SemanticMemory.Scored;
import dev.rustagent.memory.KnowledgeBase.ToolCommand;
import java.util.List;
import java.util.Optional;

/** The knowledge base: {@link PatternTable} and {@link CommandTable}. */
final class JdbcKnowledgeBase implements KnowledgeBase {

  final PatternTable patterns;
  final CommandTable commands;

  JdbcKnowledgeBase(MemoryDatabase db, Embedder embedder) {
    this.patterns = new PatternTable(db, embedder);
    this.commands = new CommandTable(db, embedder);
  }

  void floors(RecallFloors floors) {
    patterns.floors(floors);
    commands.floors(floors);
  }

  void load(dev.rustagent.memory.MemoryStats.EmbeddingProgress progress) {
    patterns.load(progress);
    commands.load(progress);
  }

  @Override
  public CodePattern putPattern(CodePattern pattern) {
    return patterns.put(requireNonNull(pattern, "pattern"), 0, 0);
  }

  /** Stores a pattern with its use statistics (for imports). */
  CodePattern importPattern(CodePattern p) {
    return patterns.put(p, p.useCount(), (int) Math.round(p.successRate() * p.useCount()));
  }

  @Override
  public Optional<CodePattern> pattern(long id) {
    return patterns.get(id);
  }

  @Override
  public List<Scored<CodePattern>> searchPatterns(String query, int limit) {
    return patterns.search(requireNonNull(query, "query"), limit);
  }

  @Override
  public CodePattern recordPatternUse(long id, boolean success) {
    return patterns.recordUse(id, success);
  }

  @Override
  public List<CodePattern> patterns() {
    return patterns.all();
  }

  @Override
  public ToolCommand putCommand(ToolCommand command) {
    return commands.put(requireNonNull(command, "command"), 0);
  }

  /** Stores a command with its use count (for imports). */
  ToolCommand importCommand(ToolCommand c) {
    return commands.put(c, c.useCount());
  }

  @Override
  public List<Scored<ToolCommand>> searchCommands(String query, CommandTool tool, int limit) {
    return commands.search(requireNonNull(query, "query"), tool, limit);
  }

  @Override
  public ToolCommand recordCommandUse(long id) {
    return commands.recordUse(id);
  }

  @Override
  public List<ToolCommand> commands(CommandTool tool) {
    return commands.all(requireNonNull(tool, "tool"));
  }
}
