/**
 * Authentication-flow steps for approving a device code: flow conditions, step-up to a fresh second
 * factor, and the approval screen.
 */
package dev.leash.keycloak.authenticators;
