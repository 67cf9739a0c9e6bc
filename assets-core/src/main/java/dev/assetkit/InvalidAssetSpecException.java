package dev.assetkit;

/**
 * An asset spec ({@code name[:version][[sub/part]]}) that cannot be parsed. Carries the input, the
 * index of the offending character and a one-line reason, so that tools can point at the fault.
 */
public class InvalidAssetSpecException extends AssetsException {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final int index;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param input the spec as given
   * @param index the index of the offending character in {@code input}
   * @param reason what is wrong and what is expected, in one line
   */
  public InvalidAssetSpecException(String input, int index, String reason) {
    super(
        ErrorKind.INVALID_INPUT,
        "invalid asset spec '" + printable(input) + "' at index " + index + ": " + reason);
    this.input = input;
    this.index = index;
    this.reason = reason;
  }

  /** The spec as given. */
  public String input() {
    return input;
  }

  /** The index of the offending character in {@link #input()}. */
  public int index() {
    return index;
  }

  /** What is wrong, without the input. */
  public String reason() {
    return reason;
  }

  /** Two lines: the (printable) input, and a caret under the offending character. */
  public String caret() {
    String shown = printable(input);
    int column = printable(input.substring(0, Math.min(index, input.length()))).length();
    return shown + "\n" + " ".repeat(Math.min(column, shown.length())) + "^";
  }

  /** The input with control characters and line separators shown as escapes, on one line. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // C1 controls and Unicode line separators would break the line too.
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
