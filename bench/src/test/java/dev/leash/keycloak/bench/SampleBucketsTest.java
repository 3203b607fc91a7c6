package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBucketsTest {

  private static final String DRAINER = SampleBuckets.BUCKETS.get(0).label();
  private static final String AUDIT = SampleBuckets.BUCKETS.get(1).label();
  private static final String COMMIT = SampleBuckets.BUCKETS.get(2).label();
  private static final String EXECUTORS = SampleBuckets.BUCKETS.get(3).label();
  private static final String POLICY_MANAGER = SampleBuckets.BUCKETS.get(4).label();

  @Test
  void countsTheDrainersCommitForTheDrainer() {
    assertEquals(
        DRAINER,
        SampleBuckets.of(
            List.of(
                "org.hibernate.internal.SessionImpl.managedFlush",
                "com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple"
                    + ".commitAndDisassociate",
                "dev.leash.keycloak.audit.AuditDrainer.run",
                "dev.leash.keycloak.core.ClusterWideRun.run")));
  }

  @Test
  void countsTheRequestsCommitApartFromBuildingTheRecord() {
    assertEquals(
        COMMIT,
        SampleBuckets.of(
            List.of(
                "org.hibernate.internal.SessionImpl.managedFlush",
                "com.arjuna.ats.internal.jta.transaction.arjunacore.TransactionImple"
                    + ".commitAndDisassociate",
                "org.keycloak.services.DefaultKeycloakTransactionManager.commit")));
    assertEquals(
        AUDIT,
        SampleBuckets.of(
            List.of(
                "dev.leash.keycloak.audit.store.RecordKeeper.create",
                "dev.leash.keycloak.core.audit.DeviceRequestAudit$1.commitImpl",
                "org.keycloak.services.DefaultKeycloakTransactionManager.commit")));
  }

  @Test
  void countsExecutorsForLeashAndTheManagersOwnWorkForKeycloak() {
    assertEquals(
        EXECUTORS,
        SampleBuckets.of(
            List.of(
                "dev.leash.keycloak.policies.scopes.ScopeLimitExecutor.executeOnEvent",
                SampleBuckets.POLICY_MANAGER + "execute")));
    assertEquals(
        POLICY_MANAGER,
        SampleBuckets.of(
            List.of(
                "com.fasterxml.jackson.databind.ObjectMapper.readValue",
                SampleBuckets.POLICY_MANAGER + "doPolicyOperation")));
  }

  @Test
  void leavesKeycloaksOwnWorkToTheRest() {
    assertEquals(
        SampleBuckets.REST,
        SampleBuckets.of(List.of("org.keycloak.protocol.oidc.grants.device.DeviceEndpoint.x")));
    assertEquals(SampleBuckets.BUCKETS.size() + 1, SampleBuckets.labels().size());
  }
}
