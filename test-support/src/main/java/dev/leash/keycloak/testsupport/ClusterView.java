package dev.leash.keycloak.testsupport;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * How many members a node sees in its cluster, from the gauge {@code vendor_cluster_size} on its
 * management interface ({@code /metrics}, with {@code --metrics-enabled=true}): the size of the
 * node's current JGroups view, the same number as Infinispan's log line {@code ISPN000094: Received
 * new cluster view ... (2)}.
 */
final class ClusterView {

  private static final String GAUGE = "vendor_cluster_size{";

  private ClusterView() {}

  /** Waits until {@code node} sees {@code members} members; fails after {@code timeout}. */
  static void await(KeycloakServer node, int members, Duration timeout) {
    HttpClient http = Http.client();
    Instant deadline = Instant.now().plus(timeout);
    OptionalInt seen = size(http, node);
    while (seen.orElse(-1) != members) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            node.baseUri()
                + " sees "
                + (seen.isPresent() ? seen.getAsInt() + " cluster members" : "no cluster")
                + ", not "
                + members
                + ", after "
                + timeout);
      }
      pause();
      seen = size(http, node);
    }
  }

  private static OptionalInt size(HttpClient http, KeycloakServer node) {
    HttpRequest metrics =
        HttpRequest.newBuilder(node.managementUri().resolve("/metrics"))
            .timeout(Http.TIMEOUT)
            .build();
    HttpResponse<String> answer = Http.send(http, metrics);
    return answer
        .body()
        .lines()
        .filter(line -> line.startsWith(GAUGE))
        .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
