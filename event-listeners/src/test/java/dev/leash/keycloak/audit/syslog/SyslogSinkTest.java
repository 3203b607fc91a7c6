package dev.leash.keycloak.audit.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.sink.DeliveryFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sink against a plain TCP receiver on loopback (TLS: AuditSinksIT). */
class SyslogSinkTest {

  @Test
  void entriesAreDeliveredOnceTheReceiverReadThemAndClosed() throws Exception {
    try (ServerSocket receiver = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<byte[]> received =
          CompletableFuture.supplyAsync(() -> readUntilEnd(receiver, true));
      List<ChainedEntry> entries = chain(3);

      assertEquals(3, sink(receiver.getLocalPort()).deliver("demo", entries));

      String text = new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      List<String> bodies = new ArrayList<>();
      int at = 0;
      while (at < text.length()) {
        int space = text.indexOf(' ', at);
        int length = Integer.parseInt(text.substring(at, space));
        String message =
            new String(
                text.substring(space + 1).getBytes(StandardCharsets.UTF_8),
                0,
                length,
                StandardCharsets.UTF_8);
        bodies.add(message.substring(message.indexOf('\uFEFF') + 1));
        at = space + 1 + message.length();
      }
      assertEquals(entries.stream().map(ChainedEntry::toJsonLine).toList(), bodies);
    }
  }

  @Test
  void aReceiverThatIsDownIsATransientFailure() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    DeliveryFailure failure =
        assertThrows(DeliveryFailure.class, () -> sink(port).deliver("demo", chain(1)));

    assertEquals(0, failure.delivered());
    assertFalse(failure.permanent());
    assertTrue(failure.getMessage().startsWith("Cannot send to syslog"), failure::getMessage);
  }

  @Test
  void aReceiverThatNeverClosesHasNotConfirmedAnything() throws Exception {
    try (ServerSocket receiver = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture.runAsync(() -> readUntilEnd(receiver, false));

      DeliveryFailure failure =
          assertThrows(
              DeliveryFailure.class, () -> sink(receiver.getLocalPort()).deliver("demo", chain(2)));

      assertEquals(0, failure.delivered(), "the whole step is delivered again");
      assertFalse(failure.permanent());
    }
  }

  private static SyslogSink sink(int port) {
    return new SyslogSink(
        new SyslogTarget("127.0.0.1", port, false, Facility.AUTHPRIV, Duration.ofSeconds(1)),
        ChainedEntry::toJsonLine);
  }

  /** Reads one connection to its end; closes it then, or only much later. */
  private static byte[] readUntilEnd(ServerSocket server, boolean closeAtEnd) {
    try (Socket connection = server.accept()) {
      InputStream in = connection.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      if (!closeAtEnd) {
        Thread.sleep(3000);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<ChainedEntry> chain(int length) {
    List<ChainedEntry> entries = new ArrayList<>();
    String prev = ChainedEntry.GENESIS;
    for (int seq = 1; seq <= length; seq++) {
      ChainedEntry entry =
          ChainedEntry.seal(
              "realm-1",
              seq,
              "e-" + seq,
              1_800_000_000L,
              prev,
              JsonNodeFactory.instance
                  .objectNode()
                  .put("record_id", "r-" + seq)
                  .put("outcome", "approved")
                  .put("note", "caf\u00e9"));
      entries.add(entry);
      prev = entry.hash();
    }
    return entries;
  }
}
