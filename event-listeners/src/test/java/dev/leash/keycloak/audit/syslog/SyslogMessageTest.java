package dev.leash.keycloak.audit.syslog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogMessageTest {

  private static final String HASH_OF_PREV = "0".repeat(64);

  @Test
  void anEntryIsAnOctetCountedRfc5424MessageWithItsIdsAsStructuredData() {
    ChainedEntry entry = entry("approved", "dem\"o]\\realm");

    byte[] frame = SyslogMessage.frame(entry, "{\"x\":1}", Facility.AUTHPRIV, "kc-1.example.com");

    String header =
        "<85>1 2026-11-23T06:39:21Z kc-1.example.com leash - approved [leash@32473"
            + " realm_id=\"11ac9b85\" realm=\"dem\\\"o\\]\\\\realm\" seq=\"5\""
            + " entry_id=\"67e0d240\" record_id=\"a81fe456\" hash=\""
            + entry.hash()
            + "\"] ";
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    message.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    message.writeBytes("{\"x\":1}".getBytes(StandardCharsets.UTF_8));
    byte[] expected =
        concat((message.size() + " ").getBytes(StandardCharsets.US_ASCII), message.toByteArray());
    assertArrayEquals(expected, frame, new String(frame, StandardCharsets.UTF_8));
    assertEquals("250 <85>1 ", new String(frame, 0, 10, StandardCharsets.US_ASCII));
  }

  @Test
  void theLengthCountsBytesNotCharacters() {
    byte[] frame =
        SyslogMessage.frame(entry("pending", "r"), "\u00e9\u20ac", Facility.AUTHPRIV, "h");

    String text = new String(frame, StandardCharsets.UTF_8);
    int space = text.indexOf(' ');
    assertEquals(frame.length - space - 1, Integer.parseInt(text.substring(0, space)));
    assertEquals("<86>1", text.substring(space + 1, space + 6), "authpriv.info for pending");
  }

  @ParameterizedTest
  @CsvSource({
    "kc-1.example.com, 255, kc-1.example.com",
    "'', 255, -",
    "'host name', 255, host_name",
    "abcdef, 3, abc",
    "h\u00f6st, 255, h_st"
  })
  void headerFieldsArePrintableAsciiWithoutSpaces(String value, int max, String expected) {
    assertEquals(expected, SyslogMessage.headerField(value, max));
  }

  @ParameterizedTest
  @CsvSource({"authpriv, 10", "LOCAL0, 16", "local7, 23", "auth, 4", "3, 3", "23, 23"})
  void facilitiesByNameOrNumber(String text, int code) {
    assertEquals(code, Facility.parse(text).orElseThrow());
  }

  @ParameterizedTest
  @CsvSource({"24", "-1", "local8", "''"})
  void unknownFacilitiesAreRefused(String text) {
    assertEquals(java.util.Optional.empty(), Facility.parse(text));
  }

  @ParameterizedTest
  @CsvSource({
    "pending, 6",
    "approved, 5",
    "expired, 5",
    "denied, 4",
    "revoked, 4",
    "refused, 4",
    "'', 6"
  })
  void severityFollowsTheOutcome(String outcome, int severity) {
    assertEquals(severity, SyslogSeverity.of(record(outcome, "r")));
  }

  @Test
  void aPollFromAnotherDeviceIsAWarningWhateverTheOutcome() {
    ObjectNode record = record("approved", "r");
    record.putObject("rejected_polls").putObject("leash_binding_mismatch").put("count", 1);

    assertEquals(SyslogSeverity.WARNING, SyslogSeverity.of(record));
  }

  private static ChainedEntry entry(String outcome, String realm) {
    return ChainedEntry.seal(
        "11ac9b85", 5, "67e0d240", 1_795_415_961L, HASH_OF_PREV, record(outcome, realm));
  }

  private static ObjectNode record(String outcome, String realm) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("record_id", "a81fe456");
    record.put("realm", realm);
    record.put("outcome", outcome);
    record.put("updated_at", "2026-11-23T06:39:21Z");
    return record;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }
}
