package dev.leash.keycloak.policies.binding;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether two literal IP addresses share their leading bits (a CIDR prefix). */
public final class NetworkPrefix {

  /** The bits of an IPv6 address that one subscriber usually gets all of (RFC 6177). */
  private static final int SUBSCRIBER_IPV6_BITS = 64;

  private NetworkPrefix() {}

  /** Whether {@code a} and {@code b} are of one family and agree on their first {@code bits}. */
  static boolean sameNetwork(String a, String b, int bits) {
    if (a != null && a.equals(b)) {
      return parse(a) != null; // An agent polls from the address it asked from: one parse.
    }
    byte[] first = parse(a);
    byte[] second = parse(b);
    if (first == null || second == null || first.length != second.length) {
      return false;
    }
    int prefix = Math.max(0, Math.min(bits, first.length * 8));
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((first[bit / 8] & mask) != (second[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The source a count per address should count {@code address} under: an IPv4 address (or anything
   * that is no IP literal) as it is, an IPv6 address as its /64 network, which a single host
   * commonly owns whole and can take a new address from for every request.
   */
  public static String countedSource(String address) {
    byte[] bytes = parse(address);
    if (bytes == null || bytes.length != 16) {
      return address;
    }
    StringBuilder network = new StringBuilder();
    for (int i = 0; i < SUBSCRIBER_IPV6_BITS / 8; i += 2) {
      network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
      network.append(':');
    }
    return network.append(":/").append(SUBSCRIBER_IPV6_BITS).toString();
  }

  /** Whether the address is IPv6 (prefix settings differ per family). */
  static boolean isIpv6(String address) {
    byte[] bytes = parse(address);
    return bytes != null && bytes.length == 16;
  }

  private static byte[] parse(String address) {
    if (!isLiteral(address)) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * Whether {@code address} can only be an IP literal (2 to 45 hex digits, colons and dots; letters
   * only with a colon, so "cafe.bad" is no literal), so {@code InetAddress} never resolves a name.
   * A character loop: every poll of a bound code asks it.
   */
  private static boolean isLiteral(String address) {
    if (address == null || address.length() < 2 || address.length() > 45) {
      return false;
    }
    boolean letters = false;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      boolean letter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!letter && !(c >= '0' && c <= '9') && c != ':' && c != '.') {
        return false;
      }
      letters |= letter;
    }
    return !letters || address.indexOf(':') >= 0;
  }
}
