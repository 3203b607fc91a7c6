package dev.leash.keycloak.audit.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts one signed event and answers the receiver's status. The receiver is not trusted: redirects
 * are never followed (to that host or another), its answer's body is never read, and connecting and
 * answering each have a time limit. It never goes through a proxy, whatever the JVM's proxy
 * settings say. One sender (one HTTP client) serves every realm.
 */
public final class WebhookSender {

  static final String USER_AGENT = "Leash-Audit-Webhook/1";

  private final HttpClient http;
  private final Duration timeout;

  public WebhookSender(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            // Directly, as the URL policy judged it: a proxy would resolve the name itself, and
            // reach names inside its network that do not resolve here.
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * The status the receiver answered to {@code body}.
   *
   * @throws java.net.http.HttpTimeoutException when it did not answer in time
   * @throws IOException when it could not be reached
   */
  int post(URI url, byte[] body, String signature) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", CloudEvent.CONTENT_TYPE)
            .header("User-Agent", USER_AGENT)
            .header(WebhookSignature.HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    // Closing unread drops the connection rather than read whatever the receiver streams.
    response.body().close();
    return response.statusCode();
  }
}
