package dev.leash.keycloak.authenticators.stepup;

import org.keycloak.models.AuthenticatorConfigModel;

/**
 * The settings of one {@code leash-step-up} execution.
 *
 * @param levelOfAuthentication the LoA (and so {@code acr}) a stepped-up approval reaches
 * @param maxAgeSeconds a step-up of the same SSO session at most this old also counts (0: only a
 *     factor used in this approval)
 * @param enrolWithoutSecondFactor a person without a second factor is told to set one up and must
 *     at their next sign-in (otherwise: only refused)
 */
record StepUpSettings(
    int levelOfAuthentication, long maxAgeSeconds, boolean enrolWithoutSecondFactor) {

  static final String LOA = "loa";
  static final String MAX_AGE = "max-age";
  static final String WITHOUT_SECOND_FACTOR = "without-second-factor";
  static final String DENY = "deny";
  static final String ENROL = "enrol";
  static final int DEFAULT_LOA = 2;

  static StepUpSettings from(AuthenticatorConfigModel config) {
    if (config == null || config.getConfig() == null) {
      return new StepUpSettings(DEFAULT_LOA, 0, false);
    }
    return new StepUpSettings(
        (int) number(config.getConfig().get(LOA), DEFAULT_LOA),
        number(config.getConfig().get(MAX_AGE), 0),
        ENROL.equals(config.getConfig().get(WITHOUT_SECOND_FACTOR)));
  }

  private static long number(String value, long fallback) {
    try {
      return value == null || value.isBlank()
          ? fallback
          : Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
