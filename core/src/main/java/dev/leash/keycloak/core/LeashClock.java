package dev.leash.keycloak.core;

import org.keycloak.common.util.Time;

/**
 * Epoch seconds, injectable so deadline arithmetic can be tested without waiting. Production code
 * uses {@link #KEYCLOAK}: Keycloak's own clock, so Leash's deadlines agree with the expiry times
 * Keycloak computes for codes, tokens and sessions.
 */
@FunctionalInterface
public interface LeashClock {

  LeashClock KEYCLOAK = Time::currentTime;

  long nowSeconds();
}
