package dev.leash.keycloak.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void sortsMembersAtEveryLevelAndDropsWhitespace() throws Exception {
    String json = "{ \"b\": 1, \"a\": { \"z\": [true, null, \"x\"], \"y\": -7 } }";

    assertEquals(
        "{\"a\":{\"y\":-7,\"z\":[true,null,\"x\"]},\"b\":1}",
        CanonicalJson.write(MAPPER.readTree(json)));
  }

  @Test
  void escapesOnlyWhatJsonRequiresWithLowerCaseHex() throws Exception {
    String json = "{\"s\":\"q\\\" b\\\\ n\\n t\\t \\u001f é € 😀 </script>\"}";

    assertEquals(
        "{\"s\":\"q\\\" b\\\\ n\\n t\\t \\u001f é € 😀 </script>\"}",
        CanonicalJson.write(MAPPER.readTree(json)));
  }

  @Test
  void escapesAtTheEdgesOfAStringAndBetweenPlainRuns() throws Exception {
    String json = "[\"\\n\", \"\\\"a\\\"\", \"ab\\u0000\\u0000cd\\\\\", \"\"]";

    assertEquals(
        "[\"\\n\",\"\\\"a\\\"\",\"ab\\u0000\\u0000cd\\\\\",\"\"]",
        CanonicalJson.write(MAPPER.readTree(json)));
  }

  @Test
  void writesIntegersOfAnySizeExactly() throws Exception {
    String json = "[0,-1,9223372036854775807,-9223372036854775808,123456789012345678901234567890]";

    assertEquals(json, CanonicalJson.write(MAPPER.readTree(json)));
  }

  @Test
  void sortsNamesByUtf16CodeUnitsAsRfc8785Does() throws Exception {
    // U+1F600 sorts after U+FB01 by code point, but its first UTF-16 unit (D83D) sorts before.
    String json = "{\"\\ufb01\":1,\"\\ud83d\\ude00\":2,\"a\":3}";

    assertEquals("{\"a\":3,\"😀\":2,\"ﬁ\":1}", CanonicalJson.write(MAPPER.readTree(json)));
  }

  @Test
  void refusesFractionalNumbers() throws Exception {
    assertThrows(
        IllegalArgumentException.class, () -> CanonicalJson.write(MAPPER.readTree("{\"x\":1.5}")));
  }

  @Test
  void writesAnObjectAroundValuesAlreadyCanonical() throws Exception {
    String record = CanonicalJson.write(MAPPER.readTree("{\"b\":1,\"a\":\"x\"}"));
    Map<String, String> members =
        Map.of("\ufb01", "1", "\ud83d\ude00", CanonicalJson.quote("q\"\n"), "a", record);

    assertEquals(
        "{\"a\":{\"a\":\"x\",\"b\":1},\"😀\":\"q\\\"\\n\",\"ﬁ\":1}",
        CanonicalJson.writeObject(members));
  }
}
