package dev.leash.keycloak.testsupport;

/** A realm user as a person at a browser: credentials and, if enrolled, an authenticator app. */
public record TestUser(String username, String password, Totp authenticator) {

  public static TestUser withPassword(String username, String password) {
    return new TestUser(username, password, null);
  }

  public static TestUser withTotp(String username, String password, String base32Secret) {
    return new TestUser(username, password, new Totp(base32Secret));
  }
}
