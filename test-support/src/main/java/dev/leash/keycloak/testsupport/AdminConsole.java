package dev.leash.keycloak.testsupport;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Keycloak's admin console (a React single-page app) in Chromium, signed in as the bootstrap admin.
 * Pages are opened by their routes, e.g. {@code authentication} or {@code
 * realm-settings/client-policies/{profile}/edit-profile}; the test then waits for what the page
 * loads.
 */
public final class AdminConsole {

  /** The element the console's pages scroll in. */
  public static final By MAIN = By.id("kc-main-content-page-container");

  private final HeadlessChromium chromium;
  private final String consoleUrl;

  private AdminConsole(HeadlessChromium chromium, String consoleUrl) {
    this.chromium = chromium;
    this.consoleUrl = consoleUrl;
  }

  /** Signs in to the master realm's console as {@code admin}/{@code admin}. */
  public static AdminConsole signIn(HeadlessChromium chromium, KeycloakServer server) {
    String root = Localhost.of(server.baseUri());
    chromium.open(root + "/admin/");
    chromium.fill(By.id("username"), KeycloakServer.ADMIN_USERNAME);
    chromium.fill(By.id("password"), KeycloakServer.ADMIN_PASSWORD);
    chromium.click(By.id("kc-login"));
    chromium.visible(By.id("nav-toggle"));
    return new AdminConsole(chromium, root + "/admin/master/console/");
  }

  /** Opens {@code route} of {@code realm}'s pages and waits until the console shows it. */
  public AdminConsole open(String realm, String route) {
    String url = consoleUrl + "#/" + realm + "/" + route;
    chromium.open(url);
    // A changed fragment alone keeps the realm the console has loaded: reload to switch realms too.
    chromium.driver().navigate().refresh();
    chromium.await(ExpectedConditions.urlToBe(url));
    chromium.visible(MAIN);
    return this;
  }

  /** Grows the window so the current page shows whole, for a screenshot. */
  public AdminConsole showWholePage() {
    chromium.growToShow(MAIN);
    return this;
  }
}
