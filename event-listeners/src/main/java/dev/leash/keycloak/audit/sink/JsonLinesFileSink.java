package dev.leash.keycloak.audit.sink;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Appends each realm's entries, one canonical JSON line each, to {@code <directory>/<realm>.jsonl},
 * and forces them to disk before reporting them delivered. The realm's name names the file when it
 * is a plain file name, otherwise its id does. New files and directories are readable by the
 * Keycloak user only: the lines hold user names and addresses.
 */
public final class JsonLinesFileSink implements AuditSink {

  public static final String ID = "file";

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path directory;

  public JsonLinesFileSink(Path directory) {
    this.directory = directory;
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
    StringBuilder lines = new StringBuilder();
    entries.forEach(entry -> lines.append(entry.toJsonLine()).append('\n'));
    try {
      createOwnerOnly(file);
      append(file, lines.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new DeliveryFailure(0, false, "Cannot append to " + file + ": " + e.getMessage(), e);
    }
    return entries.size();
  }

  static String fileName(String realmName, String realmId) {
    return (realmName != null && PLAIN_NAME.matcher(realmName).matches() ? realmName : realmId)
        + ".jsonl";
  }

  /** Appends all of {@code bytes} durably, or nothing: a failed write is cut off again. */
  private static void append(Path file, byte[] bytes) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      long size = channel.size();
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      } catch (IOException e) {
        channel.truncate(size);
        throw e;
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
