package dev.leash.keycloak.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.audit.record.ApprovalRecord.Approval;
import dev.leash.keycloak.audit.record.ApprovalRecord.Person;
import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.DeviceContext;
import dev.leash.keycloak.core.audit.AuditFact;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalRecordTest {

  private static final long T0 = 1_800_000_000L;
  private static final Person ALICE = new Person("u-1", "alice");

  @Test
  void aGrantFromRequestToTokens() {
    ApprovalRecord record = requested();
    assertEquals(Outcome.PENDING, record.outcome());
    assertEquals(T0 + 600, record.openUntil());

    Approval approval = new Approval(ALICE, T0 + 30, "198.51.100.4", "ticket 42", "otp", null);
    assertEquals(Change.SIGNIFICANT, record.approved(approval));
    assertEquals(
        Change.SIGNIFICANT,
        record.tokensIssued(
            new AuditFact.TokensIssued(
                "a-1", "u-1", "jti-1", "openid", "2", T0 + 40, T0 + 340, false)));

    JsonNode json = record.snapshot();
    assertEquals("approved", json.path("outcome").asText());
    assertEquals("alice", json.at("/decision/approver/username").asText());
    assertEquals("otp", json.at("/decision/step_up_factor").asText());
    assertEquals("ticket 42", json.at("/decision/justification").asText());
    assertEquals("jti-1", json.at("/tokens/0/jti").asText());
    assertEquals("2", json.at("/tokens/0/acr").asText());
    assertEquals("2027-01-15T08:05:40Z", json.at("/tokens/0/expires_at").asText());
    assertEquals("build-bot", json.at("/device/claimed/agent_name").asText());
    assertEquals("dpop", json.at("/device/verified/binding").asText());
    assertNull(record.openUntil(), "a grant with tokens can no longer expire");
    assertEquals("alice", record.columns().approverUsername());
  }

  @Test
  void theSameFactTwiceChangesNothing() {
    ApprovalRecord record = requested();
    AuditFact.TokensIssued tokens =
        new AuditFact.TokensIssued("a-1", "u-1", "jti-1", "openid", null, T0, T0 + 60, false);
    record.tokensIssued(tokens);

    assertEquals(Change.NONE, record.tokensIssued(tokens));
    assertEquals(Change.NONE, record.requested(fact(), "again"));
    assertEquals(1, record.snapshot().path("tokens").size());
  }

  @Test
  void rejectedPollsAreCountedNotListed() {
    ApprovalRecord record = requested();

    assertEquals(Change.SIGNIFICANT, record.pollRejected("leash_binding_mismatch", T0 + 1, false));
    for (int poll = 2; poll <= 1000; poll++) {
      assertEquals(Change.COUNTED, record.pollRejected("leash_binding_mismatch", T0 + poll, false));
    }

    JsonNode tally = record.snapshot().at("/rejected_polls/leash_binding_mismatch");
    assertEquals(1000, tally.path("count").asInt());
    assertEquals("2027-01-15T08:00:01Z", tally.path("first_at").asText());
    assertEquals("2027-01-15T08:16:40Z", tally.path("last_at").asText());
  }

  @Test
  void reasonsBeyondTheLimitShareOneTally() {
    ApprovalRecord record = requested();
    for (int reason = 0; reason < ApprovalRecord.MAX_REASONS + 5; reason++) {
      record.pollRejected("error_" + reason, T0, false);
    }

    JsonNode polls = record.snapshot().path("rejected_polls");
    assertEquals(ApprovalRecord.MAX_REASONS + 1, polls.size());
    assertEquals(5, polls.at("/other/count").asInt());
  }

  @Test
  void aPollAfterTheDeadlineEndsAnUnusedGrant() {
    ApprovalRecord record = requested();

    assertEquals(
        Change.SIGNIFICANT, record.pollRejected("expired_oauth2_device_code", T0 + 700, false));
    assertEquals(
        Change.COUNTED, record.pollRejected("expired_oauth2_device_code", T0 + 710, false));

    assertEquals(Outcome.EXPIRED, record.outcome());
    assertNull(record.openUntil());
  }

  @Test
  void revocationEndsTheGrant() {
    ApprovalRecord record = requested();

    record.pollRejected("leash_device_code_revoked", T0 + 50, false);

    assertEquals(Outcome.REVOKED, record.outcome());
  }

  @Test
  void aPollAnsweredAccessDeniedEndsTheGrantAsDeniedEvenWithoutADecision() {
    ApprovalRecord record = requested();

    assertEquals(Change.SIGNIFICANT, record.pollRejected("access_denied", T0 + 9, false));

    assertEquals(Outcome.DENIED, record.outcome());
    assertEquals(
        Change.SIGNIFICANT,
        record.denied(ALICE, "rejected_by_user", null, T0 + 8),
        "the decision is still recorded when it arrives");
    assertEquals("alice", record.columns().approverUsername());
    assertEquals(Outcome.DENIED, record.outcome());
  }

  @Test
  void theSweepExpiresAtTheDeadlineButNotAfterTokens() {
    ApprovalRecord unused = requested();
    assertEquals(Change.SIGNIFICANT, unused.expireIfUnused(T0 + 900));
    assertEquals("2027-01-15T08:10:00Z", unused.snapshot().path("ended_at").asText());

    ApprovalRecord used = requested();
    used.tokensIssued(
        new AuditFact.TokensIssued("a-1", "u-1", "jti", "openid", null, T0, T0 + 60, false));
    assertEquals(Change.NONE, used.expireIfUnused(T0 + 900));
    assertEquals(Outcome.APPROVED, used.outcome());
  }

  @Test
  void tokensRecordedAfterAnExpiryMeanTheGrantWasUsed() {
    ApprovalRecord record = requested();
    record.expireIfUnused(T0 + 900);
    assertEquals(Outcome.EXPIRED, record.outcome());

    assertEquals(
        Change.SIGNIFICANT,
        record.tokensIssued(
            new AuditFact.TokensIssued(
                "a-1", "u-1", "jti", "openid", null, T0 + 599, T0 + 660, false)));
    assertEquals(Outcome.APPROVED, record.outcome());
    assertTrue(record.snapshot().path("ended_at").isMissingNode());
    assertNull(record.openUntil());
  }

  @Test
  void aDenialIsFinal() {
    ApprovalRecord record = requested();

    assertEquals(
        Change.SIGNIFICANT, record.denied(ALICE, "leash_denied_by_approver", "192.0.2.1", T0 + 5));
    assertEquals(Change.NONE, record.approved(new Approval(ALICE, T0 + 6, null, null, null, null)));
    assertEquals(Change.NONE, record.expireIfUnused(T0 + 900));

    assertEquals(Outcome.DENIED, record.outcome());
    assertEquals("leash_denied_by_approver", record.snapshot().at("/decision/reason").asText());
  }

  @Test
  void refusedApproversAreTalliedWithTheLastOne() {
    ApprovalRecord record = requested();

    assertEquals(
        Change.SIGNIFICANT,
        record.approverRefused(new Person("u-2", "bob"), "leash_approver_not_allowed", T0 + 1));
    assertEquals(
        Change.COUNTED,
        record.approverRefused(new Person("u-3", "eve"), "leash_approver_not_allowed", T0 + 2));

    JsonNode tally = record.snapshot().at("/approver_refusals/leash_approver_not_allowed");
    assertEquals(2, tally.path("count").asInt());
    assertEquals("eve", tally.at("/last_user/username").asText());
    assertEquals(Outcome.PENDING, record.outcome());
  }

  @Test
  void refusedRequestsAreTalliedWithTheFirstDescription() {
    ApprovalRecord tally =
        ApprovalRecord.ofRefusals("r-2", "demo", "agent", null, "invalid_scope", T0, T0 + 3600, T0);

    assertEquals(
        Change.SIGNIFICANT, tally.refused("Scope phone\n is not allowed", "192.0.2.9", T0, false));
    assertEquals(
        Change.COUNTED, tally.refused("Scope email is not allowed", "192.0.2.8", T0 + 9, false));

    JsonNode refusal = tally.snapshot().path("refusal");
    assertEquals(2, refusal.path("count").asInt());
    assertEquals("Scope phone\uFFFD is not allowed", refusal.path("description").asText());
    assertEquals("192.0.2.8", refusal.path("last_ip").asText());
    assertEquals(Outcome.REFUSED, tally.outcome());
    assertNull(tally.openUntil());
  }

  @Test
  void aSampledReportMarksTheCountAsALowerBoundForGood() {
    ApprovalRecord record = requested();
    record.pollRejected("leash_device_code_revoked", T0 + 1, false);
    assertFalse(record.snapshot().at("/rejected_polls/leash_device_code_revoked").has("sampled"));

    assertEquals(Change.COUNTED, record.pollRejected("leash_device_code_revoked", T0 + 60, true));
    record.pollRejected("leash_device_code_revoked", T0 + 61, false);

    JsonNode tally = record.snapshot().at("/rejected_polls/leash_device_code_revoked");
    assertEquals(3, tally.path("count").asInt());
    assertTrue(tally.path("sampled").asBoolean(), tally::toString);
  }

  @Test
  void aSampledRefusalMarksTheTally() {
    ApprovalRecord tally =
        ApprovalRecord.ofRefusals("r-3", "demo", "agent", null, "slow_down", T0, T0 + 3600, T0);
    tally.refused("Too many", "192.0.2.9", T0, false);
    tally.refused("Too many", "192.0.2.9", T0 + 60, true);

    JsonNode refusal = tally.snapshot().path("refusal");
    assertEquals(2, refusal.path("count").asInt());
    assertTrue(refusal.path("sampled").asBoolean(), refusal::toString);
  }

  @Test
  void survivesStorage() {
    ApprovalRecord record = requested();
    record.touch(T0 + 1);

    ApprovalRecord stored = ApprovalRecord.parse(record.toJson());

    assertEquals(record.snapshot(), stored.snapshot());
    assertEquals(1, stored.version());
  }

  @Test
  void overlongDeclaredValuesAreCut() {
    DeviceContext context =
        new DeviceContext(
            "a-1",
            "192.0.2.1",
            "x".repeat(5000),
            T0,
            null,
            BindingMode.IP,
            32,
            Map.of("purpose", "p".repeat(5000)));
    ApprovalRecord record = ApprovalRecord.ofGrant("r-1", "demo", "a-1", T0);
    record.requested(
        new AuditFact.DeviceRequestAccepted(
            "a-1", "agent", List.of("openid"), context, T0, T0 + 60),
        null);

    JsonNode device = record.snapshot().path("device");
    assertEquals(
        ApprovalRecord.MAX_USER_AGENT, device.at("/verified/user_agent").asText().length());
    assertEquals(ApprovalRecord.MAX_TEXT, device.at("/claimed/purpose").asText().length());
  }

  private static ApprovalRecord requested() {
    ApprovalRecord record = ApprovalRecord.ofGrant("r-1", "demo", "a-1", T0);
    assertEquals(Change.SIGNIFICANT, record.requested(fact(), "Build bot"));
    return record;
  }

  private static AuditFact.DeviceRequestAccepted fact() {
    DeviceContext context =
        new DeviceContext(
            "a-1",
            "192.0.2.1",
            "bot/1.0",
            T0,
            "jkt",
            BindingMode.DPOP,
            32,
            Map.of("agent_name", "build-bot"));
    return new AuditFact.DeviceRequestAccepted(
        "a-1", "agent", List.of("openid", "profile"), context, T0, T0 + 600);
  }

  @Test
  void readsTheTimesItWritesAndAnyOtherIsoInstant() {
    for (long second : new long[] {0, 1_796_472_000L, 253_402_300_799L}) {
      assertEquals(second, ApprovalRecord.epochSecond(ApprovalRecord.iso(second)));
    }
    assertEquals(1_796_472_000L, ApprovalRecord.epochSecond("2026-12-05T12:00:00.250Z"));
    assertThrows(
        DateTimeParseException.class, () -> ApprovalRecord.epochSecond("2026-13-05T12:00:00Z"));
    assertThrows(
        DateTimeParseException.class, () -> ApprovalRecord.epochSecond("2026-12-05T12:00:0xZ"));
  }
}
