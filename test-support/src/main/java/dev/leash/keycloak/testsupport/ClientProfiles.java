package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A realm's client profiles through the admin REST API, as an admin changes them in the console:
 * lets a test switch an executor's settings between tests without re-importing the realm.
 */
public final class ClientProfiles {

  private final AdminClient admin;
  private final String path;

  public ClientProfiles(KeycloakServer server, String realm) {
    this.admin = server.admin();
    this.path = "/admin/realms/" + realm + "/client-policies/profiles";
  }

  /** The configuration of the first executor {@code executor} in the realm's profiles. */
  public Map<String, Object> configuration(String executor) {
    for (JsonNode profile : admin.get(path).path("profiles")) {
      for (JsonNode entry : profile.path("executors")) {
        if (executor.equals(entry.path("executor").asText())) {
          return Json.MAPPER.convertValue(
              entry.path("configuration"), new TypeReference<Map<String, Object>>() {});
        }
      }
    }
    throw new IllegalArgumentException("no executor " + executor + " in the realm's profiles");
  }

  /** The realm's profiles as they are now, for {@link #restore}. */
  public JsonNode snapshot() {
    return admin.get(path);
  }

  /** Puts back profiles taken with {@link #snapshot}. */
  public void restore(JsonNode snapshot) {
    put((ObjectNode) snapshot);
  }

  /**
   * Moves executor {@code executor}, with {@code configuration}, to the end of every realm profile
   * that has it, so it runs after the others.
   */
  public void runLast(String executor, Map<String, Object> configuration) {
    ObjectNode profiles = (ObjectNode) admin.get(path);
    for (JsonNode profile : profiles.path("profiles")) {
      ArrayNode executors = (ArrayNode) profile.path("executors");
      for (int i = 0; i < executors.size(); i++) {
        if (executor.equals(executors.get(i).path("executor").asText())) {
          ObjectNode moved = (ObjectNode) executors.remove(i);
          moved.set("configuration", Json.MAPPER.valueToTree(configuration));
          executors.add(moved);
          break;
        }
      }
    }
    put(profiles);
  }

  /** Replaces, in every realm profile, the configuration of executor {@code executor}. */
  public void configure(String executor, Map<String, Object> configuration) {
    ObjectNode profiles = (ObjectNode) admin.get(path);
    boolean found = false;
    for (JsonNode profile : profiles.path("profiles")) {
      for (JsonNode entry : profile.path("executors")) {
        if (executor.equals(entry.path("executor").asText())) {
          ((ObjectNode) entry).set("configuration", Json.MAPPER.valueToTree(configuration));
          found = true;
        }
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no executor " + executor + " in " + profiles);
    }
    put(profiles);
  }

  /** Takes executor {@code executor} out of every realm profile, as an admin removes it. */
  public void remove(String executor) {
    ObjectNode profiles = (ObjectNode) admin.get(path);
    for (JsonNode profile : profiles.path("profiles")) {
      ArrayNode executors = (ArrayNode) profile.path("executors");
      for (int i = executors.size() - 1; i >= 0; i--) {
        if (executor.equals(executors.get(i).path("executor").asText())) {
          executors.remove(i);
        }
      }
    }
    put(profiles);
  }

  private void put(ObjectNode profiles) {
    HttpResponse<String> response = admin.put(path, profiles);
    if (response.statusCode() != 204) {
      throw new IllegalStateException(
          "updating client profiles answered " + response.statusCode() + ": " + response.body());
    }
  }
}
