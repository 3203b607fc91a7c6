package dev.leash.keycloak.policies.verification;

import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.OAuth2DeviceUserCodeProvider;

/**
 * Keycloak's user-code SPI with Leash's format ({@code leash-strong}): consonants only (the base-20
 * alphabet of RFC 8628 section 6.1: no vowels, so no words; no digits, so no 0/O or 1/I), 10 by
 * default (about 43 bits, against about 38 for Keycloak's 8 of 26 letters), shown in groups of
 * five. Entry forgives case, dashes and spaces.
 *
 * @param length letters per code
 */
record StrongUserCodeProvider(int length) implements OAuth2DeviceUserCodeProvider {

  private static final char[] ALPHABET = "BCDFGHJKLMNPQRSTVWXZ".toCharArray();
  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 20;
  private static final int GROUP = 5;

  StrongUserCodeProvider {
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "user-code length must be from " + MIN_LENGTH + " to " + MAX_LENGTH);
    }
  }

  @Override
  public String generate() {
    return SecretGenerator.getInstance().randomString(length, ALPHABET);
  }

  /** The code as people see it: groups of five letters joined by dashes. */
  @Override
  public String display(String code) {
    StringBuilder shown = new StringBuilder();
    for (int start = 0; start < code.length(); start += GROUP) {
      if (start > 0) {
        shown.append('-');
      }
      shown.append(code, start, Math.min(code.length(), start + GROUP));
    }
    return shown.toString();
  }

  /**
   * The stored form of what a person typed: letters upper-cased, dashes and white space dropped.
   * Input far longer than a code (hostile or pasted by mistake) becomes the empty string, which
   * matches no code and keeps store keys short.
   */
  @Override
  public String format(String typed) {
    if (typed == null || typed.length() > 4 * MAX_LENGTH) {
      return "";
    }
    StringBuilder code = new StringBuilder(length);
    for (int i = 0; i < typed.length(); i++) {
      char c = typed.charAt(i);
      if (c != '-' && !Character.isWhitespace(c)) {
        code.append(Character.toUpperCase(c));
      }
    }
    return code.toString();
  }

  @Override
  public void close() {}
}
