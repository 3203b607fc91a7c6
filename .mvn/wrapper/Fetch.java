import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Downloads one URL to a file with nothing but the JDK: used by mvnw on machines without curl. */
public class Fetch {
  public static void main(String[] args) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<Path> response =
        http.send(
            HttpRequest.newBuilder(URI.create(args[0])).build(),
            HttpResponse.BodyHandlers.ofFile(Path.of(args[1])));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(args[0] + " answered HTTP " + response.statusCode());
    }
  }
}
