package dev.leash.keycloak.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A syslog receiver on 127.0.0.1 for audit delivery tests: RFC 6587 octet-counted frames over TCP,
 * optionally TLS (RFC 5425) with a self-signed certificate for {@code 127.0.0.1} made by the JDK's
 * {@code keytool}. It keeps every message it reads and closes a connection once the sender has
 * closed its side, as rsyslog and syslog-ng do. It can be down (not listening); its port stays the
 * same when it starts again.
 */
public final class SyslogReceiver implements AutoCloseable {

  private final int port;
  private final SSLContext tls;
  private final List<byte[]> messages = new CopyOnWriteArrayList<>();
  private ServerSocket server;

  private SyslogReceiver(int port, SSLContext tls) {
    this.port = port;
    this.tls = tls;
  }

  /** A plain TCP receiver on a free loopback port. */
  public static SyslogReceiver plain() {
    SyslogReceiver receiver = new SyslogReceiver(FreePorts.next(), null);
    receiver.start();
    return receiver;
  }

  /**
   * A TLS receiver on a free loopback port whose certificate (PEM) is written to {@code
   * certificate}, for Keycloak's {@code --truststore-paths}.
   */
  public static SyslogReceiver withTls(Path certificate) {
    SyslogReceiver receiver = new SyslogReceiver(FreePorts.next(), selfSigned(certificate));
    receiver.start();
    return receiver;
  }

  public int port() {
    return port;
  }

  /** Listens (again), on the same port. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      server = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
      server.setReuseAddress(true);
      server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on port " + port, e);
    }
    ServerSocket listening = server;
    Thread acceptor = new Thread(() -> accept(listening), "syslog-receiver-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Stops listening: connections are refused until {@link #start()}. */
  public synchronized void stop() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException ignored) {
        // Stopped either way.
      }
      server = null;
    }
  }

  /** Every message (the RFC 5424 text, without the frame's length) read so far, in order. */
  public List<byte[]> messages() {
    return List.copyOf(messages);
  }

  /** The message's MSG part: what follows the UTF-8 byte order mark. */
  public static String body(byte[] message) {
    String text = new String(message, StandardCharsets.UTF_8);
    return text.substring(text.indexOf('\uFEFF') + 1);
  }

  @Override
  public void close() {
    stop();
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      try {
        Socket connection = listening.accept();
        Thread reader = new Thread(() -> read(connection), "syslog-connection-" + port);
        reader.setDaemon(true);
        reader.start();
      } catch (IOException stopped) {
        return;
      }
    }
  }

  /** Reads octet-counted frames until the sender closes, then closes too. */
  private void read(Socket connection) {
    try (connection) {
      InputStream in = connection.getInputStream();
      while (true) {
        StringBuilder length = new StringBuilder();
        int next;
        while ((next = in.read()) != ' ') {
          if (next == -1) {
            return;
          }
          length.append((char) next);
        }
        byte[] message = in.readNBytes(Integer.parseInt(length.toString()));
        messages.add(message);
      }
    } catch (IOException | NumberFormatException broken) {
      // The sender went away or framed badly: what was read is kept.
    }
  }

  private static SSLContext selfSigned(Path certificate) {
    try {
      Path directory = Files.createTempDirectory("leash-syslog-tls");
      Path keystore = directory.resolve("receiver.p12");
      String password = "receiver-pass";
      keytool(
          "-genkeypair",
          "-alias",
          "syslog",
          "-keyalg",
          "EC",
          "-groupname",
          "secp256r1",
          "-dname",
          "CN=127.0.0.1",
          "-ext",
          "SAN=ip:127.0.0.1",
          "-validity",
          "2",
          "-keystore",
          keystore.toString(),
          "-storetype",
          "PKCS12",
          "-storepass",
          password,
          "-keypass",
          password);
      keytool(
          "-exportcert",
          "-rfc",
          "-alias",
          "syslog",
          "-keystore",
          keystore.toString(),
          "-storepass",
          password,
          "-file",
          certificate.toString());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        keys.load(in, password.toCharArray());
      }
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("Cannot make the receiver's certificate", e);
    }
  }

  private static void keytool(String... arguments) throws IOException {
    String[] command = new String[arguments.length + 1];
    command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IOException("keytool " + Arrays.toString(arguments) + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
