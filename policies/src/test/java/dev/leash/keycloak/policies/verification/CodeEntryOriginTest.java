package dev.leash.keycloak.policies.verification;

import static dev.leash.keycloak.policies.verification.CodeEntryOrigin.isPersonEnteringACode;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CodeEntryOriginTest {

  @Test
  void aLinkOpenedFromATerminalOrTypedInIsAPerson() {
    assertTrue(isPersonEnteringACode("document", "none", "?1"));
  }

  @Test
  void aLinkClickedOnAnotherSiteIsAPerson() {
    assertTrue(isPersonEnteringACode("document", "cross-site", "?1"));
  }

  @Test
  void theDevicePagesOwnFormIsAPerson() {
    assertTrue(isPersonEnteringACode("document", "same-origin", null));
  }

  @Test
  void requestsWithoutFetchMetadataAreJudgedAsBefore() {
    assertTrue(isPersonEnteringACode(null, null, null));
  }

  @Test
  void hiddenImagesFramesAndFetchesAreNot() {
    assertFalse(isPersonEnteringACode("image", "cross-site", null));
    assertFalse(isPersonEnteringACode("iframe", "cross-site", null));
    assertFalse(isPersonEnteringACode("empty", "cross-site", null));
    assertFalse(isPersonEnteringACode("script", "same-origin", null));
  }

  @Test
  void aCrossSiteNavigationNoOneClickedIsNot() {
    assertFalse(isPersonEnteringACode("document", "cross-site", null));
  }
}
