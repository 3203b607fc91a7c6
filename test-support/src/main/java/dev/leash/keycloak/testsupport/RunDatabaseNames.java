package dev.leash.keycloak.testsupport;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the databases test runs create ({@code <prefix><epoch seconds>_<random>}), unique per
 * run so runs from several checkouts on one machine never share one, and which of them runs that
 * were killed left behind.
 */
final class RunDatabaseNames {

  /** Databases of runs that died without dropping theirs are dropped once this old. */
  private static final Duration ABANDONED_AFTER = Duration.ofHours(6);

  private final String prefix;
  private final Pattern own;

  RunDatabaseNames(String prefix) {
    this.prefix = prefix;
    this.own = Pattern.compile(Pattern.quote(prefix) + "(\\d+)_[0-9a-f]+");
  }

  String fresh() {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return prefix + Instant.now().getEpochSecond() + "_" + HexFormat.of().formatHex(random);
  }

  /**
   * The names of abandoned databases among those {@code namesQuery} lists (one name per row, first
   * column).
   */
  List<String> abandoned(Statement statement, String namesQuery) throws SQLException {
    long oldest = Instant.now().minus(ABANDONED_AFTER).getEpochSecond();
    List<String> abandoned = new ArrayList<>();
    try (ResultSet names = statement.executeQuery(namesQuery)) {
      while (names.next()) {
        Matcher ours = own.matcher(names.getString(1));
        if (ours.matches() && Long.parseLong(ours.group(1)) < oldest) {
          abandoned.add(ours.group());
        }
      }
    }
    return abandoned;
  }
}
