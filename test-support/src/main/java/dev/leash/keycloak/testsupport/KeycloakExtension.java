package dev.leash.keycloak.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Provides the shared Keycloak to test classes. The server outlives the class: it lives in the root
 * context's store, so every class of a test run reuses it, and JUnit closes it when the run ends.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

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
        .ifPresent(
            annotation ->
                List.of(annotation.value()).stream()
                    .map(KeycloakExtension::withSystemProperties)
                    .forEach(options::add));
    ServerPool pool =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(ServerPool.class, type -> new ServerPool(), ServerPool.class);
    return pool.serverWith(List.copyOf(options));
  }

  /**
   * {@code option} with each {@code ${name}} replaced by the system property {@code name}: for
   * values a test class only knows once it runs (a receiver's port), set in its static initialiser.
   */
  static String withSystemProperties(String option) {
    Matcher placeholder = PLACEHOLDER.matcher(option);
    StringBuilder resolved = new StringBuilder();
    while (placeholder.find()) {
      String value = System.getProperty(placeholder.group(1));
      if (value == null) {
        throw new IllegalStateException(
            "No system property " + placeholder.group(1) + " for " + option);
      }
      placeholder.appendReplacement(resolved, Matcher.quoteReplacement(value));
    }
    placeholder.appendTail(resolved);
    return resolved.toString();
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
