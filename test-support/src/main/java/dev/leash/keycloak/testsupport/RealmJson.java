package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Edits a realm's JSON representation before import: lifetimes, extra users and clients. */
public final class RealmJson {

  private RealmJson() {}

  /** Sets a realm attribute, e.g. {@code oauth2DevicePollingInterval}. */
  public static void attribute(ObjectNode realm, String name, String value) {
    realm.withObject("/attributes").put(name, value);
  }

  /**
   * Adds {@code person} as an enabled user who signs in with a password only. In the demo realm the
   * user joins {@link DemoRealm#APPROVERS_GROUP}, as test approvers should (the demo's bob plays
   * the outsider).
   */
  public static void addPasswordUser(ObjectNode realm, TestUser person) {
    String username = person.username();
    ObjectNode user = realm.withArray("users").addObject();
    for (JsonNode group : realm.path("groups")) {
      if (DemoRealm.APPROVERS_GROUP.equals(group.path("path").asText())) {
        user.putArray("groups").add(DemoRealm.APPROVERS_GROUP);
      }
    }
    user.put("username", username).put("enabled", true).put("emailVerified", true);
    user.put("email", username + "@example.test");
    user.put("firstName", username).put("lastName", "Test");
    user.putArray("credentials")
        .addObject()
        .put("type", "password")
        .put("value", person.password())
        .put("temporary", false);
  }

  /**
   * Adds an enabled user with a password and a TOTP authenticator (SHA-1, 6 digits, 30 s) whose
   * secret is {@code base32Secret}; each user needs its own secret for codes to be independent.
   */
  public static TestUser addTotpUser(
      ObjectNode realm, String username, String password, String base32Secret) {
    TestUser person = TestUser.withTotp(username, password, base32Secret);
    addPasswordUser(realm, person);
    JsonNode users = realm.path("users");
    ObjectNode otp = ((ArrayNode) users.get(users.size() - 1).path("credentials")).addObject();
    otp.put("type", "otp").put("userLabel", "Test authenticator");
    otp.put("secretData", Json.write(Map.of("value", base32Secret)));
    otp.put(
        "credentialData",
        "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,"
            + "\"algorithm\":\"HmacSHA1\",\"secretEncoding\":\"BASE32\"}");
    return person;
  }

  /**
   * Adds {@code person} as a password user who must register a WebAuthn authenticator at their next
   * sign-in (Keycloak's required action {@code webauthn-register}), e.g. in a browser with a {@link
   * VirtualPlatformAuthenticator}.
   */
  public static void addWebAuthnEnrollingUser(ObjectNode realm, TestUser person) {
    addPasswordUser(realm, person);
    JsonNode users = realm.path("users");
    ((ObjectNode) users.get(users.size() - 1)).putArray("requiredActions").add("webauthn-register");
  }

  /** Adds a client from its fields (e.g. {@code clientId}, {@code secret}, flags). */
  public static ObjectNode addClient(ObjectNode realm, Map<String, Object> fields) {
    ObjectNode client = realm.withArray("clients").addObject();
    fields.forEach((name, value) -> client.set(name, Json.MAPPER.valueToTree(value)));
    return client;
  }

  /**
   * Adds an agent set up as the demo agent is (device grant, Leash's approval flow, the agent
   * claim), as {@code clientId}: its pending codes and request counts are its own.
   */
  public static ObjectNode addAgentLikeTheDemoAgent(ObjectNode realm, String clientId) {
    ObjectNode agent = client(realm, DemoRealm.AGENT_CLIENT_ID).deepCopy();
    agent.put("clientId", clientId);
    realm.withArray("clients").add(agent);
    return agent;
  }

  /**
   * Puts {@code audience} into the {@code aud} of access tokens issued to client {@code clientId}.
   */
  public static void addAudience(ObjectNode realm, String clientId, String audience) {
    ObjectNode mapper = client(realm, clientId).withArray("protocolMappers").addObject();
    mapper.put("name", audience + " audience");
    mapper.put("protocol", "openid-connect");
    mapper.put("protocolMapper", "oidc-audience-mapper");
    mapper
        .putObject("config")
        .put("included.client.audience", audience)
        .put("access.token.claim", "true")
        .put("introspection.token.claim", "true");
  }

  private static ObjectNode client(ObjectNode realm, String clientId) {
    for (JsonNode client : realm.path("clients")) {
      if (clientId.equals(client.path("clientId").asText())) {
        return (ObjectNode) client;
      }
    }
    throw new IllegalArgumentException("no client " + clientId + " in the realm");
  }

  /**
   * Puts the user-session note {@code note} into the {@code claim} of access tokens issued to
   * client {@code clientId}, to make a note that Leash keeps on the session visible to a test.
   */
  public static void addSessionNoteClaim(
      ObjectNode realm, String clientId, String note, String claim) {
    ObjectNode mapper = client(realm, clientId).withArray("protocolMappers").addObject();
    mapper.put("name", claim + " from session note");
    mapper.put("protocol", "openid-connect");
    mapper.put("protocolMapper", "oidc-usersessionmodel-note-mapper");
    mapper
        .putObject("config")
        .put("user.session.note", note)
        .put("claim.name", claim)
        .put("jsonType.label", "String")
        .put("access.token.claim", "true");
  }

  /**
   * Lets people step up with Keycloak's WebAuthn authenticator as well as with a one-time code:
   * both become ALTERNATIVE steps of the demo flow's step-up sub-flow, and Keycloak offers the one
   * the person has. {@code rpId} is the WebAuthn relying party id, the host name the browser uses.
   */
  public static void offerWebAuthnForStepUp(ObjectNode realm, String rpId) {
    realm.put("webAuthnPolicyRpId", rpId);
    for (JsonNode flow : realm.path("authenticationFlows")) {
      if (!flow.path("alias").asText().endsWith("step-up")) {
        continue;
      }
      ArrayNode executions = (ArrayNode) flow.path("authenticationExecutions");
      for (JsonNode execution : executions) {
        if ("auth-otp-form".equals(execution.path("authenticator").asText())) {
          ((ObjectNode) execution).put("requirement", "ALTERNATIVE");
        }
      }
      executions
          .addObject()
          .put("authenticator", "webauthn-authenticator")
          .put("authenticatorFlow", false)
          .put("requirement", "ALTERNATIVE")
          .put("priority", 30)
          .put("userSetupAllowed", false);
      return;
    }
    throw new IllegalArgumentException("no step-up sub-flow in the realm");
  }

  /**
   * The demo realm as tests of one feature want it: 1 s polling interval, no per-agent request
   * limits and no step-up in the approval flow (each has its own tests), so many quick approvals by
   * password-only users work.
   */
  public static void forFocusedTests(ObjectNode realm) {
    attribute(realm, "oauth2DevicePollingInterval", "1");
    withoutRequestLimits(realm);
    withoutStepUp(realm);
  }

  /**
   * Takes the step-up (one-time code and {@code leash-step-up}) out of the demo realm's device
   * approval flow, for tests of other features whose many approvals would each need a fresh TOTP
   * step. Step-up has its own tests.
   */
  public static void withoutStepUp(ObjectNode realm) {
    for (JsonNode flow : realm.path("authenticationFlows")) {
      ArrayNode executions = (ArrayNode) flow.path("authenticationExecutions");
      for (int i = executions.size() - 1; i >= 0; i--) {
        JsonNode execution = executions.get(i);
        if ("leash-step-up".equals(execution.path("authenticator").asText())
            || execution.path("flowAlias").asText().endsWith("step-up")) {
          executions.remove(i);
        }
      }
    }
  }

  /**
   * Keeps the step-up (one-time code and {@code leash-step-up}) in the demo realm's device approval
   * flow but switches it off ({@code DISABLED}), for a test class that switches it on through the
   * admin API for the one test that needs it.
   */
  public static void withStepUpSwitchedOff(ObjectNode realm) {
    for (JsonNode flow : realm.path("authenticationFlows")) {
      for (JsonNode execution : flow.path("authenticationExecutions")) {
        if ("leash-step-up".equals(execution.path("authenticator").asText())
            || execution.path("flowAlias").asText().endsWith("step-up")) {
          ((ObjectNode) execution).put("requirement", "DISABLED");
        }
      }
    }
  }

  /**
   * Lifts the demo policy's per-agent request limits (pending codes, requests per window), for
   * tests that ask for many codes; the limits have their own tests.
   */
  public static void withoutRequestLimits(ObjectNode realm) {
    ObjectNode configuration = executorConfiguration(realm, "leash-scope-limit");
    configuration.put("max-pending-codes", 0);
    configuration.put("max-requests-per-window", 0);
  }

  /** Gives every execution of {@code authenticator} in the realm's flows this configuration. */
  public static void configureAuthenticator(
      ObjectNode realm, String authenticator, Map<String, String> config) {
    String alias = authenticator + "-test-config";
    ObjectNode configuration = realm.withArray("authenticatorConfig").addObject();
    configuration.put("alias", alias);
    configuration.set("config", Json.MAPPER.valueToTree(config));
    for (JsonNode flow : realm.path("authenticationFlows")) {
      for (JsonNode execution : flow.path("authenticationExecutions")) {
        if (authenticator.equals(execution.path("authenticator").asText())) {
          ((ObjectNode) execution).put("authenticatorConfig", alias);
        }
      }
    }
  }

  /** The configuration object of the first executor with id {@code executor} in any profile. */
  public static ObjectNode executorConfiguration(ObjectNode realm, String executor) {
    for (JsonNode profile : realm.path("clientProfiles").path("profiles")) {
      for (JsonNode entry : (ArrayNode) profile.path("executors")) {
        if (executor.equals(entry.path("executor").asText())) {
          return ((ObjectNode) entry).withObject("/configuration");
        }
      }
    }
    throw new IllegalArgumentException("no executor " + executor + " in the realm's profiles");
  }
}
