package dev.leash.keycloak.testsupport;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Two Keycloak nodes in production mode ({@code kc.sh start}) on loopback, clustered as Keycloak
 * clusters by default: embedded Infinispan ({@code --cache=ispn}) over JGroups, discovering each
 * other through the shared PostgreSQL database ({@code jdbc-ping}), node-to-node traffic encrypted
 * with Keycloak's automatic mTLS. Each node runs from its own copy of the unpacked distribution
 * (system property {@code leash.it.cluster-dir}): node A's copy is built for PostgreSQL on its
 * first start, node B's copy is then taken from node A's, so only one of them re-augments.
 */
public final class KeycloakCluster implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.it");

  /** Node B usually joins before it is ready; this is for a machine under load. */
  private static final Duration VIEW_TIMEOUT = Duration.ofMinutes(2);

  private final List<DistributionKeycloakServer> nodes = new ArrayList<>();

  private KeycloakCluster() {}

  /**
   * Starts node A, then node B, each with {@code options} (e.g. the suite's {@code --spi-...}
   * options), on {@code database}; returns once both see a cluster of two.
   */
  public static KeycloakCluster start(PostgresDatabase database, List<String> options) {
    Path original = BuildProperties.requiredPath("leash.keycloak.home");
    Path homes = BuildProperties.requiredPath("leash.it.cluster-dir");
    Path logDir = BuildProperties.requiredPath("leash.it.log-dir");
    KeycloakCluster cluster = new KeycloakCluster();
    try {
      Instant begin = Instant.now();
      Path homeA = homes.resolve("node-a");
      DistributionCopy.refresh(original, homeA);
      cluster.nodes.add(
          DistributionKeycloakServer.start(homeA, logDir, "start", nodeOptions(database, options)));
      Path homeB = homes.resolve("node-b");
      DistributionCopy.refresh(homeA, homeB);
      cluster.nodes.add(
          DistributionKeycloakServer.start(homeB, logDir, "start", nodeOptions(database, options)));
      for (KeycloakServer node : cluster.nodes) {
        ClusterView.await(node, 2, VIEW_TIMEOUT);
      }
      LOG.info(
          "[leash-it] cluster of two ready after "
              + Duration.between(begin, Instant.now()).toSeconds()
              + " s: node A "
              + cluster.nodeA().baseUri()
              + ", node B "
              + cluster.nodeB().baseUri());
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * One node set up as a cluster node, alone: Keycloak in production mode on {@code database}, for
   * tests that prove Leash's tables and queries on that database without a second node. On
   * PostgreSQL it runs from node A's copy of the distribution, sharing that copy's build with the
   * cluster tests; another database gets a copy of its own, so neither rebuilds the other's.
   */
  public static KeycloakServer startAlone(TestDatabase database, List<String> options) {
    String copy = database.vendor().equals(PostgresDatabase.VENDOR) ? "node-a" : database.vendor();
    Path home = BuildProperties.requiredPath("leash.it.cluster-dir").resolve(copy);
    DistributionCopy.refresh(BuildProperties.requiredPath("leash.keycloak.home"), home);
    return DistributionKeycloakServer.start(
        home,
        BuildProperties.requiredPath("leash.it.log-dir"),
        "start",
        nodeOptions(database, options));
  }

  private static List<String> nodeOptions(TestDatabase database, List<String> options) {
    List<String> nodeOptions = new ArrayList<>();
    // Production mode wants TLS and a fixed hostname; tests talk plain HTTP to each node's port.
    nodeOptions.add("--http-enabled=true");
    nodeOptions.add("--hostname-strict=false");
    nodeOptions.addAll(database.keycloakOptions());
    nodeOptions.add("--cache=ispn");
    nodeOptions.add("--cache-stack=jdbc-ping");
    // Without it, JGroups binds to a site-local address; the nodes talk over loopback only.
    nodeOptions.add("--cache-embedded-network-bind-address=127.0.0.1");
    nodeOptions.add("--cache-embedded-network-bind-port=" + FreePorts.next());
    nodeOptions.addAll(options);
    return nodeOptions;
  }

  public KeycloakServer nodeA() {
    return nodes.get(0);
  }

  public KeycloakServer nodeB() {
    return nodes.get(1);
  }

  /**
   * Kills {@code node} with SIGKILL, as when its machine dies: it neither finishes its requests nor
   * leaves the cluster; the other node finds out through JGroups' failure detection.
   */
  public void crash(KeycloakServer node) {
    member(node).crash();
    LOG.info("[leash-it] crashed cluster node " + node.baseUri());
  }

  private DistributionKeycloakServer member(KeycloakServer node) {
    return nodes.stream()
        .filter(member -> member == node)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(node.baseUri() + " is not in the cluster"));
  }

  /**
   * Starts {@code node} again after a {@link #crash} (or a stop), with the same options, ports and
   * database, as an operator brings a failed machine back; returns once both nodes see a cluster of
   * two again ({@code vendor_cluster_size}).
   */
  public void restart(KeycloakServer node) {
    member(node).restart();
    for (KeycloakServer member : nodes) {
      ClusterView.await(member, 2, VIEW_TIMEOUT);
    }
    awaitServing(node);
    LOG.info("[leash-it] cluster node " + node.baseUri() + " rejoined");
  }

  /**
   * Waits until {@code node} answers a realm request: on a loaded machine the first requests to a
   * node that has just become ready can take longer than a client's timeout.
   */
  private static void awaitServing(KeycloakServer node) {
    HttpClient http = Http.client();
    HttpRequest discovery =
        HttpRequest.newBuilder(
                URI.create(node.realmUri("master") + "/.well-known/openid-configuration"))
            .timeout(Http.TIMEOUT)
            .build();
    Instant deadline = Instant.now().plus(VIEW_TIMEOUT);
    while (true) {
      try {
        if (Http.send(http, discovery).statusCode() == 200) {
          return;
        }
      } catch (UncheckedIOException slowOrRefused) {
        if (Instant.now().isAfter(deadline)) {
          throw slowOrRefused;
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(node.baseUri() + " did not serve realm requests");
      }
      try {
        TimeUnit.MILLISECONDS.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /**
   * {@code link}, which one node handed out (e.g. a {@code verification_uri_complete}), as it
   * reaches {@code node}: a person whose load balancer sends them to another node.
   */
  public static String sameLinkOn(KeycloakServer node, String link) {
    URI uri = URI.create(link);
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return node.baseUri().resolve(uri.getRawPath() + query).toString();
  }

  /** Stops both nodes, node B first: stopping the coordinator (node A) last spares a hand-over. */
  @Override
  public void close() {
    for (int node = nodes.size() - 1; node >= 0; node--) {
      nodes.get(node).close();
    }
  }
}
