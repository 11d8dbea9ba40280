package dev.rustagent.tools.spi.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Confines file operations to the workspace: relative paths that climb out with {@code ..}, absolute
 * paths elsewhere and symbolic links that lead out are refused with a {@link PathOutsideWorkspaceException}.
 */
public final class WorkspacePaths {
  private WorkspacePaths() {}

  /** A path the model gave that must not be used. */
  public static final class PathOutsideWorkspaceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    PathOutsideWorkspaceException(String message) {
      super(message);
    }
  }

  /**
   * Resolves {@code given} against {@code root} and checks it stays inside, following symbolic links
   * of the part that exists.
   *
   * @throws PathOutsideWorkspaceException when the path is empty, malformed or leads outside
   */
  public static Path resolve(Path root, String given) {
    if (given == null || given.isBlank()) {
      throw new PathOutsideWorkspaceException("path must not be empty");
    }
    if (given.indexOf('\0') >= 0) {
      throw new PathOutsideWorkspaceException("path contains a NUL character");
    }
    Path candidate;
    try {
      candidate = root.resolve(given).normalize();
    } catch (InvalidPathException e) {
      throw new PathOutsideWorkspaceException("path '" + given + "' is not valid: " + e.getReason());
    }
    if (!candidate.startsWith(root)) {
      throw new PathOutsideWorkspaceException("path '" + given + "' is outside the workspace " + root
          + "; only files inside the workspace can be used");
    }
    Path realRoot = realPath(root);
    Path existing = candidate;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null) {
      Path real;
      try {
        real = existing.toRealPath();
      } catch (IOException e) {
        throw new PathOutsideWorkspaceException("path '" + given + "' cannot be resolved (a broken "
            + "symbolic link?): " + e.getMessage());
      }
      if (!real.startsWith(realRoot)) {
        throw new PathOutsideWorkspaceException("path '" + given + "' goes through a symbolic link to "
            + real + ", outside the workspace; refused");
      }
    }
    return candidate;
  }

  /** The path relative to the root, with forward slashes. */
  public static String relative(Path root, Path path) {
    String rel = root.relativize(path).toString().replace('\\', '/');
    return rel.isEmpty() ? "." : rel;
  }

  private static Path realPath(Path root) {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      return root;
    }
  }
}
