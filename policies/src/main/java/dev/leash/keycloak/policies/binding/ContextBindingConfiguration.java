package dev.leash.keycloak.policies.binding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.leash.keycloak.core.BindingMode;
import java.util.List;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

/**
 * The executor's configuration as stored in the realm's client profiles. Absent values take the
 * defaults: DPoP binding with address fallback, exact addresses, the four standard declared fields.
 */
public class ContextBindingConfiguration extends ClientPolicyExecutorConfigurationRepresentation {

  static final String BINDING_MODE = "binding-mode";
  static final String REQUIRE_DPOP = "require-dpop";
  static final String IP_FALLBACK = "ip-fallback";
  static final String IPV4_PREFIX = "ipv4-prefix";
  static final String IPV6_PREFIX = "ipv6-prefix";
  static final String DECLARED_FIELDS = "declared-fields";
  static final String MAX_FIELD_LENGTH = "max-field-length";

  @JsonProperty(BINDING_MODE)
  private String bindingMode;

  @JsonProperty(REQUIRE_DPOP)
  private Boolean requireDpop;

  @JsonProperty(IP_FALLBACK)
  private Boolean ipFallback;

  @JsonProperty(IPV4_PREFIX)
  private Integer ipv4Prefix;

  @JsonProperty(IPV6_PREFIX)
  private Integer ipv6Prefix;

  @JsonProperty(DECLARED_FIELDS)
  private List<String> declaredFields;

  @JsonProperty(MAX_FIELD_LENGTH)
  private Integer maxFieldLength;

  @Override
  public boolean validateConfig() {
    try {
      toPolicy();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @JsonIgnore
  public BindingPolicy toPolicy() {
    BindingMode mode =
        bindingMode == null
            ? BindingMode.DPOP
            : BindingMode.fromId(bindingMode)
                .orElseThrow(() -> new IllegalArgumentException("unknown mode " + bindingMode));
    return new BindingPolicy(
        mode,
        Boolean.TRUE.equals(requireDpop),
        ipFallback == null || ipFallback,
        ipv4Prefix == null ? 32 : ipv4Prefix,
        ipv6Prefix == null ? 128 : ipv6Prefix,
        declaredFields == null ? BindingPolicy.DEFAULT_DECLARED_FIELDS : declaredFields,
        maxFieldLength == null ? BindingPolicy.DEFAULT_MAX_FIELD_LENGTH : maxFieldLength);
  }
}
