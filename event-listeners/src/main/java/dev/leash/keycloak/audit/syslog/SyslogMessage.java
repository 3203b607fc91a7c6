package dev.leash.keycloak.audit.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.chain.EpochSeconds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One chain entry as an RFC 5424 syslog message in an RFC 6587 octet-counted frame: {@code <length>
 * <PRI>1 <time> <host> leash - <MSGID> [leash@32473 realm_id=".." ...] BOM<body>}.
 *
 * <ul>
 *   <li>PRI is the facility times 8 plus a severity that follows the outcome ({@link
 *       SyslogSeverity});
 *   <li>TIMESTAMP is the record's {@code updated_at} (when it happened), else the sealing time;
 *   <li>MSGID is the record's outcome ({@code approved}, {@code denied}, ...);
 *   <li>the structured data element names the entry (realm, sequence number, ids, hash), so a
 *       collector can deduplicate and order without parsing the body;
 *   <li>MSG is the body (the entry's JSON line, or its OCSF event) in UTF-8 behind a BOM.
 * </ul>
 *
 * The SD-ID is {@code leash@32473}: 32473 is the private enterprise number RFC 5612 reserves for
 * documentation, used until Leash has one of its own.
 */
final class SyslogMessage {

  static final String APP_NAME = "leash";
  static final String SD_ID = "leash@32473";
  static final int MAX_HOSTNAME = 255;

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private SyslogMessage() {}

  /** The frame that carries {@code entry} with {@code body} as its message. */
  static byte[] frame(ChainedEntry entry, String body, int facility, String hostname) {
    JsonNode record = entry.record();
    String outcome = record.path("outcome").asText("");
    StringBuilder header = new StringBuilder();
    header
        .append('<')
        .append(facility * 8 + SyslogSeverity.of(record))
        .append(">1 ")
        .append(timestamp(entry))
        .append(' ')
        .append(headerField(hostname, MAX_HOSTNAME))
        .append(' ')
        .append(APP_NAME)
        .append(" - ")
        .append(headerField(outcome.isEmpty() ? "record" : outcome, 32))
        .append(" [")
        .append(SD_ID);
    param(header, "realm_id", entry.realmId());
    if (record.path("realm").isTextual()) {
      param(header, "realm", record.path("realm").textValue());
    }
    param(header, "seq", Long.toString(entry.seq()));
    param(header, "entry_id", entry.entryId());
    if (record.path("record_id").isTextual()) {
      param(header, "record_id", record.path("record_id").textValue());
    }
    param(header, "hash", entry.hash());
    header.append("] ");
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(header.toString().getBytes(StandardCharsets.UTF_8));
    message.writeBytes(BOM);
    message.writeBytes(body.getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.writeBytes((message.size() + " ").getBytes(StandardCharsets.US_ASCII));
    frame.writeBytes(message.toByteArray());
    return frame.toByteArray();
  }

  private static String timestamp(ChainedEntry entry) {
    JsonNode updatedAt = entry.record().path("updated_at");
    if (updatedAt.isTextual()) {
      try {
        return Instant.parse(updatedAt.textValue()).toString();
      } catch (DateTimeParseException notATime) {
        // Fall back to the sealing time below.
      }
    }
    return EpochSeconds.text(entry.sealedAt());
  }

  /** A header field: printable US-ASCII without spaces, cut to {@code max}; {@code -} if empty. */
  static String headerField(String value, int max) {
    StringBuilder out = new StringBuilder();
    for (char c : (value == null ? "" : value).toCharArray()) {
      if (out.length() == max) {
        break;
      }
      out.append(c > 32 && c < 127 ? c : '_');
    }
    return out.length() == 0 ? "-" : out.toString();
  }

  /** Appends {@code name="value"} with {@code "}, {@code \} and {@code ]} escaped (§6.3.3). */
  private static void param(StringBuilder out, String name, String value) {
    out.append(' ').append(name).append("=\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\' || c == ']') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }
}
