package dev.leash.keycloak.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP receiver on 127.0.0.1 for tests of mails Keycloak sends (a password reset): it accepts
 * every message, without authentication or TLS, and keeps each one's data as sent. Only the
 * commands Keycloak's mail sender uses are answered.
 */
public final class MailReceiver implements AutoCloseable {

  private final ServerSocket server;
  private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

  private MailReceiver(ServerSocket server) {
    this.server = server;
  }

  /** A receiver listening on a free loopback port. */
  public static MailReceiver listening() {
    try {
      MailReceiver receiver =
          new MailReceiver(
              new ServerSocket(FreePorts.next(), 10, InetAddress.getByName("127.0.0.1")));
      Thread thread = new Thread(receiver::accept, "test-mail-receiver");
      thread.setDaemon(true);
      thread.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * The data of the oldest message not taken yet, headers and body, waiting up to {@code timeout}
   * for one.
   */
  public String takeMessage(Duration timeout) throws InterruptedException {
    String message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("No mail within " + timeout);
    }
    return message;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private void accept() {
    while (!server.isClosed()) {
      try (Socket connection = server.accept()) {
        converse(connection);
      } catch (IOException closedOrBroken) {
        // closed with the receiver, or a sender that went away: wait for the next one
      }
    }
  }

  private void converse(Socket connection) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
    OutputStream out = connection.getOutputStream();
    reply(out, "220 localhost test mail receiver");
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
      switch (command) {
        case "EHLO", "HELO" -> reply(out, "250 localhost");
        case "DATA" -> {
          reply(out, "354 end with <CRLF>.<CRLF>");
          messages.add(readData(in));
          reply(out, "250 accepted");
        }
        case "QUIT" -> {
          reply(out, "221 bye");
          return;
        }
        default -> reply(out, "250 ok"); // MAIL FROM, RCPT TO, RSET, NOOP
      }
    }
  }

  private static String readData(BufferedReader in) throws IOException {
    StringBuilder data = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null && !line.equals(".")) {
      data.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
    }
    return data.toString();
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
