package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Leash's audit tables opened over JDBC next to the running Keycloak, as a database administrator
 * would: reads an entry's columns or a record row, changes them, and puts them back.
 */
final class AuditTables {

  /** An entry's columns as stored. */
  record Entry(
      String id,
      String realmId,
      String recordId,
      int recordVersion,
      long queuedAt,
      String body,
      Long seq,
      Long sealedAt,
      String prevHash,
      String hash) {}

  /** A record row's version and body as stored. */
  record RecordRow(String id, int version, String body) {}

  private final Connection db;
  private final String realmId;

  AuditTables(Connection db, String realmId) {
    this.db = db;
    this.realmId = realmId;
  }

  Entry entry(long seq) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "select ID, REALM_ID, RECORD_ID, RECORD_VERSION, QUEUED_AT, BODY, SEQ, SEALED_AT,"
                + " PREV_HASH, HASH from LEASH_AUDIT_ENTRY where REALM_ID = ? and SEQ = ?")) {
      select.setString(1, realmId);
      select.setLong(2, seq);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new AssertionError("No entry " + seq);
        }
        return new Entry(
            row.getString(1),
            row.getString(2),
            row.getString(3),
            row.getInt(4),
            row.getLong(5),
            row.getString(6),
            row.getLong(7),
            row.getLong(8),
            row.getString(9),
            row.getString(10));
      }
    }
  }

  /** The realm's chain head row: its LAST_SEQ and LAST_HASH. */
  String[] chainHead() throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "select LAST_SEQ, LAST_HASH from LEASH_AUDIT_CHAIN where REALM_ID = ?")) {
      select.setString(1, realmId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new AssertionError("No chain head");
        }
        return new String[] {Long.toString(row.getLong(1)), row.getString(2)};
      }
    }
  }

  void deleteChainHead() throws SQLException {
    try (PreparedStatement delete =
        db.prepareStatement("delete from LEASH_AUDIT_CHAIN where REALM_ID = ?")) {
      delete.setString(1, realmId);
      assertEquals(1, delete.executeUpdate());
    }
  }

  void restoreChainHead(String[] head) throws SQLException {
    try (PreparedStatement insert =
        db.prepareStatement(
            "insert into LEASH_AUDIT_CHAIN (REALM_ID, LAST_SEQ, LAST_HASH) values (?, ?, ?)")) {
      insert.setString(1, realmId);
      insert.setLong(2, Long.parseLong(head[0]));
      insert.setString(3, head[1]);
      assertEquals(1, insert.executeUpdate());
    }
  }

  /** Whether the entry with id {@code id} is stored. */
  boolean exists(String id) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement("select 1 from LEASH_AUDIT_ENTRY where ID = ?")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Runs {@code sql} (one {@code ?}: the entry's id) on entry {@code entry}. */
  void change(Entry entry, String sql) throws SQLException {
    try (PreparedStatement change = db.prepareStatement(sql)) {
      change.setString(1, entry.id());
      assertEquals(1, change.executeUpdate(), sql);
    }
  }

  void delete(Entry entry) throws SQLException {
    change(entry, "delete from LEASH_AUDIT_ENTRY where ID = ?");
  }

  /** Writes {@code entries} back as they were, inserting those that were deleted. */
  void restore(Entry... entries) throws SQLException {
    for (Entry entry : entries) {
      try (PreparedStatement delete =
          db.prepareStatement("delete from LEASH_AUDIT_ENTRY where ID = ?")) {
        delete.setString(1, entry.id());
        delete.executeUpdate();
      }
    }
    for (Entry entry : entries) {
      insert(entry);
    }
  }

  private void insert(Entry entry) throws SQLException {
    try (PreparedStatement insert =
        db.prepareStatement(
            "insert into LEASH_AUDIT_ENTRY (ID, REALM_ID, RECORD_ID, RECORD_VERSION, QUEUED_AT,"
                + " BODY, SEQ, SEALED_AT, PREV_HASH, HASH) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, entry.id());
      insert.setString(2, entry.realmId());
      insert.setString(3, entry.recordId());
      insert.setInt(4, entry.recordVersion());
      insert.setLong(5, entry.queuedAt());
      insert.setString(6, entry.body());
      setLong(insert, 7, entry.seq());
      setLong(insert, 8, entry.sealedAt());
      insert.setString(9, entry.prevHash());
      insert.setString(10, entry.hash());
      insert.executeUpdate();
    }
  }

  /** The row of record {@code recordId}: its version and body. */
  RecordRow record(String recordId) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "select RECORD_VERSION, BODY from LEASH_AUDIT_RECORD where REALM_ID = ? and ID = ?")) {
      select.setString(1, realmId);
      select.setString(2, recordId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new AssertionError("No record " + recordId);
        }
        return new RecordRow(recordId, row.getInt(1), row.getString(2));
      }
    }
  }

  /**
   * The refused device requests of {@code clientId} with {@code error} that this realm's tallies
   * count, over all their windows.
   */
  long refusalsTallied(String clientId, String error) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "select BODY from LEASH_AUDIT_RECORD where REALM_ID = ? and CLIENT_ID = ?"
                + " and KIND = 'refused_device_requests'")) {
      select.setString(1, realmId);
      select.setString(2, clientId);
      long count = 0;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          JsonNode refusal = Json.parse(rows.getString(1)).path("refusal");
          if (error.equals(refusal.path("error").asText())) {
            count += refusal.path("count").asLong();
          }
        }
      }
      return count;
    }
  }

  /**
   * The value of {@code column} (a name of this test's choosing) in the row of {@code recordId}.
   */
  String recordColumn(String recordId, String column) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "select " + column + " from LEASH_AUDIT_RECORD where REALM_ID = ? and ID = ?")) {
      select.setString(1, realmId);
      select.setString(2, recordId);
      try (ResultSet row = select.executeQuery()) {
        assertTrue(row.next(), "No record " + recordId);
        return row.getString(1);
      }
    }
  }

  /** Writes {@code value} into {@code column} (a name of this test's choosing) of a record row. */
  void setRecordColumn(String recordId, String column, String value) throws SQLException {
    try (PreparedStatement update =
        db.prepareStatement(
            "update LEASH_AUDIT_RECORD set " + column + " = ? where REALM_ID = ? and ID = ?")) {
      update.setString(1, value);
      update.setString(2, realmId);
      update.setString(3, recordId);
      assertEquals(1, update.executeUpdate());
    }
  }

  /** Deletes the record rows whose body holds {@code text}; their bodies. */
  List<String> deleteRecordsHolding(String text) throws SQLException {
    List<String> ids = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    try (PreparedStatement select =
        db.prepareStatement("select ID, BODY from LEASH_AUDIT_RECORD where REALM_ID = ?")) {
      select.setString(1, realmId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(2).contains(text)) {
            ids.add(rows.getString(1));
            bodies.add(rows.getString(2));
          }
        }
      }
    }
    for (String id : ids) {
      try (PreparedStatement delete =
          db.prepareStatement("delete from LEASH_AUDIT_RECORD where REALM_ID = ? and ID = ?")) {
        delete.setString(1, realmId);
        delete.setString(2, id);
        assertEquals(1, delete.executeUpdate());
      }
    }
    return bodies;
  }

  /** Writes {@code body} into the row of record {@code recordId}, its other columns unchanged. */
  void setRecordBody(String recordId, String body) throws SQLException {
    try (PreparedStatement update =
        db.prepareStatement(
            "update LEASH_AUDIT_RECORD set BODY = ? where REALM_ID = ? and ID = ?")) {
      update.setString(1, body);
      update.setString(2, realmId);
      update.setString(3, recordId);
      assertEquals(1, update.executeUpdate());
    }
  }

  /** Swaps the sequence numbers of two entries, as if they had been sealed the other way round. */
  void swapSeqs(Entry first, Entry second) throws SQLException {
    setSeq(first, -first.seq());
    setSeq(second, first.seq());
    setSeq(first, second.seq());
  }

  /** The checkpoint of entry {@code seq}: its JWS and entry hash. */
  String[] checkpoint(long seq) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "select JWS, ENTRY_HASH from LEASH_AUDIT_CHECKPOINT where REALM_ID = ? and SEQ = ?")) {
      select.setString(1, realmId);
      select.setLong(2, seq);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new AssertionError("No checkpoint " + seq);
        }
        return new String[] {row.getString(1), row.getString(2)};
      }
    }
  }

  void setCheckpoint(long seq, String jws, String entryHash) throws SQLException {
    try (PreparedStatement update =
        db.prepareStatement(
            "update LEASH_AUDIT_CHECKPOINT set JWS = ?, ENTRY_HASH = ?"
                + " where REALM_ID = ? and SEQ = ?")) {
      update.setString(1, jws);
      update.setString(2, entryHash);
      update.setString(3, realmId);
      update.setLong(4, seq);
      assertEquals(1, update.executeUpdate());
    }
  }

  /**
   * The realm's retention mark row, if any: its THROUGH_SEQ, MARKED_AT, KID and JWS; {@code null}
   * when there is none.
   */
  String[] retentionMark() throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "select THROUGH_SEQ, MARKED_AT, KID, JWS from LEASH_AUDIT_RETENTION_MARK"
                + " where REALM_ID = ?")) {
      select.setString(1, realmId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        return new String[] {
          Long.toString(row.getLong(1)),
          Long.toString(row.getLong(2)),
          row.getString(3),
          row.getString(4)
        };
      }
    }
  }

  /** Writes the realm's retention mark row, in place of the one there (if any). */
  void setRetentionMark(String[] mark) throws SQLException {
    deleteRetentionMark();
    try (PreparedStatement insert =
        db.prepareStatement(
            "insert into LEASH_AUDIT_RETENTION_MARK (REALM_ID, THROUGH_SEQ, MARKED_AT, KID, JWS)"
                + " values (?, ?, ?, ?, ?)")) {
      insert.setString(1, realmId);
      insert.setLong(2, Long.parseLong(mark[0]));
      insert.setLong(3, Long.parseLong(mark[1]));
      insert.setString(4, mark[2]);
      insert.setString(5, mark[3]);
      assertEquals(1, insert.executeUpdate());
    }
  }

  void deleteRetentionMark() throws SQLException {
    try (PreparedStatement delete =
        db.prepareStatement("delete from LEASH_AUDIT_RETENTION_MARK where REALM_ID = ?")) {
      delete.setString(1, realmId);
      delete.executeUpdate();
    }
  }

  private void setSeq(Entry entry, long seq) throws SQLException {
    try (PreparedStatement update =
        db.prepareStatement("update LEASH_AUDIT_ENTRY set SEQ = ? where ID = ?")) {
      update.setLong(1, seq);
      update.setString(2, entry.id());
      assertEquals(1, update.executeUpdate());
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
