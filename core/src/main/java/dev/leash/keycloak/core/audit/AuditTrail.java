package dev.leash.keycloak.core.audit;

import java.util.Optional;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Leash's audit trail of device grants, kept by the {@code leash-audit} event listener for the
 * realms that enable it (Realm settings, Events, Event listeners).
 *
 * <p>Leash components state what they decided with {@link #record}; the fact is written in the
 * request's transaction, so it exists exactly when the request it describes succeeded. Refusals
 * that roll the request back (device requests and token polls answered with an OAuth error) cannot
 * be recorded that way: they reach the trail as the Keycloak error event the refusal emits, which
 * Keycloak delivers in a transaction of its own, with {@link AuditEventDetails#APPROVAL_ID}.
 */
public interface AuditTrail {

  /** Id of the event listener that keeps the trail. */
  String PROVIDER_ID = "leash-audit";

  /** Records {@code fact} in the current request's transaction. */
  void record(AuditFact fact);

  /** The trail of the session's realm, if that realm enables the {@code leash-audit} listener. */
  static Optional<AuditTrail> of(KeycloakSession session) {
    RealmModel realm = session.getContext().getRealm();
    if (realm == null || realm.getEventsListenersStream().noneMatch(PROVIDER_ID::equals)) {
      return Optional.empty();
    }
    return session.getProvider(EventListenerProvider.class, PROVIDER_ID) instanceof AuditTrail trail
        ? Optional.of(trail)
        : Optional.empty();
  }

  /** Records {@code fact} if the session's realm keeps a trail. */
  static void recordIfKept(KeycloakSession session, AuditFact fact) {
    of(session).ifPresent(trail -> trail.record(fact));
  }
}
