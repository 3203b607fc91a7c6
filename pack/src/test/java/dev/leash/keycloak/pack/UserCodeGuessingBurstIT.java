package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guesses sent all at once cannot outrun the user-code limit: every code is counted before it is
 * looked up, so of a burst of wrong codes from one address exactly the address's 10 attempts are
 * looked up and the rest get the 429 page, however the requests interleave. Its own realm, as the
 * burst leaves the address blocked.
 */
@LeashKeycloakTest
class UserCodeGuessingBurstIT {

  private static final int BURST = 30;
  private static final int ADDRESS_ATTEMPTS = 10;

  /** The server's default counting window (`user-code-window`). */
  private static final long WINDOW_SECONDS = 300;

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  @Test
  void aBurstOfParallelGuessesGetsNoMoreLookupsThanTheLimit(KeycloakServer server)
      throws Exception {
    String devicePage = server.realmUri(DemoRealm.NAME) + "/device?user_code=BCDF-";
    awayFromAWindowEnd();
    List<Page> answers = sendAtOnce(devicePage);

    long refused = answers.stream().filter(page -> page.status() == 429).count();
    for (Page page : answers) {
      assertTrue(
          page.uri().getPath().endsWith("/realms/" + DemoRealm.NAME + "/device"), page::toString);
    }
    assertEquals(
        BURST - ADDRESS_ATTEMPTS,
        refused,
        "of " + BURST + " wrong codes at once, " + ADDRESS_ATTEMPTS + " are looked up");
  }

  /**
   * Each guess in a browser of its own (so only the address limit applies), all released together.
   */
  private static List<Page> sendAtOnce(String devicePage) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(BURST);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Page>> sent = new ArrayList<>();
      for (int guess = 0; guess < BURST; guess++) {
        Browser browser = new Browser();
        String url = devicePage + UserCodeGuessingIT.wrongSuffix(guess);
        sent.add(
            pool.submit(
                () -> {
                  start.await();
                  return browser.open(url);
                }));
      }
      start.countDown();
      List<Page> answers = new ArrayList<>();
      for (Future<Page> answer : sent) {
        answers.add(answer.get());
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Waits out the last seconds of a counting window: a burst split over two windows may take the
   * attempts of both.
   */
  private static void awayFromAWindowEnd() throws InterruptedException {
    long intoWindow = Instant.now().getEpochSecond() % WINDOW_SECONDS;
    if (intoWindow > WINDOW_SECONDS - 15) {
      Thread.sleep((WINDOW_SECONDS - intoWindow + 1) * 1000);
    }
  }
}
