package dev.leash.keycloak.policies.binding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields a device declares about itself (e.g. {@code agent_name}, {@code purpose}) from a
 * device request and refuses values Leash would not show a person or send to an audit sink: sent
 * twice, too long, control characters, or text that was not valid UTF-8. The values stay exactly as
 * sent otherwise (HTML included): escaping is the job of whatever displays them.
 */
final class DeclaredFields {

  /** A declared field Leash refuses; the message names the field and says why. */
  static final class Rejected extends Exception {
    Rejected(String field, String reason) {
      super("Parameter " + field + " " + reason, null, false, false);
    }
  }

  private final List<String> names;
  private final int maxLength;

  DeclaredFields(List<String> names, int maxLength) {
    this.names = List.copyOf(names);
    this.maxLength = maxLength;
  }

  /** The declared fields present in {@code form}, in configured order. */
  Map<String, String> read(Map<String, List<String>> form) throws Rejected {
    Map<String, String> declared = new LinkedHashMap<>();
    for (String name : names) {
      List<String> values = form.get(name);
      if (values == null || values.isEmpty()) {
        continue;
      }
      if (values.size() > 1) {
        throw new Rejected(name, "must be sent at most once");
      }
      String value = values.get(0);
      if (value == null || value.isEmpty()) {
        continue;
      }
      check(name, value);
      declared.put(name, value);
    }
    return declared;
  }

  private void check(String name, String value) throws Rejected {
    if (value.codePointCount(0, value.length()) > maxLength) {
      throw new Rejected(name, "is longer than " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.getType(c) == Character.CONTROL) {
        throw new Rejected(name, "contains control characters");
      }
      // Form decoding turns bytes that are not UTF-8 into U+FFFD; a lone surrogate is not text.
      if (c == '\uFFFD' || isLoneSurrogate(value, i)) {
        throw new Rejected(name, "is not valid UTF-8");
      }
      if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
  }

  private static boolean isLoneSurrogate(String value, int i) {
    char c = value.charAt(i);
    if (Character.isLowSurrogate(c)) {
      return true;
    }
    return Character.isHighSurrogate(c)
        && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1)));
  }
}
