package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Leash's audit admin API for one realm, with waits for what the drainer does in the background.
 */
final class AuditApi {

  private final AdminClient admin;
  private final String realm;

  AuditApi(AdminClient admin, String realm) {
    this.admin = admin;
    this.realm = realm;
  }

  /** Points the realm's webhook at {@code url}, signing with {@code secret}. */
  void setWebhook(URI url, String secret) {
    HttpResponse<String> answer = putWebhook(Map.of("url", url.toString(), "secret", secret));
    assertTrue(answer.statusCode() == 204, answer::body);
  }

  HttpResponse<String> putWebhook(Map<String, String> settings) {
    return admin.put(path("/webhook"), new LinkedHashMap<>(settings));
  }

  /**
   * Sets the realm's webhook {@code name} ({@code .../webhooks/{name}}), sending {@code format}.
   */
  void setWebhook(String name, URI url, String secret, String format) {
    HttpResponse<String> answer =
        admin.put(
            path("/webhooks/" + name),
            new LinkedHashMap<>(Map.of("url", url.toString(), "secret", secret, "format", format)));
    assertTrue(answer.statusCode() == 204, answer::body);
  }

  HttpResponse<String> deleteWebhook(String name) {
    return admin.send("DELETE", path("/webhooks/" + name), null);
  }

  HttpResponse<String> get(String rest) {
    return admin.send("GET", path(rest), null);
  }

  /** {@code GET .../delivery}: the chain's last sequence number, the sinks, the dead letters. */
  JsonNode delivery() {
    return admin.get(path("/delivery"));
  }

  /** The state of sink {@code id} (an empty object before its first attempt). */
  JsonNode sink(String id) {
    for (JsonNode sink : delivery().path("sinks")) {
      if (id.equals(sink.path("sink").asText())) {
        return sink;
      }
    }
    return Json.object();
  }

  /** The delivery state once {@code until} holds for it, failing after {@code timeout}. */
  JsonNode awaitDelivery(Predicate<JsonNode> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode delivery = delivery();
    while (!until.test(delivery) && System.nanoTime() < deadline) {
      pause();
      delivery = delivery();
    }
    JsonNode last = delivery;
    assertTrue(until.test(last), last::toString);
    return last;
  }

  /** Whether sink {@code id} has every sealed entry, in a delivery state. */
  static boolean caughtUp(JsonNode delivery, String id) {
    long lastSeq = delivery.path("last_seq").asLong();
    for (JsonNode sink : delivery.path("sinks")) {
      if (id.equals(sink.path("sink").asText())) {
        return lastSeq > 0 && sink.path("delivered_up_to").asLong() == lastSeq;
      }
    }
    return false;
  }

  /** Whether sink {@code id} is failing, in a delivery state. */
  static boolean failing(JsonNode delivery, String id) {
    for (JsonNode sink : delivery.path("sinks")) {
      if (id.equals(sink.path("sink").asText())) {
        return sink.has("failing_since");
      }
    }
    return false;
  }

  static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String path(String rest) {
    return "/admin/realms/" + realm + "/leash/audit" + rest;
  }
}
