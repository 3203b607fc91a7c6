package dev.leash.keycloak.audit.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Finds the addresses of a webhook's host, as the HTTP client will when it connects. */
@FunctionalInterface
public interface HostResolver {

  /** The JDK's resolver: the one {@code java.net.http.HttpClient} connects through. */
  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
