package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {

  /**
   * Names as a DNS server would answer them; anything else (IP literals, {@code localhost}) the JDK
   * resolves as the HTTP client does, without the network.
   */
  private static final Map<String, String[]> DNS =
      Map.of(
          "siem.example.com", new String[] {"93.184.216.34"},
          "v6.siem.example.com", new String[] {"2606:2800:220:1:248:1893:25c8:1946"},
          "internal.example.com", new String[] {"10.20.30.40"},
          "metadata.example.com", new String[] {"169.254.169.254"},
          "two-faced.example.com", new String[] {"93.184.216.34", "127.0.0.1"},
          "127.0.0.1.nip.example", new String[] {"127.0.0.1"},
          "ula.example.com", new String[] {"fd00:ec2::254"});

  private static final HostResolver RESOLVER =
      host -> {
        String[] answer = DNS.get(host);
        if (answer == null) {
          if (host.endsWith(".example") || host.endsWith(".example.com")) {
            throw new UnknownHostException(host);
          }
          return InetAddress.getAllByName(host);
        }
        InetAddress[] addresses = new InetAddress[answer.length];
        for (int i = 0; i < answer.length; i++) {
          addresses[i] = InetAddress.getByName(answer[i]);
        }
        return addresses;
      };

  private final WebhookUrlPolicy defaults = new WebhookUrlPolicy(false, false, RESOLVER);
  private final WebhookUrlPolicy privateAllowed = new WebhookUrlPolicy(false, true, RESOLVER);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://siem.example.com/leash",
        "https://v6.siem.example.com:8443/hook?tenant=a",
        "https://93.184.216.34/hook",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
        "https://172.32.0.1/hook",
        "https://172.15.255.255/hook",
        "https://192.169.0.1/hook",
        "https://100.128.0.1/hook",
        "https://169.255.0.1/hook",
        "https://11.0.0.1/hook",
        "https://not-yet-in-dns.example.com/hook"
      })
  void acceptsHttpsToPublicDestinations(String url) {
    assertEquals(Optional.empty(), defaults.problem(url));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // loopback, by literal and by name
        "https://127.0.0.1:9000/metrics",
        "https://127.5.6.7/hook",
        "https://localhost:9000/health",
        "https://[::1]:9000/hook",
        "https://127.0.0.1.nip.example/hook",
        // the unspecified address, which Linux connects to this host
        "https://0.0.0.0:9000/",
        "https://[::]:9000/",
        // private networks
        "https://10.0.0.5/hook",
        "https://10.255.255.255/hook",
        "https://172.16.0.1/hook",
        "https://172.31.255.255/hook",
        "https://192.168.1.10/hook",
        "https://100.64.0.1/hook",
        "https://[fc00::1]/hook",
        "https://[fd12:3456::1]/hook",
        "https://[fec0::1]/hook",
        "https://internal.example.com/hook",
        "https://ula.example.com/hook",
        // link-local: cloud metadata services
        "https://169.254.169.254/latest/meta-data/",
        "https://metadata.example.com/",
        "https://[fe80::1]/hook",
        // IPv6 forms carrying a private IPv4 address
        "https://[::ffff:127.0.0.1]/hook",
        "https://[0:0:0:0:0:ffff:7f00:1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://[::127.0.0.1]/hook",
        "https://[64:ff9b::a00:1]/hook",
        "https://[2002:7f00:1::]/hook",
        "https://[64:ff9b:1::5db8:d822]/hook",
        "https://192.0.0.8/hook",
        "https://198.18.0.1/hook",
        "https://198.19.255.255/hook",
        "https://168.63.129.16/machine",
        // forms of 127.0.0.1 that the JDK's URI and resolver accept
        "https://2130706433/hook",
        "https://127.000.000.001/hook",
        "https://0/hook",
        // multicast, broadcast and reserved
        "https://224.0.0.1/hook",
        "https://255.255.255.255/hook",
        "https://240.0.0.1/hook",
        "https://[ff02::1]/hook",
        // one private address among public ones is enough
        "https://two-faced.example.com/hook"
      })
  void refusesTheServersOwnNetworksByDefault(String url) {
    Optional<String> problem = defaults.problem(url);
    assertTrue(problem.isPresent(), url);
    assertTrue(problem.get().contains("webhook-allow-private"), problem::get);
    assertEquals(Optional.empty(), privateAllowed.problem(url), "allowed by the option: " + url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://0x7f.0.0.1/hook",
        "https://127.1/hook",
        "https://%31%32%37.0.0.1/hook",
        "https://0177.0.0.1@127.0.0.1/hook"
      })
  void hostsTheJdkCannotTakeApartAreRefused(String url) {
    assertTrue(defaults.problem(url).isPresent(), url);
    assertTrue(privateAllowed.problem(url).isPresent(), url);
  }

  @Test
  void theJdkReadsOctalLookingAddressesAsDecimalAndSoDoesThePolicy() throws Exception {
    // The HTTP client connects to what InetAddress resolves: 177.0.0.1, not 127.0.0.1.
    assertEquals("177.0.0.1", InetAddress.getByName("0177.0.0.1").getHostAddress());
    assertEquals(Optional.empty(), defaults.problem("https://0177.0.0.1/hook"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8081/hook",
        "http://127.5.6.7/hook",
        "http://localhost:9999/",
        "http://[::1]:8081/hook"
      })
  void plainHttpOnlyToLoopbackAndOnlyWhenPrivateDestinationsAreAllowed(String url) {
    assertEquals(Optional.empty(), privateAllowed.problem(url));
    assertTrue(defaults.problem(url).isPresent(), url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "http://siem.example.com/leash",
        "http://10.0.0.5/hook",
        "http://127.0.0.1.evil.example/hook",
        "http://localhost.evil.example/hook",
        "ftp://siem.example.com/",
        "file:///etc/passwd",
        "https:///no-host",
        "https://user:pass@siem.example.com/",
        "https://siem.example.com/#fragment",
        "/relative/path",
        "https://siem example.com/"
      })
  void refusesEverythingElse(String url) {
    assertTrue(privateAllowed.problem(url).isPresent(), url);
  }

  @Test
  void anOptionAllowsHttpToAnyPublicHost() {
    WebhookUrlPolicy httpAllowed = new WebhookUrlPolicy(true, false, RESOLVER);
    assertEquals(Optional.empty(), httpAllowed.problem("http://siem.example.com/leash"));
    assertTrue(httpAllowed.problem("http://10.0.0.5/hook").isPresent());
  }

  /** The HTTP client would refuse it only when it sends, and the webhook would never deliver. */
  @ParameterizedTest
  @ValueSource(strings = {"https://siem.example.com:70000/hook", "https://siem.example.com:0/"})
  void refusesPortsOutOfRange(String url) {
    assertTrue(defaults.problem(url).orElseThrow().contains("port"), url);
  }

  @Test
  void refusesOverlongUrls() {
    assertTrue(privateAllowed.problem("https://a.example/" + "x".repeat(2000)).isPresent());
  }
}
