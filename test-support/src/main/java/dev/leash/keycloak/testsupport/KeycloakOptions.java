package dev.leash.keycloak.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Extra server options for the test class, e.g. {@code --spi-...}. Classes with the same options
 * share one server; a class with other options gets its own (the previous one is stopped first, to
 * keep the machine's two cores for the server under test). {@code ${name}} in an option is the
 * system property {@code name}, which the class's static initialiser may set (a receiver's port).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
public @interface KeycloakOptions {
  String[] value();
}
