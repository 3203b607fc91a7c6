package dev.leash.keycloak.authenticators.approval;

import java.util.Locale;
import java.util.Optional;

/** Checks what the person typed on the approval screen against the configured options. */
final class ApprovalAnswer {

  /** How many trailing characters of the user code the person types. */
  static final int SUFFIX_LENGTH = 4;

  static final int MAX_JUSTIFICATION_LENGTH = 500;

  static final String SUFFIX_MISMATCH = "leashCodeSuffixMismatch";
  static final String JUSTIFICATION_MISSING = "leashJustificationMissing";
  static final String JUSTIFICATION_INVALID = "leashJustificationInvalid";

  private ApprovalAnswer() {}

  /** The message key of what is wrong with the answer, or empty when it may approve. */
  static Optional<String> problem(
      ApprovalOptions options, String userCode, String typedSuffix, String justification) {
    if (options.requireCodeSuffix() && !suffixMatches(userCode, typedSuffix)) {
      return Optional.of(SUFFIX_MISMATCH);
    }
    if (options.requireJustification()) {
      String text = justification(justification);
      if (text.isEmpty()) {
        return Optional.of(JUSTIFICATION_MISSING);
      }
      if (text.codePointCount(0, text.length()) > MAX_JUSTIFICATION_LENGTH
          || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
        return Optional.of(JUSTIFICATION_INVALID);
      }
    }
    return Optional.empty();
  }

  /**
   * The justification as it is kept: without surrounding blanks, and with the line breaks browsers
   * send for a text area ({@code \r\n}, HTML's form encoding) as plain {@code \n}.
   */
  static String justification(String typed) {
    return typed == null ? "" : typed.replace("\r\n", "\n").strip();
  }

  /** Letters and digits only, upper case: people type codes with or without the dash. */
  private static boolean suffixMatches(String userCode, String typed) {
    String code = canonical(userCode);
    String suffix = canonical(typed);
    return code.length() >= SUFFIX_LENGTH
        && suffix.length() == SUFFIX_LENGTH
        && code.endsWith(suffix);
  }

  private static String canonical(String value) {
    return value == null ? "" : value.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
  }
}
