package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.authenticators.LeashAuthenticatorFactory;
import dev.leash.keycloak.core.ApprovalFlow;
import dev.leash.keycloak.core.LeashClock;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code leash-device-approval}: the device-grant approval screen, for authentication flows. */
public class DeviceApprovalAuthenticatorFactory extends LeashAuthenticatorFactory {

  public static final String PROVIDER_ID = ApprovalFlow.SCREEN_ID;

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(ApprovalOptions.REQUIRE_CODE_SUFFIX)
          .label("Require code suffix")
          .helpText(
              "Ask the approver to type the last "
                  + ApprovalAnswer.SUFFIX_LENGTH
                  + " characters of the code the device shows, so nobody approves a link without"
                  + " looking at the device. "
                  + DeviceApprovalAuthenticator.MAX_SUFFIX_MISTAKES
                  + " wrong answers deny the code.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(false)
          .add()
          .property()
          .name(ApprovalOptions.REQUIRE_JUSTIFICATION)
          .label("Require justification")
          .helpText(
              "Ask the approver why the agent needs this access (up to "
                  + ApprovalAnswer.MAX_JUSTIFICATION_LENGTH
                  + " characters); it is kept on the agent's session for the audit trail.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(false)
          .add()
          .property()
          .name(ApprovalOptions.TWO_PERSON_SCOPES)
          .label("Two-person scopes")
          .helpText(
              "A grant of any of these scopes (asked for, or a default scope of the agent) needs"
                  + " two different people to approve it, each from their own session: the first"
                  + " approval leaves the code pending until the second.")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .build();

  @Override
  public Authenticator create(KeycloakSession session) {
    return new DeviceApprovalAuthenticator(LeashClock.KEYCLOAK);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Leash device approval";
  }

  @Override
  public String getReferenceCategory() {
    return "leash-device-approval";
  }

  @Override
  public String getHelpText() {
    return "Shows the person approving a device code what the server verified about the requesting"
        + " device (address, time, binding) apart from what the device claims about"
        + " itself, with Approve and Deny. Place it REQUIRED at the top level of the flow, after"
        + " sign-in. Does nothing outside device approvals.";
  }

  @Override
  public boolean isConfigurable() {
    return true;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }
}
