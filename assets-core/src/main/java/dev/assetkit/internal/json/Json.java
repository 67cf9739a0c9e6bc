package dev.assetkit.internal.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for the two documents of the store layout ({@code .meta} and
 * {@code .versions}). Reads any valid JSON into {@link Map} (keys in document order), {@link List},
 * {@link String}, {@link Long} or {@link BigDecimal}, {@link Boolean} and {@link #NULL}; writes in
 * Python's {@code json.dumps} style ({@code ", "} and {@code ": "} separators, non-ASCII escaped),
 * the style modelkit writes.
 */
public final class Json {
  /** JSON {@code null}: maps never hold Java null. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** Nesting deeper than this is refused rather than risking a stack overflow. */
  static final int MAX_DEPTH = 64;

  private final String text;
  private int position;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value that fills the whole text (surrounding whitespace allowed).
   *
   * @throws JsonFormatException with the offset of the fault
   */
  public static Object parse(String text) {
    Json parser = new Json(text);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.position != text.length()) {
      throw parser.error("unexpected text after the JSON value");
    }
    return value;
  }

  /** Parses a JSON object; anything else is a {@link JsonFormatException}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      Json start = new Json(text);
      start.skipWhitespace();
      throw start.error("expected a JSON object, found " + typeName(value));
    }
    return (Map<String, Object>) value;
  }

  /** Writes a value made of maps, lists, strings, numbers, booleans and {@link #NULL}. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** A readable name for the JSON type of {@code value}, for error messages. */
  public static String typeName(Object value) {
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value == NULL) {
      return "null";
    }
    return "a number";
  }

  // ---- reading

  private Object value(int depth) {
    if (position >= text.length()) {
      throw error("unexpected end of text");
    }
    char c = text.charAt(position);
    if ((c == '{' || c == '[') && depth >= MAX_DEPTH) {
      // depth counts the containers around this value: this one would be level depth + 1
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private Map<String, Object> object(int depth) {
    position++; // {
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      position++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("expected a string key");
      }
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      map.put(key, value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        position--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) {
    position++; // [
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      position++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth + 1));
      skipWhitespace();
      char c = next();
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        position--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    position++; // opening quote
    // Most strings (paths, hashes, keys) have no escape: take them as one substring. A meta of
    // 10,000 files is ~1.4 MB of such strings, read while the JVM still interprets this code,
    // where appending char by char cost several times as much.
    int start = position;
    while (position < text.length()) {
      char c = text.charAt(position);
      if (c == '"') {
        position++;
        return text.substring(start, position - 1);
      }
      if (c == '\\' || c < 0x20) {
        break;
      }
      position++;
    }
    StringBuilder out = new StringBuilder(position - start + 16).append(text, start, position);
    while (true) {
      if (position >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(position++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        position--;
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escape = next();
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (position + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          int code = 0;
          for (int i = position; i < position + 4; i++) {
            char h = text.charAt(i);
            // ASCII hex only: Integer.parseInt would take a sign, Character.digit other digits
            int digit = h > 'f' ? -1 : Character.digit(h, 16);
            if (digit < 0) {
              throw error("bad \\u escape");
            }
            code = code * 16 + digit;
          }
          out.append((char) code);
          position += 4;
        }
        default -> {
          position--;
          throw error("bad escape '\\" + printable(escape) + "'");
        }
      }
    }
  }

  private Object number() {
    int start = position;
    if (peek() == '-') {
      position++;
    }
    int firstDigit = position;
    if (!digits()) {
      throw error("expected a digit");
    }
    if (text.charAt(firstDigit) == '0' && position > firstDigit + 1) {
      position = firstDigit + 1;
      throw error("leading zero in a number");
    }
    boolean integral = true;
    if (peek() == '.') {
      integral = false;
      position++;
      if (!digits()) {
        throw error("expected a digit after '.'");
      }
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      position++;
      if (peek() == '+' || peek() == '-') {
        position++;
      }
      if (!digits()) {
        throw error("expected a digit in the exponent");
      }
    }
    String literal = text.substring(start, position);
    if (integral && literal.length() <= 20) {
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException e) {
        // beyond the range of a long: fall through to BigDecimal
      }
    }
    return new BigDecimal(literal);
  }

  private boolean digits() {
    int start = position;
    while (position < text.length()
        && text.charAt(position) >= '0'
        && text.charAt(position) <= '9') {
      position++;
    }
    return position > start;
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, position)) {
      throw error("unexpected character '" + printable(text.charAt(position)) + "'");
    }
    position += word.length();
    return value;
  }

  private void skipWhitespace() {
    while (position < text.length()) {
      char c = text.charAt(position);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      position++;
    }
  }

  private char peek() {
    return position < text.length() ? text.charAt(position) : '\0';
  }

  private char next() {
    if (position >= text.length()) {
      throw error("unexpected end of text");
    }
    return text.charAt(position++);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    position++;
  }

  private JsonFormatException error(String what) {
    return new JsonFormatException("malformed JSON at offset " + position + ": " + what);
  }

  private static String printable(char c) {
    return c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c);
  }

  // ---- writing

  private static void write(Object value, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(separator);
        writeString(String.valueOf(entry.getKey()), out);
        out.append(": ");
        write(entry.getValue(), out);
        separator = ", ";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      String separator = "";
      for (Object item : list) {
        out.append(separator);
        write(item, out);
        separator = ", ";
      }
      out.append(']');
    } else if (value instanceof String string) {
      writeString(string, out);
    } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
      out.append(value);
    } else if (value instanceof BigDecimal decimal) {
      out.append(decimal.toString());
    } else if (value instanceof Double number && !number.isNaN() && !number.isInfinite()) {
      out.append(number);
    } else if (value == NULL || value == null) {
      out.append("null");
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass() + " as JSON");
    }
  }

  private static void writeString(String string, StringBuilder out) {
    out.append('"');
    int plain = 0; // the leading characters that need no escape: appended in one go, as reading
    while (plain < string.length()) {
      char c = string.charAt(plain);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        break;
      }
      plain++;
    }
    out.append(string, 0, plain);
    for (int i = plain; i < string.length(); i++) {
      char c = string.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c)); // Python's ensure_ascii
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
