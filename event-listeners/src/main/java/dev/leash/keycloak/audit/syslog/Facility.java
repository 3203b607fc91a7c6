package dev.leash.keycloak.audit.syslog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** RFC 5424 facilities by their usual names ({@code authpriv}, {@code local0}, ...). */
public final class Facility {

  /** Index = facility code (RFC 5424 §6.2.1). */
  static final List<String> NAMES =
      List.of(
          "kern",
          "user",
          "mail",
          "daemon",
          "auth",
          "syslog",
          "lpr",
          "news",
          "uucp",
          "cron",
          "authpriv",
          "ftp",
          "ntp",
          "security",
          "console",
          "solaris-cron",
          "local0",
          "local1",
          "local2",
          "local3",
          "local4",
          "local5",
          "local6",
          "local7");

  /** Security and authorization messages that hold personal data: Leash's default. */
  public static final int AUTHPRIV = 10;

  private Facility() {}

  /** The code of a facility given by name or by number (0 to 23). */
  public static Optional<Integer> parse(String text) {
    String name = text.trim().toLowerCase(Locale.ROOT);
    int code = NAMES.indexOf(name);
    if (code >= 0) {
      return Optional.of(code);
    }
    if (name.matches("[0-9]{1,2}") && Integer.parseInt(name) < NAMES.size()) {
      return Optional.of(Integer.parseInt(name));
    }
    return Optional.empty();
  }
}
