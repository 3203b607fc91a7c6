package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.sink.DeliveryFailure;
import dev.leash.keycloak.audit.sink.EntryFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final long NOW = 1_700_000_000L;

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private HttpServer receiver;
  private volatile IntUnaryOperator statusForRequest = request -> 200;
  private volatile Duration answerDelay = Duration.ZERO;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void postsEachEntryInOrderSignedAsACloudEvent() throws Exception {
    List<ChainedEntry> entries = entries(3);

    assertEquals(3, sink(startReceiver(), Duration.ofSeconds(10)).deliver("r", entries));

    assertEquals(3, received.size());
    for (int i = 0; i < 3; i++) {
      Received request = received.get(i);
      assertEquals(
          entries.get(i).entryId(), new ObjectMapper().readTree(request.body).path("id").asText());
      assertEquals(CloudEvent.CONTENT_TYPE, request.contentType);
      assertEquals(
          WebhookSignature.header(SECRET, NOW, request.body.getBytes(StandardCharsets.UTF_8)),
          request.signature);
    }
  }

  @Test
  void aFailingAnswerSaysHowManyWereDeliveredAndIsRetried() throws Exception {
    statusForRequest = request -> request == 1 ? 503 : 200;

    DeliveryFailure failure =
        assertThrows(
            DeliveryFailure.class,
            () -> sink(startReceiver(), Duration.ofSeconds(10)).deliver("r", entries(3)));

    assertEquals(1, failure.delivered());
    assertFalse(failure.permanent());
    assertEquals("HTTP 503", failure.getMessage());
  }

  @Test
  void aRefusedEntryIsFinal() throws Exception {
    statusForRequest = request -> 422;

    DeliveryFailure failure =
        assertThrows(
            DeliveryFailure.class,
            () -> sink(startReceiver(), Duration.ofSeconds(10)).deliver("r", entries(2)));

    assertEquals(0, failure.delivered());
    assertTrue(failure.permanent());
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    String url = startReceiver();
    receiver.createContext(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", url);
          exchange.sendResponseHeaders(307, -1);
          exchange.close();
        });

    DeliveryFailure failure =
        assertThrows(
            DeliveryFailure.class,
            () ->
                sink(url.replace("/hook", "/moved"), Duration.ofSeconds(10))
                    .deliver("r", entries(1)));

    assertEquals("HTTP 307 (redirects are not followed)", failure.getMessage());
    assertTrue(received.isEmpty(), "the redirect's target got nothing");
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsRetried() throws Exception {
    answerDelay = Duration.ofSeconds(3);
    WebhookSink sink =
        new WebhookSink(
            webhook(startReceiver()),
            new WebhookUrlPolicy(false, true),
            new WebhookSender(Duration.ofSeconds(1)),
            () -> NOW,
            Duration.ofSeconds(10));

    DeliveryFailure failure =
        assertThrows(DeliveryFailure.class, () -> sink.deliver("r", entries(1)));

    assertEquals("No answer within 1 s", failure.getMessage());
    assertFalse(failure.permanent());
  }

  @Test
  void aReceiverThatIsDownIsRetried() throws Exception {
    String url = startReceiver();
    receiver.stop(0);
    receiver = null;

    DeliveryFailure failure =
        assertThrows(
            DeliveryFailure.class,
            () -> sink(url, Duration.ofSeconds(10)).deliver("r", entries(1)));

    assertTrue(failure.getMessage().startsWith("Cannot reach the webhook: "), failure::getMessage);
    assertFalse(failure.permanent());
  }

  @Test
  void stopsStartingRequestsOnceTheBudgetIsSpent() throws Exception {
    assertEquals(1, sink(startReceiver(), Duration.ZERO).deliver("r", entries(3)));
    assertEquals(1, received.size());
  }

  @Test
  void aUrlThePolicyRefusesGetsNoRequest() {
    DeliveryFailure failure =
        assertThrows(
            DeliveryFailure.class,
            () ->
                sink("http://siem.example.com/hook", Duration.ofSeconds(10))
                    .deliver("r", entries(1)));

    assertTrue(failure.getMessage().contains("https://"), failure::getMessage);
    assertFalse(failure.permanent());
  }

  @Test
  void aLoopbackReceiverGetsNoRequestUnlessTheServerAllowsPrivateDestinations() throws Exception {
    String url = startReceiver();
    WebhookSink sink =
        new WebhookSink(
            webhook(url),
            new WebhookUrlPolicy(false, false),
            new WebhookSender(Duration.ofSeconds(5)),
            () -> NOW,
            Duration.ofSeconds(10));

    DeliveryFailure failure =
        assertThrows(DeliveryFailure.class, () -> sink.deliver("r", entries(1)));

    assertTrue(failure.getMessage().contains("webhook-allow-private"), failure::getMessage);
    assertTrue(received.isEmpty(), "the receiver got nothing");
  }

  @Test
  void aNameThatNowResolvesToThisHostGetsNoRequest() throws Exception {
    String url = startReceiver();
    int port = URI.create(url).getPort();
    InetAddress[] answer = {InetAddress.getByName("203.0.113.7")};
    HostResolver rebinding = host -> answer.clone();
    WebhookUrlPolicy policy = new WebhookUrlPolicy(true, false, rebinding);
    String named = "http://receiver.example:" + port + "/hook";
    assertEquals(Optional.empty(), policy.problem(named), "public when the admin set it");

    answer[0] = InetAddress.getLoopbackAddress();
    WebhookSink sink =
        new WebhookSink(
            webhook(named),
            policy,
            new WebhookSender(Duration.ofSeconds(5)),
            () -> NOW,
            Duration.ofSeconds(10));
    assertThrows(DeliveryFailure.class, () -> sink.deliver("r", entries(1)));
    assertTrue(received.isEmpty(), "the receiver got nothing");
  }

  private WebhookSink sink(String url, Duration budget) {
    return new WebhookSink(
        webhook(url),
        new WebhookUrlPolicy(false, true),
        new WebhookSender(Duration.ofSeconds(5)),
        () -> NOW,
        budget);
  }

  private static Webhook webhook(String url) {
    return new Webhook("w-1", "realm-1", Webhook.DEFAULT_NAME, url, SECRET, EntryFormat.LEASH, NOW);
  }

  /** Starts the receiver on loopback; its URL. */
  private String startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int request = received.size();
          received.add(
              new Received(
                  body,
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER)));
          sleep(answerDelay);
          int status = statusForRequest.applyAsInt(request);
          exchange.sendResponseHeaders(status, 2);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write("ok".getBytes(StandardCharsets.UTF_8));
          }
        });
    receiver.start();
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private static List<ChainedEntry> entries(int count) {
    List<ChainedEntry> entries = new ArrayList<>();
    String previous = ChainedEntry.GENESIS;
    for (int seq = 1; seq <= count; seq++) {
      ObjectNode record = JsonNodeFactory.instance.objectNode().put("kind", "device_grant");
      ChainedEntry entry = ChainedEntry.seal("realm-1", seq, "entry-" + seq, NOW, previous, record);
      entries.add(entry);
      previous = entry.hash();
    }
    return entries;
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Received(String body, String contentType, String signature) {}
}
