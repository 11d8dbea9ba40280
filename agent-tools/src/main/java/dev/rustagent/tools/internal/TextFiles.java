package dev.rustagent.tools.internal;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/** Reads text files strictly as UTF-8, writes them atomically, and renders unified diffs. */
public final class TextFiles {
  private TextFiles() {}

  /** A file that is not UTF-8 text. */
  public static final class NotTextException extends IOException {
    private static final long serialVersionUID = 1L;

    NotTextException(String message) {
      super(message);
    }
  }

  /**
   * Reads a file as UTF-8.
   *
   * @throws NotTextException when the bytes are not valid UTF-8 (a binary file, another encoding)
   */
  public static String read(Path file, String shownName) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new NotTextException("'" + shownName + "' is not UTF-8 text (a binary file or another "
          + "encoding); it cannot be read or edited as text");
    }
  }

  /** Whether the bytes look like UTF-8 text without NUL bytes. */
  public static boolean isText(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /**
   * Writes the text through a temporary file in the same directory moved over the target. An existing
   * file keeps its permissions; a new one gets {@code rw-r--r--}.
   */
  public static void writeAtomically(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(temp, Files.exists(file)
            ? Files.getPosixFilePermissions(file)
            : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the temporary file's default permissions stay
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Splits text into lines without their terminators. */
  public static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(text.split("\r?\n", -1));
  }

  /** A unified diff from {@code before} to {@code after}; {@code before} is {@code null} for a new file. */
  public static String diff(String name, String before, String after) {
    List<String> original = before == null ? List.of() : lines(before);
    List<String> revised = lines(after);
    Patch<String> patch = DiffUtils.diff(original, revised);
    if (patch.getDeltas().isEmpty()) {
      return "(no changes to " + name + ")";
    }
    List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(
        before == null ? "/dev/null" : "a/" + name, "b/" + name, original, patch, 3);
    return String.join("\n", diff);
  }
}
