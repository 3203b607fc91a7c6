package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.Page;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo agent script ({@code ./leash agent}) runs the device flow to a token, as the README
 * says.
 */
@LeashKeycloakTest
class DemoAgentIT {

  private static final Pattern LINK = Pattern.compile("(http\\S+/device\\?user_code=\\S+)");
  private static final Pattern CODE = Pattern.compile("shows this code: (\\S+)");

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  @Test
  void demoAgentPrintsTheTokenClaimsAfterApproval(KeycloakServer server) throws Exception {
    Path agentSource =
        Path.of(System.getProperty("leash.repo.root")).resolve("pack/src/demo/DemoAgent.java");
    Process agent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                agentSource.toString(),
                "--server",
                server.baseUri().toString())
            .redirectErrorStream(true)
            .start();
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
      String link = awaitMatch(lines, output, LINK);
      String userCode = awaitMatch(lines, output, CODE);

      Page done = demo.realm().approverAs(demo.realm().alice()).approve(link, userCode);
      assertTrue(done.text().contains("Device Login Successful"), done::toString);

      assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "the agent did not finish: " + output);
      lines.lines().forEach(output::add);
    } finally {
      agent.destroyForcibly();
    }
    assertEquals(0, agent.exitValue(), String.join("\n", output));
    String printed = String.join("\n", output);
    assertTrue(printed.contains("Access granted"), printed);
    assertTrue(printed.contains("\"preferred_username\":\"alice\""), printed);
    assertTrue(printed.contains("\"cnf\":{\"jkt\""), "the token is not DPoP-bound: " + printed);
    assertTrue(printed.contains("\"binding\":\"dpop\""), "no agent claim: " + printed);
  }

  private static String awaitMatch(BufferedReader lines, List<String> output, Pattern pattern)
      throws IOException {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      output.add(line);
      Matcher match = pattern.matcher(line);
      if (match.find()) {
        return match.group(1);
      }
    }
    throw new IllegalStateException("the agent ended without printing " + pattern + ": " + output);
  }
}
