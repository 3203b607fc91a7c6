package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.capture.FactRecorder;
import dev.leash.keycloak.audit.capture.KeycloakEventRecorder;
import dev.leash.keycloak.audit.store.RecordKeeper;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.audit.AuditFact;
import dev.leash.keycloak.core.audit.AuditTrail;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;

/**
 * {@code leash-audit}: keeps the realm's approval records. Leash components hand it their facts
 * ({@link AuditTrail}); Keycloak hands it its events. Both only write to the database, in the
 * transaction they arrive in; delivery to sinks is the drainer's job, never the request's.
 */
final class LeashAuditListener implements EventListenerProvider, AuditTrail {

  private final KeycloakSession session;
  private final LeashClock clock;

  LeashAuditListener(KeycloakSession session, LeashClock clock) {
    this.session = session;
    this.clock = clock;
  }

  @Override
  public void record(AuditFact fact) {
    new FactRecorder(session, new RecordKeeper(session, clock), clock).record(fact);
  }

  @Override
  public void onEvent(Event event) {
    new KeycloakEventRecorder(session, new RecordKeeper(session, clock), clock).onEvent(event);
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    // Admin events are not about device grants.
  }

  @Override
  public void close() {}
}
