package dev.leash.keycloak.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain HTTP/1.1 requests from a chosen local address, e.g. 127.0.0.2, so a test can poll as a
 * device on another host, or look like many hosts to per-address limits (the JDK 17 HTTP client
 * cannot choose its source address); or to a chosen server with the {@code Host} header of another
 * URL, as a load balancer forwards a request to one of its nodes (the JDK 17 HTTP client cannot set
 * {@code Host}).
 */
public final class SourceAddressHttp {

  /** An answer as received: status, headers and the body (de-chunked, as UTF-8). */
  public record Answer(int status, HttpHeaders headers, String body) {}

  private SourceAddressHttp() {}

  /**
   * A form post for {@code uri} (its path and {@code Host}) sent to the server at {@code server}'s
   * host and port, from {@code source} ({@code null}: any local address).
   */
  static OAuthResponse postForm(
      InetAddress source, URI server, URI uri, Map<String, String> headers, String formBody) {
    Answer answer = exchange(source, server, "POST", uri, headers, formBody);
    return new OAuthResponse(
        answer.status(), answer.headers(), answer.body(), Json.parse(answer.body()));
  }

  /** GET {@code uri} (path and query) from {@code source}. */
  public static Answer get(InetAddress source, URI uri) {
    return exchange(source, uri, "GET", uri, Map.of(), null);
  }

  private static Answer exchange(
      InetAddress source,
      URI server,
      String method,
      URI uri,
      Map<String, String> headers,
      String formBody) {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout((int) Http.TIMEOUT.toMillis());
      if (source != null) {
        socket.bind(new InetSocketAddress(source, 0));
      }
      socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 10_000);
      byte[] body = formBody == null ? new byte[0] : formBody.getBytes(StandardCharsets.UTF_8);
      String target =
          uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
      StringBuilder request = new StringBuilder();
      request.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      request.append("Host: ").append(uri.getRawAuthority()).append("\r\n");
      if (formBody != null) {
        request.append("Content-Type: application/x-www-form-urlencoded\r\n");
        request.append("Content-Length: ").append(body.length).append("\r\n");
      }
      request.append("Connection: close\r\n");
      headers.forEach(
          (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(
          method + " " + uri + " to " + server + " from " + source + " failed", e);
    }
  }

  private static Answer parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headerEnd = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, headerEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(lines[i].substring(0, colon).trim(), key -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
    HttpHeaders httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
    boolean chunked =
        httpHeaders
            .firstValue("Transfer-Encoding")
            .map(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))
            .orElse(false);
    return new Answer(
        status, httpHeaders, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = new java.io.ByteArrayInputStream(body);
    while (true) {
      StringBuilder size = new StringBuilder();
      int c;
      while ((c = in.read()) != '\n') {
        if (c < 0) {
          return out.toByteArray();
        }
        if (c != '\r') {
          size.append((char) c);
        }
      }
      int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(in.readNBytes(length));
      in.skip(2);
    }
  }
}
