package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The demo realm ({@code docker/leash-demo-realm.json}) imported into a test server, so the tests
 * exercise exactly what the demo shows. Deleted again on {@link #close()}.
 */
public final class DemoRealm implements AutoCloseable {

  public static final String NAME = "leash-demo";
  public static final String AGENT_CLIENT_ID = "demo-agent";

  /** The group whose members may approve the demo agent (alice is in it, bob is not). */
  public static final String APPROVERS_GROUP = "/agent-approvers";

  /** The documented TOTP secret of alice, as an authenticator app takes it. */
  public static final String ALICE_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

  private final KeycloakServer server;
  private final TestUser alice = TestUser.withTotp("alice", "alice-pass", ALICE_TOTP_SECRET);
  private final TestUser bob = TestUser.withPassword("bob", "bob-pass");

  private DemoRealm(KeycloakServer server) {
    this.server = server;
  }

  /** Imports the demo realm as it is in the repository, replacing an earlier copy. */
  public static DemoRealm importInto(KeycloakServer server) {
    return importInto(server, realm -> {});
  }

  /** Imports the demo realm after {@code customise} changed its JSON (e.g. shorter lifetimes). */
  public static DemoRealm importInto(KeycloakServer server, Consumer<ObjectNode> customise) {
    ObjectNode realm = Json.read(realmFile());
    customise.accept(realm);
    AdminClient admin = server.admin();
    admin.deleteRealm(NAME);
    admin.importRealm(Json.write(realm));
    return new DemoRealm(server);
  }

  /**
   * The same realm served by another node of a cluster ({@code node}), e.g. for an agent or a
   * person whom the load balancer sends there; nothing is imported again.
   */
  public DemoRealm on(KeycloakServer node) {
    return new DemoRealm(node);
  }

  private static Path realmFile() {
    return Path.of(System.getProperty("leash.repo.root", "."))
        .resolve("docker/leash-demo-realm.json");
  }

  /** alice: password {@code alice-pass} and a TOTP authenticator. */
  public TestUser alice() {
    return alice;
  }

  /** bob: password {@code bob-pass}, no second factor. */
  public TestUser bob() {
    return bob;
  }

  /** The {@code demo-agent} client's side of the device flow. */
  public DeviceFlowClient agent() {
    return new DeviceFlowClient(server, NAME, AGENT_CLIENT_ID);
  }

  /** The side of the device flow of another agent of the realm, {@code clientId}. */
  public DeviceFlowClient agent(String clientId) {
    return new DeviceFlowClient(server, NAME, clientId);
  }

  /** {@code user} at a fresh browser, ready to approve or deny a device code. */
  public DeviceApprover approverAs(TestUser user) {
    return new DeviceApprover(new Browser(), user);
  }

  @Override
  public void close() {
    server.admin().deleteRealm(NAME);
  }
}
