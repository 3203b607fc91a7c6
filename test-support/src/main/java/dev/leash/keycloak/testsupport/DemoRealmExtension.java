package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Imports the demo realm into the shared server before a test class and deletes it after:
 *
 * <pre>{@code
 * @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();
 * }</pre>
 *
 * The class must be a {@link LeashKeycloakTest}, whose server extension runs first.
 */
public final class DemoRealmExtension implements BeforeAllCallback, AfterAllCallback {

  private final Consumer<ObjectNode> customise;
  private DemoRealm realm;

  private DemoRealmExtension(Consumer<ObjectNode> customise) {
    this.customise = customise;
  }

  /** The demo realm exactly as {@code docker/leash-demo-realm.json} has it. */
  public static DemoRealmExtension asInRepository() {
    return new DemoRealmExtension(json -> {});
  }

  /** The demo realm after {@code customise} changed its JSON (e.g. shorter lifetimes). */
  public static DemoRealmExtension customised(Consumer<ObjectNode> customise) {
    return new DemoRealmExtension(customise);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    realm = DemoRealm.importInto(KeycloakExtension.server(context), customise);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    realm.close();
  }

  /** The imported realm; available from {@code @BeforeAll} of the test class on. */
  public DemoRealm realm() {
    return realm;
  }
}
