package dev.leash.keycloak.audit.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.record.ApprovalRecord;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds a realm's approval records, newest first, for the admin API. */
public final class RecordQuery {

  private final EntityManager em;

  public RecordQuery(EntityManager em) {
    this.em = em;
  }

  /**
   * @param from epoch second the record was created at or after, or {@code null}
   * @param to epoch second the record was created before, or {@code null}
   * @param agent the agent's client id, or {@code null}
   * @param user the approver's user id or username, or {@code null}
   * @param outcome an outcome id, or {@code null}
   */
  public record Filter(Long from, Long to, String agent, String user, String outcome) {}

  public List<ObjectNode> find(String realmId, Filter filter, int first, int max) {
    StringBuilder jpql =
        new StringBuilder("select r from AuditRecordEntity r where r.realmId = :realmId");
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("realmId", realmId);
    if (filter.from() != null) {
      jpql.append(" and r.createdAt >= :from");
      parameters.put("from", filter.from());
    }
    if (filter.to() != null) {
      jpql.append(" and r.createdAt < :to");
      parameters.put("to", filter.to());
    }
    if (filter.agent() != null) {
      jpql.append(" and r.clientId = :agent");
      parameters.put("agent", filter.agent());
    }
    if (filter.user() != null) {
      jpql.append(" and (r.approverId = :user or r.approverUsername = :user)");
      parameters.put("user", filter.user());
    }
    if (filter.outcome() != null) {
      jpql.append(" and r.outcome = :outcome");
      parameters.put("outcome", filter.outcome());
    }
    jpql.append(" order by r.createdAt desc, r.id");
    TypedQuery<AuditRecordEntity> query = em.createQuery(jpql.toString(), AuditRecordEntity.class);
    parameters.forEach(query::setParameter);
    return query
        .setFirstResult(first)
        .setMaxResults(max)
        .getResultStream()
        .map(entity -> ApprovalRecord.parse(entity.body).snapshot())
        .toList();
  }
}
