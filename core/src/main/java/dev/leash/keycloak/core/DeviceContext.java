package dev.leash.keycloak.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
 * @param claimed fields the device declared about itself (e.g. {@code agent_name}), unverified, in
 *     the order configured
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

  public DeviceContext {
    claimed = Collections.unmodifiableMap(new LinkedHashMap<>(claimed));
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
    if (params == null || params.get(DeviceCodeParams.APPROVAL_ID) == null) {
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
            BindingMode.fromId(params.get(DeviceCodeParams.BINDING)).orElse(BindingMode.NONE),
            (int) DeviceCodeParams.positiveLong(params, DeviceCodeParams.IP_PREFIX_BITS, 0),
            claimed));
  }
}
