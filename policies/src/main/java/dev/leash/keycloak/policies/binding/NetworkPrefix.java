package dev.leash.keycloak.policies.binding;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Whether two literal IP addresses share their leading bits (a CIDR prefix). */
final class NetworkPrefix {

  /** Literal addresses only, so parsing never turns into a DNS lookup. */
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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
    if (address == null || !LITERAL.matcher(address).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
