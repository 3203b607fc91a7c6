package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookUrlPolicyTest {

  private final WebhookUrlPolicy httpsOnly = new WebhookUrlPolicy(false);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://siem.example.com/leash",
        "https://10.0.0.5:8443/hook?tenant=a",
        "http://127.0.0.1:8081/hook",
        "http://127.5.6.7/hook",
        "http://localhost:9999/",
        "http://[::1]:8081/hook"
      })
  void acceptsHttpsAndLoopbackHttp(String url) {
    assertEquals(Optional.empty(), httpsOnly.problem(url));
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
    assertTrue(httpsOnly.problem(url).isPresent(), url);
  }

  @Test
  void anOptionAllowsHttpToAnyHost() {
    assertEquals(
        Optional.empty(), new WebhookUrlPolicy(true).problem("http://siem.example.com/leash"));
  }

  @Test
  void refusesOverlongUrls() {
    assertTrue(httpsOnly.problem("https://a.example/" + "x".repeat(2000)).isPresent());
  }
}
