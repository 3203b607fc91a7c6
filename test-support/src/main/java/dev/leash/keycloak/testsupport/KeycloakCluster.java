package dev.leash.keycloak.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  private static List<String> nodeOptions(PostgresDatabase database, List<String> options) {
    List<String> nodeOptions = new ArrayList<>();
    // Production mode wants TLS and a fixed hostname; tests talk plain HTTP to each node's port.
    nodeOptions.add("--http-enabled=true");
    nodeOptions.add("--hostname-strict=false");
    nodeOptions.add("--db=postgres");
    nodeOptions.add("--db-url=" + database.jdbcUrl());
    nodeOptions.add("--db-username=" + database.user());
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
    nodes.stream()
        .filter(member -> member == node)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(node.baseUri() + " is not in the cluster"))
        .crash();
    LOG.info("[leash-it] crashed cluster node " + node.baseUri());
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
