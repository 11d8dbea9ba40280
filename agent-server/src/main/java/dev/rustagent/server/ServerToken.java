package dev.rustagent.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/** The bearer token: given, or generated once and kept in {@code DATA_DIR/server-token} (mode 0600). */
final class ServerToken {
  static final String FILE_NAME = "server-token";
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{16,256}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ServerToken() {}

  static String check(String token) {
    if (!SHAPE.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "a token is 16 to 256 letters, digits, '-' or '_' (it goes into a link)");
    }
    return token;
  }

  /** The given token, else the stored one, else a new one written to the data directory. */
  static String resolve(String given, Path dataDir) {
    if (given != null) {
      return given;
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(dataDir);
      String token = generate();
      Path temp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
      restrict(temp);
      Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(temp);
        return read(file);
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the server token " + file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (!SHAPE.matcher(token).matches()) {
      throw new IllegalStateException("the server token file " + file + " does not hold a valid token; "
          + "delete it to have a new one generated");
    }
    return token;
  }

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Compares in time independent of where the strings differ. */
  static boolean matches(String expected, String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  private static void restrict(Path file) throws IOException {
    try {
      Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
      Files.setPosixFilePermissions(file, ownerOnly);
    } catch (UnsupportedOperationException notPosix) {
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
      file.toFile().setWritable(false, false);
      file.toFile().setWritable(true, true);
    }
  }
}
