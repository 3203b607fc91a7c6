package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.core.LeashClock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code leash-device-approval}: the device-grant approval screen, for authentication flows. */
public class DeviceApprovalAuthenticatorFactory implements AuthenticatorFactory {

  public static final String PROVIDER_ID = "leash-device-approval";

  private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
    AuthenticationExecutionModel.Requirement.REQUIRED,
    AuthenticationExecutionModel.Requirement.DISABLED
  };

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
        + " device (address, time, user agent, binding) apart from what the device claims about"
        + " itself, with Approve and Deny. Place it REQUIRED at the top level of the flow, after"
        + " sign-in. Does nothing outside device approvals.";
  }

  @Override
  public boolean isConfigurable() {
    return false;
  }

  @Override
  public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
    return REQUIREMENTS;
  }

  @Override
  public boolean isUserSetupAllowed() {
    return false;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}
}
