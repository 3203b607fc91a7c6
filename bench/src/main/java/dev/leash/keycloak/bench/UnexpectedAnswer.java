package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.OAuthResponse;

/** A request of a scenario ended otherwise than the scenario expects; the round counts it. */
final class UnexpectedAnswer extends RuntimeException {

  UnexpectedAnswer(String what, OAuthResponse answer) {
    super(
        what
            + " answered HTTP "
            + answer.status()
            + (answer.error() == null
                ? ""
                : " " + answer.error() + " (" + answer.errorDescription() + ")"));
  }

  UnexpectedAnswer(String what) {
    super(what);
  }

  /** Nobody needs where the scenario noticed it. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
