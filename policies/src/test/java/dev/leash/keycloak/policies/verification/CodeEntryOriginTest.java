package dev.leash.keycloak.policies.verification;

import static dev.leash.keycloak.policies.verification.CodeEntryOrigin.PERSON;
import static dev.leash.keycloak.policies.verification.CodeEntryOrigin.SUBRESOURCE;
import static dev.leash.keycloak.policies.verification.CodeEntryOrigin.UNCONFIRMED_NAVIGATION;
import static dev.leash.keycloak.policies.verification.CodeEntryOrigin.of;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CodeEntryOriginTest {

  @Test
  void aLinkOpenedFromATerminalOrTypedInIsAPerson() {
    assertEquals(PERSON, of("document", "none", "?1"));
    assertEquals(PERSON, of("document", "none", null));
  }

  @Test
  void aLinkClickedOnAnotherSiteInAChromiumOrFirefoxBrowserIsAPerson() {
    assertEquals(PERSON, of("document", "cross-site", "?1"));
    assertEquals(PERSON, of("document", "same-site", "?1"));
  }

  @Test
  void theDevicePagesOwnFormIsAPerson() {
    assertEquals(PERSON, of("document", "same-origin", null));
  }

  @Test
  void requestsWithoutFetchMetadataAreJudgedAsBefore() {
    assertEquals(PERSON, of(null, null, null));
  }

  @Test
  void hiddenImagesFramesAndFetchesAreSubresources() {
    assertEquals(SUBRESOURCE, of("image", "cross-site", null));
    assertEquals(SUBRESOURCE, of("iframe", "cross-site", null));
    assertEquals(SUBRESOURCE, of("empty", "cross-site", null));
    assertEquals(SUBRESOURCE, of("script", "same-origin", null));
  }

  /** Another page moving a window, or a click in Safari, which sends no Sec-Fetch-User. */
  @Test
  void aNavigationFromAnotherPageWithoutAClickIsToBeConfirmed() {
    assertEquals(UNCONFIRMED_NAVIGATION, of("document", "cross-site", null));
    assertEquals(UNCONFIRMED_NAVIGATION, of("document", "same-site", null));
  }
}
