package dev.leash.keycloak.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Names of the parameters Leash stamps into a device authorization request. Keycloak saves a
 * request's additional parameters with the device code, so whatever a Leash executor decides at
 * device authorization travels with the code to every cluster node that later serves a poll or the
 * verification page. Every name starts with {@link #PREFIX}; a client that sends such a parameter
 * itself is refused, so a device cannot forge Leash's decisions.
 */
public final class DeviceCodeParams {

  /** Prefix of every Leash parameter; reserved, never accepted from the client. */
  public static final String PREFIX = "leash_";

  /** Runs of white space between scopes; compiled once, as scopes are split on every request. */
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

  /** Epoch second after which the code is dead, whatever the cache still holds. */
  public static final String DEADLINE = PREFIX + "deadline";

  /**
   * Random id of the grant, shared by its tokens ({@code agent.approval_id}), its audit record and
   * the events about it; see {@link #ensureApprovalId}.
   */
  public static final String APPROVAL_ID = PREFIX + "approval_id";

  /** Source address of the device request. */
  public static final String SOURCE_IP = PREFIX + "ip";

  /** User-Agent of the device request. */
  public static final String USER_AGENT = PREFIX + "user_agent";

  /** Epoch second of the device request. */
  public static final String REQUESTED_AT = PREFIX + "requested_at";

  /** Thumbprint of the DPoP key the device request proved or named. */
  public static final String DPOP_JKT = PREFIX + "dpop_jkt";

  /** {@link BindingMode#id()} of the grant. */
  public static final String BINDING = PREFIX + "binding";

  /** Prefix length a poll's address must share with the request's in {@link BindingMode#IP}. */
  public static final String IP_PREFIX_BITS = PREFIX + "ip_prefix_bits";

  /** Prefix of the fields the device declared about itself, e.g. {@code leash_claimed_purpose}. */
  public static final String CLAIMED_PREFIX = PREFIX + "claimed_";

  /**
   * Realm roles whose members may approve the code ({@link #LIST_SEPARATOR}-separated): the first
   * rule of {@link ApproverRules}, which reads and writes it.
   */
  public static final String APPROVER_ROLES = PREFIX + "approver_roles";

  /** Group paths of the first rule of {@link ApproverRules} ({@link #LIST_SEPARATOR}-separated). */
  public static final String APPROVER_GROUPS = PREFIX + "approver_groups";

  /** Scopes whose approval needs step-up ({@link #LIST_SEPARATOR}-separated). */
  public static final String STEP_UP_SCOPES = PREFIX + "step_up_scopes";

  /** The agent's pending-code slot the code holds until it is used, denied, revoked or expired. */
  public static final String PENDING_SLOT = PREFIX + "pending_slot";

  /**
   * Epoch second at which the pending-code slot lapses (its claim's lifespan), when one is held.
   */
  public static final String PENDING_SLOT_UNTIL = PREFIX + "pending_slot_until";

  /** Separator of list-valued parameters, as Keycloak uses for multivalued settings. */
  public static final String LIST_SEPARATOR = "##";

  /**
   * {@link #LIST_SEPARATOR} compiled once: {@code String.split} compiles a two-character one per
   * call.
   */
  public static final Pattern LIST_SPLITTER = Pattern.compile(LIST_SEPARATOR, Pattern.LITERAL);

  /** Number of {@code slow_down} answers after which the code is revoked. */
  public static final String POLL_ABUSE_LIMIT = PREFIX + "poll_abuse_limit";

  private DeviceCodeParams() {}

  /**
   * The request's approval id, generated and stamped by whichever Leash component asks first, so
   * every executor and the audit trail name the grant the same way.
   */
  public static String ensureApprovalId(Map<String, String> params) {
    return params.computeIfAbsent(APPROVAL_ID, name -> UUID.randomUUID().toString());
  }

  /**
   * The scopes of a {@code scope} string, split on any white space (a tab must not hide a scope
   * from a check); empty for none.
   */
  public static List<String> scopes(String scope) {
    return scope == null || scope.isBlank() ? List.of() : List.of(WHITE_SPACE.split(scope.trim()));
  }

  /** A list-valued parameter; empty when absent. */
  public static List<String> list(Map<String, String> params, String name) {
    String value = params == null ? null : params.get(name);
    return value == null || value.isEmpty() ? List.of() : List.of(LIST_SPLITTER.split(value));
  }

  /** Writes a list-valued parameter (nothing for an empty list). */
  public static void putList(Map<String, String> params, String name, List<String> values) {
    if (!values.isEmpty()) {
      params.put(name, String.join(LIST_SEPARATOR, values));
    }
  }

  /**
   * Adds {@code values} to a list-valued parameter, keeping what it holds: several executors of one
   * kind may stamp the same list, and each one's entries count.
   */
  public static void addToList(Map<String, String> params, String name, List<String> values) {
    Set<String> merged = new LinkedHashSet<>(list(params, name));
    merged.addAll(values);
    putList(params, name, List.copyOf(merged));
  }

  /** The epoch second {@code params} holds as {@code name}; empty when missing or not positive. */
  public static OptionalLong epochSecond(Map<String, String> params, String name) {
    long value = positiveLong(params, name, 0);
    return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
  }

  /** The parameter as a positive number, or {@code fallback} when absent or malformed. */
  public static long positiveLong(Map<String, String> params, String name, long fallback) {
    String value = params == null ? null : params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value);
      return parsed > 0 ? parsed : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
