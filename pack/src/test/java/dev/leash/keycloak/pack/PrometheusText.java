package dev.leash.keycloak.pack;

import dev.leash.keycloak.testsupport.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.OptionalDouble;

/** The Prometheus text Keycloak's management port answers on {@code /metrics}. */
final class PrometheusText {

  private final String text;

  private PrometheusText(String text) {
    this.text = text;
  }

  static PrometheusText scrape(URI managementUri) {
    return new PrometheusText(
        Http.send(
                Http.client(),
                HttpRequest.newBuilder(managementUri.resolve("/metrics"))
                    .timeout(Http.TIMEOUT)
                    .build())
            .body());
  }

  /** The value of the sample {@code name} whose labels include {@code labels}, if there is one. */
  OptionalDouble value(String name, Map<String, String> labels) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{")
          && labels.entrySet().stream()
              .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\""))) {
        return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return OptionalDouble.empty();
  }

  /**
   * The sum of the non-negative samples {@code name} whose labels include {@code labels} (e.g. the
   * heap's memory pools; a pool without a maximum says -1).
   */
  double sum(String name, Map<String, String> labels) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{")
          && labels.entrySet().stream()
              .allMatch(label -> line.contains(label.getKey() + "=\"" + label.getValue() + "\""))) {
        sum += Math.max(0, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return sum;
  }

  @Override
  public String toString() {
    return text;
  }
}
