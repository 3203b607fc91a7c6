package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.FreePorts;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakOptions;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.SyslogReceiver;
import dev.leash.keycloak.testsupport.TestUser;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several sinks at once on a real server: the JSON-lines file with a tiny maximum size (rotated
 * often, never a line split, nothing lost); syslog over TLS to a receiver in this test whose
 * self-signed certificate Keycloak trusts through {@code --truststore-paths} (down, entries wait;
 * back, every entry arrives, in order); and two webhooks of one realm, one of them down, which
 * holds back neither the other nor the file.
 */
@LeashKeycloakTest
@KeycloakOptions({
  "--spi-events-listener--leash-audit--file-max-size=" + AuditSinksIT.MAX_FILE_SIZE,
  "--spi-events-listener--leash-audit--file-keep=1000",
  "--spi-events-listener--leash-audit--syslog-host=127.0.0.1",
  "--spi-events-listener--leash-audit--syslog-port=${leash.it.syslog-port}",
  "--spi-events-listener--leash-audit--syslog-timeout=3",
  "--truststore-paths=${leash.it.syslog-certificate}"
})
class AuditSinksIT {

  static final int MAX_FILE_SIZE = 3000;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final TestUser APPROVER = TestUser.withPassword("sk-approver", "approver-pass");
  private static final TestUser VIEWER = TestUser.withPassword("sk-viewer", "viewer-pass");
  private static final TestUser MASTER_VIEWER =
      TestUser.withPassword("sk-master-viewer", "master-viewer-pass");
  private static final Pattern SD_PARAM = Pattern.compile(" ([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private static final SyslogReceiver syslog;

  static {
    try {
      Path certificate =
          Files.createTempDirectory("leash-it-syslog").resolve("syslog-receiver.pem");
      syslog = SyslogReceiver.withTls(certificate);
      System.setProperty("leash.it.syslog-port", Integer.toString(syslog.port()));
      System.setProperty("leash.it.syslog-certificate", certificate.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmAdminRequests.addViewer(json, VIEWER);
            json.put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true);
          });

  private static AuditApi audit;
  private static RealmAdminRequests viewer;
  private static RealmAdminRequests masterViewer;
  private static String realmId;
  private static KeycloakServer keycloak;

  @BeforeAll
  static void connect(KeycloakServer server) {
    keycloak = server;
    audit = new AuditApi(server.admin(), DemoRealm.NAME);
    viewer = new RealmAdminRequests(server, VIEWER);
    masterViewer = RealmAdminRequests.createMasterViewer(server, MASTER_VIEWER);
    realmId = server.admin().get("/admin/realms/" + DemoRealm.NAME).path("id").asText();
  }

  @AfterAll
  static void stopTheReceiverAndDeleteTheMasterViewer(KeycloakServer server) {
    syslog.close();
    RealmAdminRequests.deleteMasterViewer(server, MASTER_VIEWER);
  }

  @Test
  void theFileRotatesBySizeAndNoEntryIsSplitOrLost() throws Exception {
    approveAndFetchTokens(UUID.randomUUID().toString());
    approveAndFetchTokens(UUID.randomUUID().toString());
    JsonNode delivery = audit.awaitDelivery(state -> AuditApi.caughtUp(state, "file"), TIMEOUT);

    Path file = Path.of(System.getProperty("leash.it.audit-dir"), DemoRealm.NAME + ".jsonl");
    List<Path> files = new ArrayList<>();
    for (int n = 1000; n >= 1; n--) {
      Path rotated = file.resolveSibling(file.getFileName() + "." + n);
      if (Files.exists(rotated)) {
        files.add(rotated);
      }
    }
    files.add(file);
    assertTrue(files.size() >= 3, () -> "rotated files: " + files);
    long expectedSeq = 1;
    for (Path each : files) {
      List<String> lines = Files.readAllLines(each, StandardCharsets.UTF_8);
      boolean ours = false;
      for (String line : lines) {
        JsonNode entry = Json.parse(line); // A split line would not parse.
        if (realmId.equals(entry.path("realm_id").asText())) {
          assertEquals(expectedSeq, entry.path("seq").asLong(), "every entry once, in order");
          expectedSeq++;
          ours = true;
        }
      }
      // Earlier servers' files (other realm ids) were rotated away whole, whatever their size.
      assertTrue(
          !ours || Files.size(each) <= MAX_FILE_SIZE || lines.size() == 1,
          () -> each + " has " + lines.size() + " lines in more than " + MAX_FILE_SIZE + " bytes");
    }
    // The drainer may have sealed and written more since the delivery state was read.
    assertTrue(expectedSeq - 1 >= delivery.path("last_seq").asLong(), delivery::toString);
  }

  @Test
  void syslogOverTlsGetsEveryEntryInOrderAfterTheReceiverWasDown() throws Exception {
    String instance = UUID.randomUUID().toString();
    syslog.stop();
    try {
      approveAndFetchTokens(instance);
      JsonNode outage =
          audit.awaitDelivery(delivery -> AuditApi.failing(delivery, "syslog"), TIMEOUT);
      assertTrue(
          audit.sink("syslog").path("last_error").asText().startsWith("Cannot send to syslog"),
          outage::toString);
      // The syslog sink is the server's: its error names the server's receiver, which the realm's
      // admins are not shown, whether they are the realm's users or the master realm's.
      for (RealmAdminRequests realmAdmin : List.of(viewer, masterViewer)) {
        String seen = realmAdmin.send("GET", "/delivery").body();
        assertTrue(seen.contains("shown to server operators"), seen);
        assertFalse(seen.contains("Cannot send to syslog"), seen);
      }
    } finally {
      syslog.start();
    }
    JsonNode delivery = audit.awaitDelivery(state -> AuditApi.caughtUp(state, "syslog"), TIMEOUT);

    Set<String> entryIds = new HashSet<>();
    long expectedSeq = 1;
    boolean approvedSeen = false;
    for (byte[] message : syslog.messages()) {
      String text = new String(message, StandardCharsets.UTF_8);
      Map<String, String> params = structuredData(text);
      if (!realmId.equals(params.get("realm_id")) || !entryIds.add(params.get("entry_id"))) {
        continue; // Another server's realm, or an at-least-once repeat.
      }
      assertTrue(text.matches("(?s)<8[4-6]>1 \\S+ \\S+ leash - [a-z]+ \\[leash@32473 .*"), text);
      assertEquals(DemoRealm.NAME, params.get("realm"));
      assertEquals(expectedSeq, Long.parseLong(params.get("seq")), "in order, none missing");
      JsonNode entry = Json.parse(SyslogReceiver.body(message));
      assertEquals(params.get("entry_id"), entry.path("entry_id").asText());
      assertEquals(params.get("hash"), entry.path("hash").asText());
      JsonNode record = entry.path("record");
      if (instance.equals(record.at("/device/claimed/agent_instance").asText())
          && "approved".equals(record.path("outcome").asText())) {
        approvedSeen = true;
        assertTrue(text.startsWith("<85>1 "), "authpriv.notice for an approval: " + text);
      }
      expectedSeq++;
    }
    assertTrue(approvedSeen, "the approval sent while the receiver was down arrived");
    assertEquals(delivery.path("last_seq").asLong(), expectedSeq - 1, delivery::toString);
  }

  @Test
  void twoWebhooksAndTheFileGetEveryEntryAndOneWebhookDownDelaysNoOther() throws Exception {
    String siemSecret = "siem-" + "0b7e4f19c2a86d53".repeat(3);
    String archiveSecret = "archive-" + "e61a0c5d93f27b48".repeat(3);
    try (WebhookReceiver siem = WebhookReceiver.listening();
        WebhookReceiver archive = WebhookReceiver.listening()) {
      audit.setWebhook("siem", siem.url(), siemSecret, "leash");
      audit.setWebhook("archive", archive.url(), archiveSecret, "ocsf");
      try {
        JsonNode listed = Json.parse(audit.get("/webhooks").body());
        assertEquals(2, listed.size(), listed::toString);
        assertEquals("webhook:archive", listed.get(0).path("sink").asText(), listed::toString);
        assertEquals("ocsf", listed.get(0).path("format").asText(), listed::toString);
        assertFalse(listed.toString().contains(siemSecret), "never a secret");
        assertEquals(archive.url().toString(), listed.get(0).path("url").asText(), "manage-realm");
        // A receiver's URL may hold its credential: view-events sees where entries go, no more.
        JsonNode seenByViewer = Json.parse(viewer.send("GET", "/webhooks").body());
        assertEquals(
            "http://127.0.0.1:" + archive.url().getPort() + "/…",
            seenByViewer.get(0).path("url").asText(),
            seenByViewer::toString);
        assertEquals(
            seenByViewer.get(0), Json.parse(viewer.send("GET", "/webhooks/archive").body()));
        String adminEvents =
            keycloak.admin().get("/admin/realms/" + DemoRealm.NAME + "/admin-events").toString();
        assertTrue(adminEvents.contains("LEASH_AUDIT_WEBHOOK"), adminEvents);
        assertTrue(
            adminEvents.contains("http://127.0.0.1:" + archive.url().getPort() + "/…"),
            adminEvents);
        assertFalse(adminEvents.contains(archive.url().getPath()), "admin events: no whole URL");
        assertFalse(adminEvents.contains(archiveSecret), "admin events: never a secret");

        archive.stop();
        String instance = UUID.randomUUID().toString();
        approveAndFetchTokens(instance);
        ReceivedAuditEvents toSiem = new ReceivedAuditEvents(siem, siemSecret);
        toSiem.awaitAccepted(
            event -> ReceivedAuditEvents.isApprovedWithTokens(event, instance),
            TIMEOUT,
            audit::delivery);
        audit.awaitDelivery(
            state ->
                AuditApi.caughtUp(state, "webhook:siem")
                    && AuditApi.caughtUp(state, "file")
                    && AuditApi.failing(state, "webhook:archive"),
            TIMEOUT);
        assertTrue(archive.deliveries().isEmpty());

        archive.start();
        JsonNode delivery =
            audit.awaitDelivery(
                state ->
                    AuditApi.caughtUp(state, "webhook:siem")
                        && AuditApi.caughtUp(state, "webhook:archive"),
                TIMEOUT);
        toSiem.assertEveryEntryOnceInOrder(delivery);
        new ReceivedAuditEvents(archive, archiveSecret).assertEveryEntryOnceInOrder(delivery);
        JsonNode ocsf = Json.parse(archive.deliveries().get(0).bodyText()).path("data");
        assertEquals(3002, ocsf.path("class_uid").asInt(), ocsf::toString);
        assertEquals(DemoRealm.NAME, ocsf.at("/unmapped/leash_entry/record/realm").asText());
      } finally {
        assertEquals(204, audit.deleteWebhook("siem").statusCode());
        assertEquals(204, audit.deleteWebhook("archive").statusCode());
      }
    }
  }

  @Test
  void theDemoReceiverChecksEachDeliveryAndPrintsEachEntryOnce() throws Exception {
    Path source =
        Path.of(System.getProperty("leash.repo.root")).resolve("pack/src/demo/DemoReceiver.java");
    int port = FreePorts.next();
    String secret = "demo-" + "3c9a5e0f17b24d68".repeat(3);
    Process receiver =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString(),
                "--port",
                Integer.toString(port),
                "--secret",
                secret)
            .redirectErrorStream(true)
            .start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () ->
                new BufferedReader(
                        new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))
                    .lines()
                    .forEach(output::add));
    reader.setDaemon(true);
    reader.start();
    try {
      awaitLine(output, line -> line.startsWith("Waiting for audit entries"));
      audit.setWebhook(
          "demo-receiver",
          URI.create("http://127.0.0.1:" + port + "/leash-audit"),
          secret,
          "leash");
      approveAndFetchTokens(UUID.randomUUID().toString());
      audit.awaitDelivery(state -> AuditApi.caughtUp(state, "webhook:demo-receiver"), TIMEOUT);
      awaitLine(
          output,
          line -> line.contains("approved") && line.contains("approver=" + APPROVER.username()));
      List<String> entries = output.stream().filter(line -> line.startsWith("entry ")).toList();
      assertEquals(
          entries.size(),
          new HashSet<>(entries).size(),
          () -> "each entry once: " + String.join("\n", output));
      assertTrue(
          output.stream().noneMatch(line -> line.startsWith("REFUSED")), String.join("\n", output));
    } finally {
      receiver.destroyForcibly();
      audit.deleteWebhook("demo-receiver");
    }
  }

  private static void awaitLine(List<String> output, Predicate<String> wanted) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (output.stream().noneMatch(wanted) && System.nanoTime() < deadline) {
      AuditApi.pause();
    }
    assertTrue(output.stream().anyMatch(wanted), () -> String.join("\n", output));
  }

  private static Map<String, String> structuredData(String message) {
    String element = message.substring(message.indexOf('['), message.indexOf("] "));
    Map<String, String> params = new java.util.HashMap<>();
    Matcher param = SD_PARAM.matcher(element);
    while (param.find()) {
      params.put(param.group(1), param.group(2).replaceAll("\\\\(.)", "$1"));
    }
    return params;
  }

  private static void approveAndFetchTokens(String instance) {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);
    demo.realm().approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }
}
