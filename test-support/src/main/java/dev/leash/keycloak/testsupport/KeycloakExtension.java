package dev.leash.keycloak.testsupport;

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

  private static KeycloakServer server(ExtensionContext context) {
    List<String> options =
        context
            .getTestClass()
            .map(type -> type.getAnnotation(KeycloakOptions.class))
            .map(annotation -> List.of(annotation.value()))
            .orElse(List.of());
    ServerPool pool =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(ServerPool.class, type -> new ServerPool(), ServerPool.class);
    return pool.serverWith(options);
  }
}
