package dev.leash.keycloak.policies.binding;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether two literal IP addresses share their leading bits (a CIDR prefix). */
final class NetworkPrefix {

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
