package dev.leash.keycloak.authenticators.approval;

import org.keycloak.models.AuthenticatorConfigModel;

/**
 * What the approval screen asks of the person besides Approve, from the execution's configuration.
 *
 * @param requireCodeSuffix type the last characters of the code the device shows
 * @param requireJustification write why the agent needs this access (kept for the audit trail)
 */
record ApprovalOptions(boolean requireCodeSuffix, boolean requireJustification) {

  static final String REQUIRE_CODE_SUFFIX = "require-code-suffix";
  static final String REQUIRE_JUSTIFICATION = "require-justification";

  static ApprovalOptions from(AuthenticatorConfigModel config) {
    if (config == null || config.getConfig() == null) {
      return new ApprovalOptions(false, false);
    }
    return new ApprovalOptions(
        Boolean.parseBoolean(config.getConfig().get(REQUIRE_CODE_SUFFIX)),
        Boolean.parseBoolean(config.getConfig().get(REQUIRE_JUSTIFICATION)));
  }
}
