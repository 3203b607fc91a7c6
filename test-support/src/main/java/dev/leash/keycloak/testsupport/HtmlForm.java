package dev.leash.keycloak.testsupport;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.nodes.Element;

/** A form's action and successful controls (HTML 4.01 §17.13.2), editable before submission. */
public final class HtmlForm {

  private final Browser browser;
  private final Element form;
  private URI action;
  private final Map<String, String> fields = new LinkedHashMap<>();

  HtmlForm(Browser browser, Element form) {
    this.browser = browser;
    this.form = form;
    String actionUrl = form.absUrl("action");
    this.action = URI.create(actionUrl.isEmpty() ? form.baseUri() : actionUrl);
    for (Element control : form.select("input[name], textarea[name], select[name]")) {
      String type = control.attr("type").toLowerCase();
      boolean unchecked =
          (type.equals("checkbox") || type.equals("radio")) && !control.hasAttr("checked");
      boolean button = type.equals("submit") || type.equals("button") || type.equals("image");
      if (!unchecked && !button && !control.hasAttr("disabled")) {
        fields.put(control.attr("name"), valueOf(control));
      }
    }
  }

  private static String valueOf(Element control) {
    switch (control.tagName()) {
      case "textarea":
        return control.text();
      case "select":
        Element selected = control.selectFirst("option[selected]");
        Element option = selected != null ? selected : control.selectFirst("option");
        return option == null ? "" : option.attr("value");
      default:
        return control.attr("value");
    }
  }

  public URI action() {
    return action;
  }

  public Map<String, String> fields() {
    return Map.copyOf(fields);
  }

  public HtmlForm set(String name, String value) {
    fields.put(name, value);
    return this;
  }

  /**
   * Sends the form to the same path and query on {@code node} (scheme, host and port of its base
   * URI), as a load balancer sends the browser's next request to another node of a cluster.
   */
  public HtmlForm sentTo(KeycloakServer node) {
    String query = action.getRawQuery() == null ? "" : "?" + action.getRawQuery();
    action = node.baseUri().resolve(action.getRawPath() + query);
    return this;
  }

  /** Submits without naming a button, as pressing Enter in a text field does. */
  public Page submit() {
    return browser.post(action, Http.form(fields));
  }

  /** Submits with the named button pressed (its name and value are sent, as a browser does). */
  public Page submit(String buttonName) {
    return press(
        form.selectFirst("button[name=" + buttonName + "], input[name=" + buttonName + "]"),
        buttonName);
  }

  /** Submits with the button of this name and value pressed, where several share one name. */
  public Page submit(String buttonName, String buttonValue) {
    String selector = "[name=" + buttonName + "][value=" + buttonValue + "]";
    return press(form.selectFirst("button" + selector + ", input" + selector), buttonName);
  }

  private Page press(Element button, String description) {
    if (button == null) {
      throw new IllegalArgumentException("No button " + description + " in form " + action);
    }
    Map<String, String> withButton = new LinkedHashMap<>(fields);
    withButton.put(button.attr("name"), button.attr("value"));
    return browser.post(action, Http.form(withButton));
  }
}
