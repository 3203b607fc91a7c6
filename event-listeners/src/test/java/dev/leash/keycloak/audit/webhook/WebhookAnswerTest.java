package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookAnswerTest {

  @ParameterizedTest
  @CsvSource({
    "200, DELIVERED",
    "202, DELIVERED",
    "204, DELIVERED",
    "400, REFUSED",
    "413, REFUSED",
    "415, REFUSED",
    "422, REFUSED",
    "301, FAILED",
    "302, FAILED",
    "401, FAILED",
    "403, FAILED",
    "404, FAILED",
    "408, FAILED",
    "409, FAILED",
    "429, FAILED",
    "500, FAILED",
    "503, FAILED",
    "100, FAILED"
  })
  void onlyRefusalsOfTheEntryItselfAreFinal(int status, WebhookAnswer answer) {
    assertEquals(answer, WebhookAnswer.of(status));
  }
}
