package dev.rustagent.core.orchestrator;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory (and, when recursive, its subdirectories except build output and hidden ones)
 * with a {@link WatchService} and reports each created or modified file on its own daemon thread.
 */
final class DirectoryWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);
  private static final Set<String> SKIPPED = Set.of("target", "node_modules");

  private final Path root;
  private final boolean recursive;
  private final Consumer<Path> onChange;
  private final WatchService service;
  private final Thread thread;

  DirectoryWatcher(Path root, boolean recursive, Consumer<Path> onChange, String name) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.recursive = recursive;
    this.onChange = onChange;
    this.service = FileSystems.getDefault().newWatchService();
    register(this.root);
    this.thread = dev.rustagent.tools.spi.internal.DaemonThreads.create(this::loop, name);
    thread.start();
  }

  private void register(Path dir) throws IOException {
    if (!recursive) {
      dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      return;
    }
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (!d.equals(root) && skipped(d)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static boolean skipped(Path dir) {
    String name = dir.getFileName().toString();
    return name.startsWith(".") || SKIPPED.contains(name);
  }

  private void loop() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path dir = (Path) key.watchable();
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
          continue;
        }
        Path path = dir.resolve((Path) event.context());
        try {
          if (Files.isDirectory(path)) {
            if (recursive && event.kind() == StandardWatchEventKinds.ENTRY_CREATE && !skipped(path)) {
              register(path);
            }
          } else {
            onChange.accept(path);
          }
        } catch (IOException | RuntimeException e) {
          log.warn("handling a change of {} failed", path, e);
        }
      }
      key.reset();
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("closing the watch service failed", e);
    }
    thread.interrupt();
  }
}
