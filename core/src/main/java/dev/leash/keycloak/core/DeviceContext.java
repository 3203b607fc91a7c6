package dev.leash.keycloak.core;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Leash recorded about the device that asked for a device code: facts the server observed
 * (verified) apart from what the device said about itself (claimed). Captured by {@code
 * leash-context-binding} at device authorization and saved with the device code, so the approval
 * flow, the device grant and the audit trail read the same record on any cluster node.
 *
 * <p>Read it in an authenticator during a device approval with
 *
 * <pre>{@code
 * OAuth2DeviceCodeModel code = DeviceEndpoint.getDeviceByUserCode(session, realm, userCode);
 * Optional<DeviceContext> context = DeviceContext.from(code.getAdditionalParams());
 * }</pre>
 *
 * @param approvalId random id of this grant, shared by its tokens ({@code agent.approval_id}) and
 *     audit records
 * @param sourceIp the request's source address as Keycloak resolved it (honouring its proxy
 *     settings)
 * @param userAgent the request's User-Agent header (control characters removed, truncated)
 * @param requestedAt epoch second of the request
 * @param dpopJkt RFC 7638 thumbprint of the DPoP key the request proved or named, or {@code null}
 * @param binding what a poll must match
 * @param ipPrefixBits for {@link BindingMode#IP}: leading bits of the address a poll must share
 * @param claimed fields the device declared about itself (e.g. {@code agent_name}), unverified: the
 *     {@link #STANDARD_DECLARED_FIELDS} first in that order, then others by name
 */
public record DeviceContext(
    String approvalId,
    String sourceIp,
    String userAgent,
    long requestedAt,
    String dpopJkt,
    BindingMode binding,
    int ipPrefixBits,
    Map<String, String> claimed) {

  /** The fields agents usually declare, in the order a person reads them. */
  public static final List<String> STANDARD_DECLARED_FIELDS =
      List.of("agent_name", "agent_instance", "purpose", "command");

  private static final Comparator<String> DISPLAY_ORDER =
      Comparator.comparingInt(
              (String name) ->
                  STANDARD_DECLARED_FIELDS.contains(name)
                      ? STANDARD_DECLARED_FIELDS.indexOf(name)
                      : STANDARD_DECLARED_FIELDS.size())
          .thenComparing(Comparator.naturalOrder());

  public DeviceContext {
    // Stored parameters lose their order; a fixed order keeps pages and records stable.
    Map<String, String> ordered = new TreeMap<>(DISPLAY_ORDER);
    ordered.putAll(claimed);
    claimed = Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
  }

  /** Writes the context into a device request's additional parameters. */
  public void stampInto(Map<String, String> params) {
    params.put(DeviceCodeParams.APPROVAL_ID, approvalId);
    params.put(DeviceCodeParams.SOURCE_IP, sourceIp);
    if (userAgent != null) {
      params.put(DeviceCodeParams.USER_AGENT, userAgent);
    }
    params.put(DeviceCodeParams.REQUESTED_AT, Long.toString(requestedAt));
    if (dpopJkt != null) {
      params.put(DeviceCodeParams.DPOP_JKT, dpopJkt);
    }
    params.put(DeviceCodeParams.BINDING, binding.id());
    params.put(DeviceCodeParams.IP_PREFIX_BITS, Integer.toString(ipPrefixBits));
    claimed.forEach((field, value) -> params.put(DeviceCodeParams.CLAIMED_PREFIX + field, value));
  }

  /** The context saved with a device code, if {@code leash-context-binding} captured one. */
  public static Optional<DeviceContext> from(Map<String, String> params) {
    if (params == null
        || params.get(DeviceCodeParams.BINDING) == null
        || params.get(DeviceCodeParams.APPROVAL_ID) == null) {
      return Optional.empty();
    }
    Map<String, String> claimed = new LinkedHashMap<>();
    params.forEach(
        (name, value) -> {
          if (name.startsWith(DeviceCodeParams.CLAIMED_PREFIX)) {
            claimed.put(name.substring(DeviceCodeParams.CLAIMED_PREFIX.length()), value);
          }
        });
    return Optional.of(
        new DeviceContext(
            params.get(DeviceCodeParams.APPROVAL_ID),
            params.get(DeviceCodeParams.SOURCE_IP),
            params.get(DeviceCodeParams.USER_AGENT),
            DeviceCodeParams.positiveLong(params, DeviceCodeParams.REQUESTED_AT, 0),
            params.get(DeviceCodeParams.DPOP_JKT),
            // A mode this build does not know (stamped by a newer node in a rolling upgrade, then
            // polled at an older one) holds polls to the strictest binding, not to none.
            BindingMode.fromId(params.get(DeviceCodeParams.BINDING)).orElse(BindingMode.DPOP),
            (int) DeviceCodeParams.positiveLong(params, DeviceCodeParams.IP_PREFIX_BITS, 0),
            claimed));
  }
}
