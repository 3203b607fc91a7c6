package dev.leash.keycloak.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 for audit delivery tests: it keeps every request it gets, and can
 * be down (not listening), slow, or refuse one request. Its port stays the same when it stops and
 * starts again, as a real receiver's address does.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as received; {@code receivedAt} in epoch seconds; the status answered. */
  public record Delivery(
      byte[] body, String contentType, String signature, long receivedAt, int status) {

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public boolean accepted() {
      return status / 100 == 2;
    }
  }

  private static final String PATH = "/leash-audit";

  private final int port;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextStatus = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;
  private HttpServer server;

  private WebhookReceiver(int port) {
    this.port = port;
  }

  /** A receiver listening on a free loopback port. */
  public static WebhookReceiver listening() {
    WebhookReceiver receiver = new WebhookReceiver(FreePorts.next());
    receiver.start();
    return receiver;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port + PATH);
  }

  /** Listens (again), on the same port. */
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on port " + port, e);
    }
    server.createContext(PATH, this::receive);
    server.start();
  }

  /** Stops listening: connections are refused until {@link #start()}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Waits {@code delay} before answering each request (zero: answers at once). */
  public void answerAfter(Duration delay) {
    this.delay = delay;
  }

  /** Answers the next request with {@code status} instead of 200. */
  public void answerNextWith(int status) {
    nextStatus.set(status);
  }

  /** Every request received so far, in order of arrival. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  @Override
  public void close() {
    stop();
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int chosen = nextStatus.getAndSet(0);
      int status = chosen == 0 ? 200 : chosen;
      deliveries.add(
          new Delivery(
              body,
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Leash-Signature"),
              System.currentTimeMillis() / 1000,
              status));
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }
}
