package dev.leash.keycloak.audit.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFileSinkTest {

  @TempDir Path directory;

  @Test
  void appendsOneLinePerEntryToTheRealmsFile() throws Exception {
    JsonLinesFileSink sink = new JsonLinesFileSink(directory.resolve("audit"));
    ChainedEntry first = entry(1, ChainedEntry.GENESIS);
    ChainedEntry second = entry(2, first.hash());

    sink.deliver("leash-demo", List.of(first));
    sink.deliver("leash-demo", List.of(second));

    Path file = directory.resolve("audit/leash-demo.jsonl");
    assertEquals(List.of(first.toJsonLine(), second.toJsonLine()), Files.readAllLines(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
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
    JsonLinesFileSink sink = new JsonLinesFileSink(blocked);

    DeliveryFailure failure =
        assertThrows(
            DeliveryFailure.class,
            () -> sink.deliver("demo", List.of(entry(1, ChainedEntry.GENESIS))));

    assertEquals(0, failure.delivered());
    assertTrue(!failure.permanent());
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
