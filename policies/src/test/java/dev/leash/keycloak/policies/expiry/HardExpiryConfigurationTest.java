package dev.leash.keycloak.policies.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HardExpiryConfigurationTest {

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void absentSettingsTakeTheSecureDefaults() throws Exception {
    HardExpiryPolicy policy = json.readValue("{}", HardExpiryConfiguration.class).toPolicy();
    assertEquals(new HardExpiryPolicy(600, 900, false, false, 300, 10), policy);
  }

  @Test
  void readsTheConsoleFormWhereNumbersArriveAsStrings() throws Exception {
    HardExpiryConfiguration configuration =
        json.readValue(
            """
            {"device-code-lifetime-cap": "120", "approval-window": 60,
             "refresh-tokens-allowed": "true", "offline-access-allowed": false,
             "access-token-lifetime-cap": "30", "poll-abuse-limit": "4"}
            """,
            HardExpiryConfiguration.class);
    assertTrue(configuration.validateConfig());
    assertEquals(new HardExpiryPolicy(120, 60, true, false, 30, 4), configuration.toPolicy());
  }

  @Test
  void refusesZeroAndNegativeNumbers() throws Exception {
    assertFalse(
        json.readValue("{\"approval-window\": 0}", HardExpiryConfiguration.class).validateConfig());
    assertFalse(
        json.readValue("{\"poll-abuse-limit\": -3}", HardExpiryConfiguration.class)
            .validateConfig());
  }
}
