package dev.rustagent.memory.internal;

import dev.rustagent.memory.MemoryException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an H2 memory file before H2 opens it, and keeps a copy of the last file that passed.
 *
 * <p>H2 recovers from a damaged store by falling back to an older state without a word, and it
 * turns an empty file into a fresh store: both would lose memory silently. So before each open: an
 * empty file, or one with a zeroed block (a whole {@value #BLOCK}-byte block of zeros after the two
 * header blocks; H2 never writes one) is refused with an error naming the file and the backup to
 * restore; a file that passes is first copied to {@code <file>.bak} (replacing the previous copy),
 * which is the backup the next error points to.
 */
public final class H2FileGuard {
  /** H2's MVStore block size. */
  static final int BLOCK = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(H2FileGuard.class);

  private H2FileGuard() {}

  /** Where the copy of {@code file} made before the last good open is kept. */
  public static Path backupOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".bak");
  }

  /**
   * Checks {@code file} (which may not exist yet) and, when it passes, refreshes its backup.
   *
   * @throws MemoryException naming the file and the backup when it is empty or has zeroed blocks
   */
  public static void checkAndBackUp(Path file) {
    if (!Files.exists(file)) {
      return;
    }
    Path backup = backupOf(file);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new MemoryException("cannot read memory database " + file + ": " + e.getMessage(), e);
    }
    if (size == 0) {
      throw new MemoryException("memory database " + file + " is empty (0 bytes), so its memory is lost; it was not "
          + "replaced by a fresh store. " + recovery(file, backup));
    }
    long zeroed = firstZeroedBlock(file);
    if (zeroed >= 0) {
      throw new MemoryException("memory database " + file + " is damaged: the " + BLOCK + " bytes at offset "
          + zeroed + " are all zeros, so recent memory may be lost; it was left untouched. " + recovery(file, backup));
    }
    copy(file, backup);
  }

  private static String recovery(Path file, Path backup) {
    return Files.isRegularFile(backup)
        ? "The copy made before the last good open is " + backup + ": move " + file + " aside and copy the backup "
            + "to " + file + " to recover."
        : "There is no backup (" + backup + " does not exist); move " + file + " aside to start a new memory.";
  }

  /** The offset of the first all-zero block after the two header blocks, or -1. */
  static long firstZeroedBlock(Path file) {
    byte[] block = new byte[BLOCK];
    try (InputStream in = Files.newInputStream(file)) {
      long offset = 0;
      while (true) {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n < BLOCK) {
          return -1;
        }
        if (offset >= 2L * BLOCK && allZero(block)) {
          return offset;
        }
        offset += BLOCK;
      }
    } catch (IOException e) {
      throw new MemoryException("cannot read memory database " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void copy(Path file, Path backup) {
    Path tmp = backup.resolveSibling("." + backup.getFileName() + ".tmp");
    try {
      Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
      try {
        Files.move(tmp, backup, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, backup, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warn("could not back up memory database {} to {}: {}", file, backup, e.toString());
    }
  }
}
