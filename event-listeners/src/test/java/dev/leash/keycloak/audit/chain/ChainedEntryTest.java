package dev.leash.keycloak.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChainedEntryTest {

  @Test
  void aReceiverCanCheckTheHashWithAnyJsonLibraryThatSortsKeys() throws Exception {
    ObjectNode record =
        JsonNodeFactory.instance.objectNode().put("record_id", "r-1").put("purpose", "déploiement");
    ChainedEntry entry =
        ChainedEntry.seal("realm-1", 1, "e-1", 1_800_000_000L, ChainedEntry.GENESIS, record);

    // As docs/audit-format.md tells receivers: drop "hash", write compactly with sorted keys.
    ObjectMapper receiver =
        new ObjectMapper().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);
    ObjectNode line = (ObjectNode) receiver.readTree(entry.toJsonLine());
    JsonNode claimed = line.remove("hash");
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest(receiver.writeValueAsString(line).getBytes(StandardCharsets.UTF_8));

    assertEquals(claimed.asText(), HexFormat.of().formatHex(digest));
    assertEquals("2027-01-15T08:00:00Z", line.path("sealed_at").asText());
    assertEquals("leash.audit-entry/1", line.path("schema").asText());
  }

  @Test
  void theLineIsTheCanonicalFormOfTheEnvelopeWhetherSealedOrReadBack() throws Exception {
    ObjectNode record =
        JsonNodeFactory.instance
            .objectNode()
            .put("zeta", "line\nbreak \"quoted\" \u0001")
            .put("alpha", 7)
            .put("😀", "ﬁ");
    record.putObject("nested").put("b", true).putNull("a");
    ChainedEntry sealed =
        ChainedEntry.seal("realm \"1\"", 42, "e\\1", 1_800_000_000L, ChainedEntry.GENESIS, record);
    ChainedEntry readBack =
        new ChainedEntry(
            sealed.realmId(),
            sealed.seq(),
            sealed.entryId(),
            sealed.sealedAt(),
            sealed.prevHash(),
            sealed.hash(),
            ChainedEntry.parseRecord(CanonicalJson.write(record)));

    assertEquals(CanonicalJson.write(sealed.toJson()), sealed.toJsonLine());
    assertEquals(sealed.toJsonLine(), readBack.toJsonLine());
    assertEquals(sealed.hash(), readBack.recomputedHash());
  }
}
