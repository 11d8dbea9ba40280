package dev.rustagent.examples.cli.tui;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Completes the input line: a first word starting with {@code /} from the slash commands, any other
 * word from the workspace's files and directories (relative to the workspace, never outside it, hidden
 * entries only when the word asks for them). At most 200 entries of a directory are offered; a name
 * with control or format characters (a repository can hold one) is never offered, so it cannot reach
 * the terminal unescaped.
 */
final class InputCompleter implements Completer {
  private static final int MAX_ENTRIES = 200;

  private final Path workspace;
  private final List<String> commands;

  InputCompleter(Path workspace, List<String> commands) {
    this.workspace = workspace.toAbsolutePath().normalize();
    this.commands = List.copyOf(commands);
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
    if (line.wordIndex() == 0 && word.startsWith("/")) {
      for (String command : commands) {
        candidates.add(new Candidate(command, command, null, null, null, null, true));
      }
      return;
    }
    int slash = word.lastIndexOf('/');
    String dirPart = slash < 0 ? "" : word.substring(0, slash + 1);
    String prefix = slash < 0 ? word : word.substring(slash + 1);
    Path dir = workspace.resolve(dirPart).normalize();
    if (!dir.startsWith(workspace) || !Files.isDirectory(dir)) {
      return;
    }
    int n = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        boolean unprintable = !dev.rustagent.core.internal.TerminalText.escape(name).equals(name);
        if (unprintable || !name.startsWith(prefix) || (name.startsWith(".") && !prefix.startsWith("."))
            || n++ >= MAX_ENTRIES) {
          continue;
        }
        boolean isDir = Files.isDirectory(entry);
        candidates.add(new Candidate(dirPart + name + (isDir ? "/" : ""), name + (isDir ? "/" : ""), null, null,
            null, null, !isDir));
      }
    } catch (IOException e) {
      // an unreadable directory offers nothing
    }
  }
}
