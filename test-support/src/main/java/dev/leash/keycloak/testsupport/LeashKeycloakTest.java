package dev.leash.keycloak.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a real Keycloak with Leash installed. Test methods and lifecycle
 * methods may declare a {@link KeycloakServer} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("keycloak")
@ExtendWith(KeycloakExtension.class)
public @interface LeashKeycloakTest {}
