package dev.leash.keycloak.audit.syslog;

import java.time.Duration;

/**
 * Where the syslog sink sends, set by server options only: a realm admin cannot make Keycloak
 * connect anywhere.
 *
 * @param tls whether to speak TLS (RFC 5425), checked against the JVM's trust store (Keycloak's
 *     {@code --truststore-paths} included) with the host name verified
 * @param facility RFC 5424 facility code
 * @param timeout limit for connecting, for each write, and for the receiver to close
 */
public record SyslogTarget(String host, int port, boolean tls, int facility, Duration timeout) {

  /** RFC 5425's port for syslog over TLS. */
  public static final int TLS_PORT = 6514;

  /** The usual port of syslog over plain TCP (no port is assigned to RFC 6587). */
  public static final int TCP_PORT = 514;
}
