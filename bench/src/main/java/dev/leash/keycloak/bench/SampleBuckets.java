package dev.leash.keycloak.bench;

import java.util.List;
import java.util.stream.Stream;

/**
 * Splits a Leash server's execution samples by what they were spent on. A sample goes to the first
 * bucket with a frame on its stack, in the order below: the drainer's transactions also commit
 * through JTA, and Leash's executors run inside Keycloak's client-policy manager, so the order
 * decides which of them a sample counts for.
 */
final class SampleBuckets {

  /** Keycloak's client-policy manager, which finds, builds and runs the executors per event. */
  static final String POLICY_MANAGER =
      "org.keycloak.services.clientpolicy.DefaultClientPolicyManager.";

  static final String REST = "the rest: Keycloak's own request, Quarkus, the JDK";

  /** A bucket and the prefixes of the frames that put a sample in it. */
  record Bucket(String label, List<String> framePrefixes) {

    boolean holds(String frame) {
      return framePrefixes.stream().anyMatch(frame::startsWith);
    }
  }

  static final List<Bucket> BUCKETS =
      List.of(
          new Bucket(
              "the audit drainer and Leash's other cluster-wide jobs",
              List.of("dev.leash.keycloak.core.ClusterWideRun.")),
          new Bucket(
              "Leash's audit trail in the request: the approval record and its outbox entry",
              List.of("dev.leash.keycloak.core.audit.", "dev.leash.keycloak.audit.")),
          new Bucket(
              "the request's database commit: Hibernate's flush, JDBC, the PostgreSQL driver",
              // Narayana, the JTA implementation of Keycloak 26.7.3.
              List.of(
                  "com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple.commit")),
          new Bucket(
              "Leash's executors, conditions and device grant",
              List.of("dev.leash.keycloak.policies.")),
          new Bucket(
              "Keycloak's client-policy manager, outside Leash's code", List.of(POLICY_MANAGER)),
          new Bucket("other Leash code", List.of("dev.leash.")));

  private SampleBuckets() {}

  /** The label of the bucket a sample with these frames (fully qualified methods) belongs to. */
  static String of(List<String> frames) {
    for (Bucket bucket : BUCKETS) {
      if (frames.stream().anyMatch(bucket::holds)) {
        return bucket.label();
      }
    }
    return REST;
  }

  /** Every label, in the order buckets are tried, the rest last. */
  static List<String> labels() {
    return Stream.concat(BUCKETS.stream().map(Bucket::label), Stream.of(REST)).toList();
  }
}
