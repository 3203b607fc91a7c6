package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.core.DeviceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the approval screen shows, as the template reads it ({@code leashApproval}): facts the
 * server verified apart from what the device claimed. Values are raw; the template escapes them.
 */
public final class ApprovalView {

  /** One field the device declared about itself. */
  public static final class ClaimedField {
    private final String name;
    private final DisplayText value;

    ClaimedField(String name, String value) {
      this.name = name;
      this.value = DisplayText.of(value);
    }

    public String getName() {
      return name;
    }

    /**
     * Message key of the field's label; {@code null} for a field an admin added (shown by name).
     */
    public String getLabelKey() {
      return DeviceContext.STANDARD_DECLARED_FIELDS.contains(name)
          ? "leashClaimedField." + name
          : null;
    }

    public DisplayText getValue() {
      return value;
    }
  }

  /** A requested scope and the consent text an admin gave it (may be a {@code ${key}}). */
  public static final class RequestedScope {
    private final String name;
    private final String consentText;

    RequestedScope(String name, String consentText) {
      this.name = name;
      this.consentText = consentText;
    }

    public String getName() {
      return name;
    }

    /** The consent text, or {@code null} when the scope has none (or is unknown). */
    public String getConsentText() {
      return consentText;
    }
  }

  private final String clientName;
  private final String clientId;
  private final String clientDescription;
  private final String userCode;
  private final DeviceContext context;
  private final long now;
  private final List<RequestedScope> scopes;
  private final long secondsLeft;
  private final ApprovalOptions options;
  private final String error;

  /**
   * @param clientDescription the description an admin gave the client, or {@code null}
   * @param userCode the user code being approved, or {@code null}
   * @param now the current epoch second, for "asked N minutes ago"
   */
  ApprovalView(
      String clientName,
      String clientId,
      String clientDescription,
      String userCode,
      DeviceContext context,
      long now,
      List<RequestedScope> scopes,
      long secondsLeft,
      ApprovalOptions options,
      String error) {
    this.clientName = clientName;
    this.clientId = clientId;
    this.clientDescription = clientDescription;
    this.userCode = userCode;
    this.context = context;
    this.now = now;
    this.scopes = List.copyOf(scopes);
    this.secondsLeft = secondsLeft;
    this.options = options;
    this.error = error;
  }

  public String getClientName() {
    return clientName;
  }

  public String getClientId() {
    return clientId;
  }

  /** The client's description in the admin console (the admin's words), or {@code null}. */
  public String getClientDescription() {
    return clientDescription;
  }

  /**
   * The user code being approved, for the person to compare with the one their device shows: a link
   * with the code in it (RFC 8628's {@code verification_uri_complete}) skips typing it. When the
   * screen asks for the code's last characters, they are hidden here: only a person who has the
   * device can type them.
   */
  public String getUserCode() {
    if (userCode == null || !options.requireCodeSuffix()) {
      return userCode;
    }
    StringBuilder shown = new StringBuilder(userCode);
    int hidden = 0;
    for (int at = shown.length() - 1; at >= 0 && hidden < ApprovalAnswer.SUFFIX_LENGTH; at--) {
      if (Character.isLetterOrDigit(shown.charAt(at))) {
        shown.setCharAt(at, '\u2022');
        hidden++;
      }
    }
    return shown.toString();
  }

  public boolean isContextKnown() {
    return context != null;
  }

  public String getSourceIp() {
    return context == null ? null : context.sourceIp();
  }

  /** The User-Agent header of the device request (sent by the device, so shown as text). */
  public DisplayText getUserAgent() {
    return context == null || context.userAgent() == null
        ? null
        : DisplayText.of(context.userAgent());
  }

  /** Whole minutes since the device request (0 within the first minute). */
  public long getMinutesSinceRequest() {
    return context == null ? 0 : Math.max(0, now - context.requestedAt()) / 60;
  }

  /** ISO-8601 time of the device request (UTC). */
  public String getRequestedAt() {
    return context == null ? null : Instant.ofEpochSecond(context.requestedAt()).toString();
  }

  /** {@code dpop}, {@code ip} or {@code none}. */
  public String getBinding() {
    return context == null ? "none" : context.binding().id();
  }

  public List<ClaimedField> getClaimed() {
    Map<String, String> claimed = context == null ? Map.of() : context.claimed();
    return claimed.entrySet().stream()
        .map(entry -> new ClaimedField(entry.getKey(), entry.getValue()))
        .toList();
  }

  public List<RequestedScope> getScopes() {
    return scopes;
  }

  public long getSecondsLeft() {
    return secondsLeft;
  }

  public boolean isCodeSuffixRequired() {
    return options.requireCodeSuffix();
  }

  public int getCodeSuffixLength() {
    return ApprovalAnswer.SUFFIX_LENGTH;
  }

  public boolean isJustificationRequired() {
    return options.requireJustification();
  }

  public int getJustificationMaxLength() {
    return ApprovalAnswer.MAX_JUSTIFICATION_LENGTH;
  }

  /** Message key of the problem with the last answer, or {@code null}. */
  public String getError() {
    return error;
  }
}
