/**
 * Leash's audit trail ({@code leash-audit}): one approval record per device grant, written in the
 * request's own transaction to an outbox, sealed into a per-realm hash chain and delivered to sinks
 * by one cluster-wide drainer, and read and verified through the admin API. See docs/audit.md.
 */
package dev.leash.keycloak.audit;
