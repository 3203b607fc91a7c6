package dev.leash.keycloak.audit.sink;

import static dev.leash.keycloak.audit.sink.JsonLinesFileSink.rotated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.sink.JsonLinesFileSink.Rotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {

  private static final Rotation NO_ROTATION = new Rotation(0, 1);

  @TempDir Path directory;

  @Test
  void appendsOneLinePerEntryToTheRealmsFile() throws Exception {
    JsonLinesFileSink sink = sink(directory.resolve("audit"), NO_ROTATION);
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    ChainedEntry second = entry(2, first.hash());

    sink.deliver("leash-demo", List.of(first));
    sink.deliver("leash-demo", List.of(second));

    Path file = directory.resolve("audit/leash-demo.jsonl");
    assertEquals(List.of(first.toJsonLine(), second.toJsonLine()), Files.readAllLines(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void theStartOfALineLeftByACrashIsCutOffBeforeTheEntryIsWrittenAgain() throws Exception {
    JsonLinesFileSink sink = sink(directory.resolve("audit"), NO_ROTATION);
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    ChainedEntry second = entry(2, first.hash());
    sink.deliver("leash-demo", List.of(first));
    Path file = directory.resolve("audit/leash-demo.jsonl");
    String line = second.toJsonLine();
    Files.writeString(file, line.substring(0, 20), StandardOpenOption.APPEND);

    sink.deliver("leash-demo", List.of(second));

    assertEquals(List.of(first.toJsonLine(), line), Files.readAllLines(file));
  }

  @Test
  void theFragmentIsCutOffBeforeTheFileIsMeasuredForRotation() throws Exception {
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    ChainedEntry second = entry(2, first.hash());
    int bothLines = first.toJsonLine().length() + second.toJsonLine().length() + 2;
    JsonLinesFileSink sink = sink(directory.resolve("audit"), new Rotation(bothLines, 2));
    sink.deliver("leash-demo", List.of(first));
    Path file = directory.resolve("audit/leash-demo.jsonl");
    Files.writeString(file, "{\"partial\":", StandardOpenOption.APPEND);

    sink.deliver("leash-demo", List.of(second));

    assertEquals(List.of(first.toJsonLine(), second.toJsonLine()), Files.readAllLines(file));
    assertFalse(Files.exists(rotated(file, 1)), "the fragment made the file look full");
  }

  @Test
  void aFileHoldingOnlyAFragmentIsEmptiedFirst() throws Exception {
    JsonLinesFileSink sink = sink(directory.resolve("audit"), NO_ROTATION);
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    Path file = directory.resolve("audit/leash-demo.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x".repeat(10_000));

    sink.deliver("leash-demo", List.of(first));

    assertEquals(List.of(first.toJsonLine()), Files.readAllLines(file));
  }

  @Test
  void aRealmNameThatIsNoPlainFileNameUsesTheRealmId() {
    assertEquals("leash-demo.jsonl", JsonLinesFileSink.fileName("leash-demo", "id-1"));
    assertEquals("id-1.jsonl", JsonLinesFileSink.fileName("../etc/passwd", "id-1"));
    assertEquals("id-1.jsonl", JsonLinesFileSink.fileName(".hidden", "id-1"));
    assertEquals("id-1.jsonl", JsonLinesFileSink.fileName(null, "id-1"));
  }

  @Test
  void anUnwritableDirectoryIsATransientFailure() throws Exception {
    Path blocked = Files.writeString(directory.resolve("not-a-directory"), "x");
    JsonLinesFileSink sink = sink(blocked, NO_ROTATION);

    DeliveryFailure failure =
        assertThrows(
            DeliveryFailure.class,
            () -> sink.deliver("demo", List.of(entry(1, ChainedEntry.GENESIS))));

    assertEquals(0, failure.delivered());
    assertTrue(!failure.permanent());
  }

  @Test
  void aLineThatWouldPassTheMaximumSizeGoesToANewFileAfterRenamingTheFullOne() throws Exception {
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    int line = first.toJsonLine().length() + 1;
    JsonLinesFileSink sink = sink(directory, new Rotation(2L * line + 5, 3));
    List<ChainedEntry> entries = chain(5);

    assertEquals(5, sink.deliver("demo", entries));

    Path file = directory.resolve("demo.jsonl");
    assertEquals(lines(entries.subList(4, 5)), Files.readAllLines(file));
    assertEquals(lines(entries.subList(2, 4)), Files.readAllLines(rotated(file, 1)));
    assertEquals(lines(entries.subList(0, 2)), Files.readAllLines(rotated(file, 2)));
    assertTrue(Files.size(rotated(file, 1)) <= 2L * line + 5);
  }

  @Test
  void rotationKeepsOnlyTheNewestRenamedFiles() throws Exception {
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    JsonLinesFileSink sink = sink(directory, new Rotation(first.toJsonLine().length() + 1, 2));
    List<ChainedEntry> entries = chain(5);

    for (ChainedEntry entry : entries) {
      sink.deliver("demo", List.of(entry));
    }

    Path file = directory.resolve("demo.jsonl");
    assertEquals(lines(entries.subList(4, 5)), Files.readAllLines(file));
    assertEquals(lines(entries.subList(3, 4)), Files.readAllLines(rotated(file, 1)));
    assertEquals(lines(entries.subList(2, 3)), Files.readAllLines(rotated(file, 2)));
    assertFalse(Files.exists(rotated(file, 3)), "the oldest are deleted");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(rotated(file, 1))));
  }

  @Test
  void aLineLargerThanTheMaximumSizeIsWrittenWholeIntoAFileOfItsOwn() throws Exception {
    JsonLinesFileSink sink = sink(directory, new Rotation(10, 5));
    List<ChainedEntry> entries = chain(2);

    sink.deliver("demo", entries);

    Path file = directory.resolve("demo.jsonl");
    assertEquals(lines(entries.subList(1, 2)), Files.readAllLines(file));
    assertEquals(lines(entries.subList(0, 1)), Files.readAllLines(rotated(file, 1)));
  }

  @Test
  void aFailureAfterSomeLinesReportsThoseDelivered() throws Exception {
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    JsonLinesFileSink sink = sink(directory, new Rotation(first.toJsonLine().length() + 1, 1));
    Path file = directory.resolve("demo.jsonl");
    Files.createDirectory(rotated(file, 1)); // Renaming onto a non-empty directory fails.
    Files.writeString(rotated(file, 1).resolve("blocker"), "x");

    DeliveryFailure failure =
        assertThrows(DeliveryFailure.class, () -> sink.deliver("demo", chain(3)));

    assertEquals(1, failure.delivered());
    assertEquals(List.of(first.toJsonLine()), Files.readAllLines(file));
  }

  private static JsonLinesFileSink sink(Path directory, Rotation rotation) {
    return new JsonLinesFileSink(directory, rotation, ChainedEntry::toJsonLine);
  }

  private static List<ChainedEntry> chain(int length) {
    List<ChainedEntry> entries = new ArrayList<>();
    String prev = ChainedEntry.GENESIS;
    for (int seq = 1; seq <= length; seq++) {
      ChainedEntry entry = entry(seq, prev);
      entries.add(entry);
      prev = entry.hash();
    }
    return entries;
  }

  private static List<String> lines(List<ChainedEntry> entries) {
    return entries.stream().map(ChainedEntry::toJsonLine).toList();
  }

  private static ChainedEntry entry(long seq, String prev) {
    return ChainedEntry.seal(
        "id-1",
        seq,
        "e-" + seq,
        1_800_000_000L,
        prev,
        JsonNodeFactory.instance.objectNode().put("record_id", "r-" + seq));
  }
}
