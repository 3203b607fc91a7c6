package dev.leash.keycloak.audit.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Addresses inside the server's own networks, which a realm admin's webhook must not reach unless
 * the server allows it: this host (loopback, and the unspecified address, which Linux connects to
 * this host), private networks (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10),
 * link-local ones (169.254/16, where cloud metadata services answer, and fe80::/10), Azure's host
 * services address (168.63.129.16), the protocol-assignment and benchmarking ranges (192.0.0/24,
 * 198.18/15), multicast, broadcast and reserved ranges. IPv6 forms that carry an IPv4 address
 * (mapped, compatible, NAT64, 6to4) are judged by that address; the local-use NAT64 prefix
 * (64:ff9b:1::/48) is private whatever it carries.
 */
final class PrivateAddresses {

  private PrivateAddresses() {}

  static boolean isPrivate(InetAddress address) {
    if (address instanceof Inet6Address ipv6) {
      byte[] bytes = ipv6.getAddress();
      Inet4Address embedded = embeddedIpv4(bytes);
      if (embedded != null) {
        return isPrivate(embedded);
      }
      return ipv6.isLoopbackAddress()
          || ipv6.isAnyLocalAddress()
          || ipv6.isLinkLocalAddress()
          || ipv6.isSiteLocalAddress()
          || ipv6.isMulticastAddress()
          || (bytes[0] & 0xfe) == 0xfc // unique local, fc00::/7
          || isLocalUseNat64(bytes);
    }
    byte[] bytes = address.getAddress();
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    int third = bytes[2] & 0xff;
    return address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isMulticastAddress()
        || first == 0 // "this network": 0.x.x.x reaches this host on Linux
        || (first == 100 && (second & 0xc0) == 64) // shared address space, 100.64/10
        || (first == 192 && second == 0 && third == 0) // IETF protocol assignments, 192.0.0/24
        || (first == 198 && (second & 0xfe) == 18) // benchmarking, 198.18/15
        || (first == 168 && second == 63 && third == 129 && (bytes[3] & 0xff) == 16) // Azure
        || first >= 240; // reserved, and the broadcast address
  }

  /** 64:ff9b:1::/48, NAT64 inside one's own network (RFC 8215). */
  private static boolean isLocalUseNat64(byte[] ipv6) {
    return ipv6[0] == 0x00
        && ipv6[1] == 0x64
        && ipv6[2] == (byte) 0xff
        && ipv6[3] == (byte) 0x9b
        && ipv6[4] == 0x00
        && ipv6[5] == 0x01;
  }

  /** The IPv4 address an IPv6 address carries, or {@code null}. */
  private static Inet4Address embeddedIpv4(byte[] ipv6) {
    boolean firstTenZero = Arrays.equals(ipv6, 0, 10, new byte[10], 0, 10);
    boolean mapped = firstTenZero && ipv6[10] == (byte) 0xff && ipv6[11] == (byte) 0xff;
    boolean compatible = firstTenZero && ipv6[10] == 0 && ipv6[11] == 0; // also :: and ::1
    boolean nat64 =
        ipv6[0] == 0x00
            && ipv6[1] == 0x64
            && ipv6[2] == (byte) 0xff
            && ipv6[3] == (byte) 0x9b
            && Arrays.equals(ipv6, 4, 12, new byte[8], 0, 8);
    if (mapped || compatible || nat64) {
      return ipv4(Arrays.copyOfRange(ipv6, 12, 16));
    }
    if (ipv6[0] == 0x20 && ipv6[1] == 0x02) { // 6to4, 2002::/16
      return ipv4(Arrays.copyOfRange(ipv6, 2, 6));
    }
    return null;
  }

  private static Inet4Address ipv4(byte[] bytes) {
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException("4 bytes are an IPv4 address", impossible);
    }
  }
}
