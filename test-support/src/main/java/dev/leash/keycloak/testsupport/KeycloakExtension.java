package dev.leash.keycloak.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Provides the shared Keycloak to test classes. The server outlives the class: it lives in the root
 * context's store, so every class of a test run reuses it, and JUnit closes it when the run ends.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KeycloakExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KeycloakServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  static KeycloakServer server(ExtensionContext context) {
    List<String> options = new ArrayList<>(suiteOptions());
    context
        .getTestClass()
        .map(type -> type.getAnnotation(KeycloakOptions.class))
        .ifPresent(annotation -> options.addAll(List.of(annotation.value())));
    ServerPool pool =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(ServerPool.class, type -> new ServerPool(), ServerPool.class);
    return pool.serverWith(List.copyOf(options));
  }

  /**
   * Stops the run's shared server, if one runs, for a class that starts servers of its own (the
   * next class that asks for the shared server starts it again).
   */
  static void stopSharedServer(ExtensionContext context) {
    ServerPool pool = context.getRoot().getStore(NAMESPACE).get(ServerPool.class, ServerPool.class);
    if (pool != null) {
      pool.close();
    }
  }

  /**
   * Options every server of the run gets, from the system property {@code leash.it.server-options}
   * (space-separated; the build sets it, e.g. to make Leash's periodic tasks fast enough to test).
   */
  static List<String> suiteOptions() {
    String options = System.getProperty("leash.it.server-options", "").trim();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }
}
