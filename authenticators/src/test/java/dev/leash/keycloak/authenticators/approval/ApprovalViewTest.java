package dev.leash.keycloak.authenticators.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalViewTest {

  @Test
  void theCodeIsShownAsTheDeviceShowsIt() {
    assertEquals("BCDFG-HJKLM", view("BCDFG-HJKLM", false).getUserCode());
  }

  /** The person must type the code's end from the device: the screen does not give it away. */
  @Test
  void theEndAPersonMustTypeIsHidden() {
    assertEquals("BCDFG-H\u2022\u2022\u2022\u2022", view("BCDFG-HJKLM", true).getUserCode());
    assertEquals("BCD\u2022-\u2022\u2022\u2022", view("BCDF-GHJ", true).getUserCode());
  }

  @Test
  void noCodeNoLine() {
    assertNull(view(null, true).getUserCode());
  }

  private static ApprovalView view(String userCode, boolean suffixRequired) {
    return new ApprovalView(
        "Agent",
        "agent",
        null,
        userCode,
        null,
        0,
        List.of(),
        60,
        new ApprovalOptions(suffixRequired, false, Set.of()),
        null);
  }
}
