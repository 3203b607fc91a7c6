/**
 * The audit trail: the {@code leash-audit} event listener that correlates one grant into one
 * approval record, the transactional outbox, the cluster-wide drainer, the sinks and the admin REST
 * endpoint.
 */
package dev.leash.keycloak.audit;
