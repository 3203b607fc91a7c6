package dev.leash.keycloak.authenticators.approval;

import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * What the approval screen asks of the person besides Approve, from the execution's configuration.
 *
 * @param requireCodeSuffix type the last characters of the code the device shows
 * @param requireJustification write why the agent needs this access (kept for the audit trail)
 * @param twoPersonScopes scopes whose approval needs a second, different person
 */
record ApprovalOptions(
    boolean requireCodeSuffix, boolean requireJustification, Set<String> twoPersonScopes) {

  static final String REQUIRE_CODE_SUFFIX = "require-code-suffix";
  static final String REQUIRE_JUSTIFICATION = "require-justification";
  static final String TWO_PERSON_SCOPES = "two-person-scopes";

  ApprovalOptions {
    twoPersonScopes = Set.copyOf(twoPersonScopes);
  }

  static ApprovalOptions from(AuthenticatorConfigModel config) {
    if (config == null || config.getConfig() == null) {
      return new ApprovalOptions(false, false, Set.of());
    }
    String twoPerson = config.getConfig().get(TWO_PERSON_SCOPES);
    return new ApprovalOptions(
        Boolean.parseBoolean(config.getConfig().get(REQUIRE_CODE_SUFFIX)),
        Boolean.parseBoolean(config.getConfig().get(REQUIRE_JUSTIFICATION)),
        twoPerson == null || twoPerson.isBlank()
            ? Set.of()
            : Set.copyOf(Arrays.asList(twoPerson.trim().split("\\s*##\\s*"))));
  }

  /** Whether approving a grant of {@code scopes} needs two people. */
  boolean needsTwoPersons(Collection<String> scopes) {
    return scopes.stream().anyMatch(twoPersonScopes::contains);
  }
}
