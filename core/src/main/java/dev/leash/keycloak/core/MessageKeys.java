package dev.leash.keycloak.core;

/**
 * Keys of Leash's theme messages ({@code theme-resources/messages/messages_*.properties} in the
 * themes module, merged into every login theme) that Java code refers to.
 */
public final class MessageKeys {

  /** Header of the page shown when a device request has expired. */
  public static final String DEVICE_REQUEST_EXPIRED_HEADER = "leashDeviceRequestExpiredHeader";

  /** Body of that page: nothing was approved, ask the agent to start again. */
  public static final String DEVICE_REQUEST_EXPIRED = "leashDeviceRequestExpiredMessage";

  /** Header of the page shown when an approval lacked the required second factor. */
  public static final String STEP_UP_REQUIRED_HEADER = "leashStepUpRequiredHeader";

  /** Body of that page. */
  public static final String STEP_UP_REQUIRED = "leashStepUpRequiredMessage";

  /** Body of the page when the person must set up a second factor before approving. */
  public static final String STEP_UP_ENROL = "leashStepUpEnrolMessage";

  /** Header of the page the first approver of a two-person approval sees. */
  public static final String SECOND_APPROVER_NEEDED_HEADER = "leashSecondApproverNeededHeader";

  /** Body of that page. */
  public static final String SECOND_APPROVER_NEEDED = "leashSecondApproverNeededMessage";

  /** Header of the page for a person outside the agent's approvers. */
  public static final String NOT_ALLOWED_TO_APPROVE_HEADER = "leashNotAllowedToApproveHeader";

  /** Body of that page. */
  public static final String NOT_ALLOWED_TO_APPROVE = "leashNotAllowedToApproveMessage";

  /** Header of the device page refusing an address after too many wrong codes. */
  public static final String TOO_MANY_CODE_ATTEMPTS_HEADER = "leashTooManyCodeAttemptsHeader";

  /** Body of that page. */
  public static final String TOO_MANY_CODE_ATTEMPTS = "leashTooManyCodeAttemptsMessage";

  private MessageKeys() {}

  /**
   * Keycloak's own "Device Login Successful" header, reused so the page reads as people know it.
   */
  public static final String KEYCLOAK_DEVICE_APPROVED_HEADER =
      "oauth2DeviceVerificationCompleteHeader";

  /** Keycloak's "You may close this browser window and go back to your device." */
  public static final String KEYCLOAK_DEVICE_APPROVED = "oauth2DeviceVerificationCompleteMessage";

  /** Keycloak's "Device Login Failed" header. */
  public static final String KEYCLOAK_DEVICE_FAILED_HEADER = "oauth2DeviceVerificationFailedHeader";

  /** Keycloak's "Consent denied for connecting the device." */
  public static final String KEYCLOAK_DEVICE_DENIED = "oauth2DeviceConsentDeniedMessage";
}
