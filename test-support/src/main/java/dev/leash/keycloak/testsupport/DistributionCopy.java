package dev.leash.keycloak.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps a copy of an unpacked Keycloak distribution in step with its original, as {@code rsync -a
 * --delete} would: copies files whose size or modification time differ (keeping the time, which is
 * how Keycloak notices changed providers) and deletes files the original no longer has. A cluster
 * node needs its own copy: its build ({@code lib/quarkus}, made for PostgreSQL and production mode)
 * and its {@code data/} (transaction logs, temporary files) must not be shared with another
 * process.
 */
final class DistributionCopy {

  private static final Path DATA = Path.of("data");

  private DistributionCopy() {}

  /** Makes {@code copy} match {@code original}, with an empty {@code data/} of its own. */
  static void refresh(Path original, Path copy) {
    try {
      Files.createDirectories(copy);
      copyChanged(original, copy);
      deleteGone(original, copy);
      deleteTree(copy.resolve(DATA));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not copy " + original + " to " + copy, e);
    }
  }

  private static void copyChanged(Path original, Path copy) throws IOException {
    Files.walkFileTree(
        original,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
              throws IOException {
            Path relative = original.relativize(dir);
            if (relative.equals(DATA)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(copy.resolve(relative));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            Path target = copy.resolve(original.relativize(file));
            if (!sameFile(attributes, target)) {
              Files.copy(
                  file,
                  target,
                  StandardCopyOption.REPLACE_EXISTING,
                  StandardCopyOption.COPY_ATTRIBUTES);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static boolean sameFile(BasicFileAttributes original, Path target) throws IOException {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    BasicFileAttributes copied = Files.readAttributes(target, BasicFileAttributes.class);
    return copied.size() == original.size()
        && copied.lastModifiedTime().equals(original.lastModifiedTime());
  }

  private static void deleteGone(Path original, Path copy) throws IOException {
    List<Path> gone = new ArrayList<>();
    try (Stream<Path> copied = Files.walk(copy)) {
      copied
          .filter(path -> !path.equals(copy))
          .filter(path -> !copy.relativize(path).startsWith(DATA))
          .filter(path -> !Files.exists(original.resolve(copy.relativize(path))))
          .forEach(gone::add);
    }
    for (Path path : gone) {
      deleteTree(path);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
