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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on 127.0.0.1 for audit delivery tests: it keeps every request it gets, and can
 * be down (not listening), slow, hold requests unanswered until released, or refuse one request.
 * Its port stays the same when it stops and starts again, as a real receiver's address does.
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

  /** The longest a request is held, so a test that never releases cannot hang the run. */
  private static final Duration MAX_HOLD = Duration.ofMinutes(5);

  private final int port;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextStatus = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;

  /** Open while requests are held; {@code null} when the receiver answers. */
  private volatile CountDownLatch gate;

  private final AtomicInteger held = new AtomicInteger();
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
    release(); // The server's dispatcher thread, which runs the handler, must end.
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Waits {@code delay} before answering each request (zero: answers at once). */
  public void answerAfter(Duration delay) {
    this.delay = delay;
  }

  /**
   * From now on, takes each request in and answers nothing until {@link #release()}: the sender
   * sees a delivery in flight. Requests that arrive meanwhile queue behind the held one.
   */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  /** Answers the held request, and every later one at once. */
  public void release() {
    CountDownLatch holding = gate;
    gate = null;
    if (holding != null) {
      holding.countDown();
    }
  }

  /** Waits until a request is held unanswered; fails after {@code timeout}. */
  public void awaitHeldRequest(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (held.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("No request reached the receiver while it held them");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** How many requests are held unanswered now. */
  public int heldRequests() {
    return held.get();
  }

  /** Answers the next request with {@code status} instead of 200. */
  public void answerNextWith(int status) {
    nextStatus.set(status);
  }

  /** Every request answered so far, in order of arrival (a held one once it is released). */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  @Override
  public void close() {
    stop();
  }

  private void awaitRelease() {
    CountDownLatch holding = gate;
    if (holding == null) {
      return;
    }
    held.incrementAndGet();
    try {
      holding.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      held.decrementAndGet();
    }
  }

  private void receive(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      long receivedAt = System.currentTimeMillis() / 1000;
      awaitRelease();
      int chosen = nextStatus.getAndSet(0);
      int status = chosen == 0 ? 200 : chosen;
      deliveries.add(
          new Delivery(
              body,
              exchange.getRequestHeaders().getFirst("Content-Type"),
              exchange.getRequestHeaders().getFirst("Leash-Signature"),
              receivedAt,
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
