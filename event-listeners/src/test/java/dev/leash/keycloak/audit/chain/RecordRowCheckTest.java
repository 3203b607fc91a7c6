package dev.leash.keycloak.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordRowCheckTest {

  @Test
  void rowsHoldingTheirSealedVersionAreIntact() {
    RecordVerification verification =
        RecordRowCheck.verify(
            List.of(sealed(4, "record-1", 2, body("record-1", 2, "approved"))).iterator());

    assertTrue(verification.intact(), verification::toString);
    assertEquals(1, verification.checked());
    assertEquals(1, verification.matched());
    assertNull(verification.first());
  }

  @Test
  void anEditedRowIsNamedWithTheEntryItWasComparedWith() {
    SealedVersion edited =
        withRow(
            sealed(7, "record-2", 3, body("record-2", 3, "approved")),
            3,
            body("record-2", 3, "denied"));

    RecordVerification verification =
        RecordRowCheck.verify(
            List.of(sealed(6, "record-1", 1, body("record-1", 1, "pending")), edited).iterator());

    assertFalse(verification.intact());
    assertEquals(2, verification.checked());
    assertEquals(1, verification.matched());
    assertEquals("record-2", verification.first().recordId());
    assertEquals(7, verification.first().seq());
    assertEquals("entry-7", verification.first().entryId());
    assertEquals("it differs from version 3 as entry 7 sealed it", verification.first().problem());
  }

  @Test
  void theFirstProblemInSequenceOrderIsNamedAndAllAreCounted() {
    RecordVerification verification =
        RecordRowCheck.verify(
            List.of(
                    withRow(sealed(3, "record-1", 1, body("record-1", 1, "pending")), 1, "{}"),
                    withRow(sealed(5, "record-2", 1, body("record-2", 1, "pending")), 1, "{}"))
                .iterator());

    assertEquals(2, verification.checked());
    assertEquals(0, verification.matched());
    assertEquals(3, verification.first().seq());
  }

  @Test
  void aRowSetBackToAnOlderVersionIsNamed() {
    SealedVersion setBack =
        withRow(
            sealed(9, "record-1", 3, body("record-1", 3, "denied")),
            2,
            body("record-1", 2, "approved"));

    assertEquals(
        "it is at version 2, but entry 9 sealed version 3",
        RecordRowCheck.problem(setBack).orElseThrow());
  }

  @Test
  void aColumnTheListFiltersOnChangedAloneIsNamed() {
    SealedVersion sealed = sealed(4, "record-1", 2, body("record-1", 2, "approved"));
    RecordColumns columns = sealed.rowColumns();
    SealedVersion hidden =
        new SealedVersion(
            sealed.seq(),
            sealed.entryId(),
            sealed.recordId(),
            sealed.sealedVersion(),
            sealed.sealedBody(),
            sealed.rowVersion(),
            sealed.rowBody(),
            new RecordColumns(
                columns.kind(),
                columns.clientId(),
                columns.approverId(),
                columns.approverUsername(),
                "expired"));

    assertEquals(
        "its OUTCOME column does not say what its body says",
        RecordRowCheck.problem(hidden).orElseThrow());
  }

  @Test
  void layoutIsNotMeaning() {
    SealedVersion reformatted =
        withRow(
            sealed(2, "record-1", 1, body("record-1", 1, "pending")),
            1,
            "{ \"version\": 1, \"outcome\": \"pending\", \"record_id\": \"record-1\" }");

    assertTrue(RecordRowCheck.problem(reformatted).isEmpty());
  }

  @Test
  void anEmptiedOrGarbledRowIsAProblemNotAnError() {
    SealedVersion sealed = sealed(2, "record-1", 1, body("record-1", 1, "pending"));

    assertEquals(
        "its BODY column is empty", RecordRowCheck.problem(withRow(sealed, 1, null)).orElseThrow());
    assertTrue(RecordRowCheck.problem(withRow(sealed, 1, "{\"outcome\": ")).isPresent());
    assertTrue(
        RecordRowCheck.problem(
                new SealedVersion(
                    2, "entry-2", "record-1", 1, null, 1, sealed.rowBody(), sealed.rowColumns()))
            .isPresent(),
        "an emptied entry body cannot vouch for the row");
  }

  private static SealedVersion sealed(long seq, String recordId, int version, String body) {
    return new SealedVersion(
        seq,
        "entry-" + seq,
        recordId,
        version,
        body,
        version,
        body,
        RecordColumns.of(ChainedEntry.parseRecord(body)));
  }

  private static SealedVersion withRow(SealedVersion sealed, int rowVersion, String rowBody) {
    return new SealedVersion(
        sealed.seq(),
        sealed.entryId(),
        sealed.recordId(),
        sealed.sealedVersion(),
        sealed.sealedBody(),
        rowVersion,
        rowBody,
        sealed.rowColumns());
  }

  private static String body(String recordId, int version, String outcome) {
    return "{\"outcome\":\""
        + outcome
        + "\",\"record_id\":\""
        + recordId
        + "\",\"version\":"
        + version
        + "}";
  }
}
