package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Makes one of a client's optional client scopes a default scope, which Keycloak grants unasked,
 * through the admin API; {@link #close()} makes it optional again.
 */
public final class DefaultClientScope implements AutoCloseable {

  private final AdminClient admin;
  private final String optional;
  private final String asDefault;

  private DefaultClientScope(AdminClient admin, String clientPath, String scopeId) {
    this.admin = admin;
    this.optional = clientPath + "/optional-client-scopes/" + scopeId;
    this.asDefault = clientPath + "/default-client-scopes/" + scopeId;
  }

  public static DefaultClientScope make(
      KeycloakServer server, String realm, String clientId, String scopeName) {
    AdminClient admin = server.admin();
    String realmPath = "/admin/realms/" + realm;
    String clientPath =
        realmPath
            + "/clients/"
            + admin.get(realmPath + "/clients?clientId=" + clientId).path(0).path("id").asText();
    String scopeId = null;
    for (JsonNode scope : admin.get(realmPath + "/client-scopes")) {
      if (scopeName.equals(scope.path("name").asText())) {
        scopeId = scope.path("id").asText();
      }
    }
    if (scopeId == null) {
      throw new IllegalArgumentException("no client scope " + scopeName + " in realm " + realm);
    }
    DefaultClientScope scope = new DefaultClientScope(admin, clientPath, scopeId);
    scope.move(scope.optional, scope.asDefault);
    return scope;
  }

  @Override
  public void close() {
    move(asDefault, optional);
  }

  private void move(String from, String to) {
    expect(admin.send("DELETE", from, null));
    expect(admin.put(to, Map.of()));
  }

  private static void expect(HttpResponse<String> response) {
    if (response.statusCode() != 204) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.uri()
              + ": "
              + response.statusCode()
              + " "
              + response.body());
    }
  }
}
