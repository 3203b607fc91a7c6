package dev.leash.keycloak.audit.syslog;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.record.SafeText;
import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.DeliveryFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends every realm's entries to one syslog receiver over TCP (RFC 6587 octet counting), with TLS
 * (RFC 5425) unless switched off. Each delivery step opens a connection, writes the entries in
 * order, then closes its sending side and waits for the receiver to close too: only a receiver that
 * has read everything up to the end sees the end, so entries count as delivered once the receiver
 * read them, not merely once the local network buffer took them. Anything less (a refused
 * connection, a TLS failure, no close within the timeout) delivers the whole step again later.
 */
public final class SyslogSink implements AuditSink {

  public static final String ID = "syslog";

  /** No entry is written after this much of a step has passed. */
  static final Duration STEP_BUDGET = Duration.ofSeconds(10);

  private final SyslogTarget target;
  private final Function<ChainedEntry, String> body;
  private volatile String hostname;

  /**
   * @param body the message of an entry: its JSON line, or its OCSF event
   */
  public SyslogSink(SyslogTarget target, Function<ChainedEntry, String> body) {
    this.target = target;
    this.body = body;
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
    long started = System.nanoTime();
    AtomicBoolean finished = new AtomicBoolean();
    int sent = 0;
    try (Socket socket = connect()) {
      // A receiver that stops reading would block a write for ever: close the socket under it.
      CompletableFuture.delayedExecutor(
              STEP_BUDGET.plus(target.timeout()).toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> closeUnlessFinished(socket, finished));
      OutputStream out = socket.getOutputStream();
      for (ChainedEntry entry : entries) {
        if (sent > 0 && System.nanoTime() - started > STEP_BUDGET.toNanos()) {
          break;
        }
        out.write(SyslogMessage.frame(entry, body.apply(entry), target.facility(), hostname()));
        sent++;
      }
      out.flush();
      awaitReceiverClose(socket);
    } catch (SocketTimeoutException e) {
      throw new DeliveryFailure(
          0,
          false,
          "No progress with the syslog receiver within " + target.timeout().toSeconds() + " s",
          e);
    } catch (IOException e) {
      throw new DeliveryFailure(0, false, "Cannot send to syslog: " + describe(e), e);
    } finally {
      finished.set(true);
    }
    return sent;
  }

  private Socket connect() throws IOException {
    int timeout = Math.toIntExact(target.timeout().toMillis());
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(target.host(), target.port()), timeout);
      plain.setSoTimeout(timeout);
      if (!target.tls()) {
        return plain;
      }
      SSLSocket tls =
          (SSLSocket)
              ((SSLSocketFactory) SSLSocketFactory.getDefault())
                  .createSocket(plain, target.host(), target.port(), true);
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(parameters);
      tls.startHandshake();
      return tls;
    } catch (IOException | RuntimeException e) {
      plain.close();
      throw e;
    }
  }

  /** Ends the sending side and reads until the receiver closes (receivers send nothing back). */
  private static void awaitReceiverClose(Socket socket) throws IOException {
    socket.shutdownOutput();
    if (socket.isClosed()) {
      return; // TLS 1.2 closes both sides at once: nothing more can be learnt.
    }
    InputStream in = socket.getInputStream();
    byte[] ignored = new byte[256];
    while (in.read(ignored) != -1) {
      // Discard whatever the receiver says.
    }
  }

  private static void closeUnlessFinished(Socket socket, AtomicBoolean finished) {
    if (!finished.get()) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing is all that is left to do.
      }
    }
  }

  /** This machine's name for the HOSTNAME field, looked up once, off the request path. */
  private String hostname() {
    if (hostname == null) {
      try {
        hostname = SyslogMessage.headerField(InetAddress.getLocalHost().getHostName(), 255);
      } catch (UnknownHostException e) {
        hostname = "-";
      }
    }
    return hostname;
  }

  private static String describe(Throwable failure) {
    String description = failure.getClass().getSimpleName();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        description = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
    }
    return SafeText.of(description, 200);
  }
}
