package dev.leash.keycloak.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one byte-exact form of a JSON value that Leash hashes: object members sorted by name (UTF-16
 * code units, as RFC 8785 sorts), no whitespace, strings with the shortest escapes. It is RFC
 * 8785's form for the values audit entries hold: strings, integers, booleans, null, arrays and
 * objects. Fractional numbers are refused, so no float formatting can make two writers disagree.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  public static String write(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /**
   * An object whose member values are already canonical text, such as an envelope around a record
   * canonicalised once: only the members are sorted and joined, no value is written again.
   */
  public static String writeObject(Map<String, String> canonicalValues) {
    StringBuilder out = new StringBuilder();
    out.append('{');
    // String's natural order compares UTF-16 code units, as writeObject(JsonNode, ...) sorts.
    for (Map.Entry<String, String> member : new TreeMap<>(canonicalValues).entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      writeString(member.getKey(), out);
      out.append(':').append(member.getValue());
    }
    return out.append('}').toString();
  }

  /** {@code text} as a canonical JSON string. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    writeString(text, out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    switch (value.getNodeType()) {
      case OBJECT -> writeObject(value, out);
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(value.get(i), out);
        }
        out.append(']');
      }
      case STRING -> writeString(value.textValue(), out);
      case NUMBER -> {
        if (!value.isIntegralNumber()) {
          throw new IllegalArgumentException("Audit entries hold integers only, not " + value);
        }
        if (value.canConvertToLong()) {
          out.append(value.longValue());
        } else {
          out.append(value.bigIntegerValue());
        }
      }
      case BOOLEAN -> out.append(value.booleanValue());
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("Not JSON: " + value.getNodeType());
    }
  }

  private static void writeObject(JsonNode object, StringBuilder out) {
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.properties());
    members.sort(Map.Entry.comparingByKey());
    out.append('{');
    for (int i = 0; i < members.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(members.get(i).getKey(), out);
      out.append(':');
      write(members.get(i).getValue(), out);
    }
    out.append('}');
  }

  /** Appends {@code text} quoted, copying each run of characters that need no escape at once. */
  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, run, i).append(escape(c));
      run = i + 1;
    }
    out.append(text, run, text.length()).append('"');
  }

  private static String escape(char c) {
    return switch (c) {
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case '\b' -> "\\b";
      case '\f' -> "\\f";
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> String.format("\\u%04x", (int) c);
    };
  }
}
