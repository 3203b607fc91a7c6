package dev.leash.keycloak.audit.sink;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Appends each realm's entries, one JSON line each, to {@code <directory>/<realm>.jsonl}, and
 * forces them to disk before reporting them delivered. The realm's name names the file when it is a
 * plain file name, otherwise its id does. New files and directories are readable by the Keycloak
 * user only: the lines hold user names and addresses.
 *
 * <p>A line that would take the file past {@link Rotation#maxBytes()} first rotates it by renaming
 * ({@code .jsonl} to {@code .jsonl.1}, {@code .1} to {@code .2}, ..., the oldest deleted): lines
 * are never split across files, and a renamed file keeps its inode, so a shipper that follows files
 * by inode reads it to the end.
 */
public final class JsonLinesFileSink implements AuditSink {

  public static final String ID = "file";

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path directory;
  private final Rotation rotation;
  private final Function<ChainedEntry, String> format;

  /**
   * @param format the line for an entry (without its line break)
   */
  public JsonLinesFileSink(
      Path directory, Rotation rotation, Function<ChainedEntry, String> format) {
    this.directory = directory;
    this.rotation = rotation;
    this.format = format;
  }

  /**
   * When the file is renamed away, and how many renamed files are kept.
   *
   * @param maxBytes the size a file does not grow past (unless one line alone is larger); 0 never
   *     rotates
   * @param keep renamed files kept: {@code .1} (newest) to {@code .<keep>}
   */
  public record Rotation(long maxBytes, int keep) {

    /** Whether {@code line} may follow {@code size} bytes already in the file. */
    boolean fits(long size, int line) {
      return maxBytes == 0 || size == 0 || size + line <= maxBytes;
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int deliver(String realmName, List<ChainedEntry> entries) throws DeliveryFailure {
    if (entries.isEmpty()) {
      return 0;
    }
    Path file = directory.resolve(fileName(realmName, entries.get(0).realmId()));
    int written = 0;
    try {
      while (written < entries.size()) {
        createOwnerOnly(file);
        long size = cutPartialLastLine(file);
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        int fitting = 0;
        for (ChainedEntry entry : entries.subList(written, entries.size())) {
          byte[] line = (format.apply(entry) + "\n").getBytes(StandardCharsets.UTF_8);
          if (!rotation.fits(size + lines.size(), line.length)) {
            break;
          }
          lines.writeBytes(line);
          fitting++;
        }
        if (fitting == 0) {
          rotate(file);
          continue;
        }
        append(file, size, lines.toByteArray());
        written += fitting;
      }
    } catch (IOException e) {
      throw new DeliveryFailure(
          written, false, "Cannot append to " + file + ": " + e.getMessage(), e);
    }
    return entries.size();
  }

  static String fileName(String realmName, String realmId) {
    return (realmName != null && PLAIN_NAME.matcher(realmName).matches() ? realmName : realmId)
        + ".jsonl";
  }

  /** {@code <file>.<n>}: the {@code n}-th newest renamed file. */
  static Path rotated(Path file, int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }

  /** Renames {@code file} to {@code .1} after moving each older one up and dropping the oldest. */
  private void rotate(Path file) throws IOException {
    Files.deleteIfExists(rotated(file, rotation.keep()));
    for (int n = rotation.keep() - 1; n >= 1; n--) {
      if (Files.exists(rotated(file, n))) {
        Files.move(rotated(file, n), rotated(file, n + 1), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    Files.move(file, rotated(file, 1), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The file's size after cutting off a partial last line. A write the JVM could not cut off itself
   * (the process killed, the power lost) can leave the start of a line; its entry was not counted
   * as delivered and is written again, so the fragment goes, before the file is measured for
   * rotation or written to, and every line stays whole.
   */
  private static long cutPartialLastLine(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return endOfLastWholeLine(channel);
    }
  }

  /**
   * Writes all of {@code bytes} durably after the file's first {@code size} bytes (its whole
   * lines), or nothing: a failed write is cut off again. The drainer is the file's only writer.
   */
  private static void append(Path file, long size, byte[] bytes) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer, size + buffer.position());
        }
        channel.force(false);
      } catch (IOException e) {
        channel.truncate(size);
        throw e;
      }
    }
  }

  /** The size of the channel's file after cutting off a partial last line, if any. */
  static long endOfLastWholeLine(FileChannel channel) throws IOException {
    long size = channel.size();
    long end = size;
    ByteBuffer chunk = ByteBuffer.allocate(1);
    while (end > 0) {
      chunk.clear();
      read(channel, chunk, end - chunk.capacity());
      for (int i = chunk.capacity() - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          long whole = end - chunk.capacity() + i + 1;
          if (whole < size) {
            channel.truncate(whole);
          }
          return whole;
        }
      }
      end -= chunk.capacity();
      // Mostly the last byte ends a line; only a fragment is searched further back, in blocks.
      chunk = ByteBuffer.allocate((int) Math.min(8192, end));
    }
    channel.truncate(0);
    return 0;
  }

  private static void read(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("The file ended while it was read");
      }
    }
  }

  private void createOwnerOnly(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    Files.createDirectories(
        directory,
        posix ? new FileAttribute<?>[] {permissions("rwx------")} : new FileAttribute<?>[0]);
    try {
      Files.createFile(
          file,
          posix ? new FileAttribute<?>[] {permissions("rw-------")} : new FileAttribute<?>[0]);
    } catch (FileAlreadyExistsException raced) {
      // Created in between: appending to it is what we want.
    }
  }

  private static FileAttribute<?> permissions(String posix) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(posix));
  }
}
