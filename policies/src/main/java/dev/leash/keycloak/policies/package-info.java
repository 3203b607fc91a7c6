/**
 * Client-policy executors and conditions for the device grant (scope limit, context binding, hard
 * expiry, rate limits, token shaping), and Leash's device grant that runs checks before a device
 * code is consumed.
 */
package dev.leash.keycloak.policies;
