package dev.assetkit;

import dev.assetkit.spi.VersioningSystem;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asks for: {@code name[:version][[sub/part]]}, such as {@code
 * models/encoder:1.2[vocab.txt]}.
 *
 * <p>The name is {@code /}-separated segments matching modelkit's {@code
 * [a-zA-Z0-9]([a-zA-Z0-9\-_./]*[a-zA-Z0-9])?}, with no empty, {@code .} or {@code ..} segment, and
 * a last segment not ending in {@code .versions}. The version may be partial ({@code name:1}); its
 * syntax belongs to a {@link VersioningSystem}. The sub-part is a relative path inside a directory
 * asset.
 *
 * @param name the asset name, such as {@code models/encoder}
 * @param version the requested version, possibly partial; empty means the latest
 * @param subPart a relative path inside the version, without a leading {@code /}
 */
public record AssetSpec(String name, Optional<String> version, Optional<String> subPart) {

  private static final String NAME_HINT =
      "names look like 'category/name', such as 'models/encoder'";

  /** Checks the parts; use {@link #parse(String)} for text. */
  public AssetSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(subPart, "subPart");
    // No lambdas here: specs are parsed on the start-up path of a cached fetch, where the first
    // lambda costs ~7 ms of bootstrap (bench/analysis.md, figure 2).
    String text = render(name, version, subPart);
    checkControlCharacters(text);
    checkName(text, name, 0);
    if (version.isPresent()) {
      checkVersionChars(text, version.get(), name.length() + 1);
    }
    if (subPart.isPresent()) {
      String sub = subPart.get();
      checkSubPart(text, sub, text.length() - sub.length() - 1);
    }
  }

  /** A spec for the latest version of {@code name}. */
  public static AssetSpec of(String name) {
    return new AssetSpec(name, Optional.empty(), Optional.empty());
  }

  /** A spec for {@code version} of {@code name}. */
  public static AssetSpec of(String name, String version) {
    return new AssetSpec(name, Optional.of(version), Optional.empty());
  }

  /**
   * Parses a spec; the version's characters are checked, its form is left to the versioning system.
   *
   * @throws InvalidAssetSpecException with the index of the fault
   */
  public static AssetSpec parse(String input) {
    Objects.requireNonNull(input, "input");
    if (input.isEmpty()) {
      throw new InvalidAssetSpecException(input, 0, "empty asset spec; " + NAME_HINT);
    }
    checkControlCharacters(input);
    String rest = input;
    Optional<String> subPart = Optional.empty();
    int open = input.indexOf('[');
    if (open >= 0) {
      if (!input.endsWith("]") || input.indexOf(']') != input.length() - 1) {
        int bad = input.indexOf(']') >= 0 ? input.indexOf(']') + 1 : input.length();
        throw new InvalidAssetSpecException(
            input,
            Math.min(bad, input.length()),
            "a sub-part must end the spec: name:version[sub/part]");
      }
      String part = input.substring(open + 1, input.length() - 1);
      int partStart = open + 1;
      if (part.startsWith("/")) {
        part = part.substring(1);
        partStart++;
      }
      checkSubPart(input, part, partStart);
      subPart = Optional.of(part);
      rest = input.substring(0, open);
    } else if (input.indexOf(']') >= 0) {
      throw new InvalidAssetSpecException(input, input.indexOf(']'), "']' without '['");
    }
    Optional<String> version = Optional.empty();
    int colon = rest.indexOf(':');
    String name = rest;
    if (colon >= 0) {
      name = rest.substring(0, colon);
      String v = rest.substring(colon + 1);
      if (v.isEmpty()) {
        throw new InvalidAssetSpecException(
            input, colon + 1, "empty version after ':'; drop the ':' for the latest version");
      }
      checkVersionChars(input, v, colon + 1);
      version = Optional.of(v);
    }
    checkName(input, name, 0);
    return new AssetSpec(name, version, subPart);
  }

  /**
   * Parses a spec and checks its version with {@code versioning}.
   *
   * @throws InvalidAssetSpecException with the index of the fault
   */
  public static AssetSpec parse(String input, VersioningSystem versioning) {
    AssetSpec spec = parse(input);
    if (spec.version().isPresent()) {
      Optional<VersioningSystem.VersionProblem> problem = versioning.problem(spec.version().get());
      if (problem.isPresent()) {
        throw new InvalidAssetSpecException(
            input, spec.name().length() + 1 + problem.get().index(), problem.get().reason());
      }
    }
    return spec;
  }

  /** The same spec with another version. */
  public AssetSpec withVersion(String newVersion) {
    return new AssetSpec(name, Optional.of(newVersion), subPart);
  }

  /** The name's segments, such as {@code [models, encoder]}. */
  public List<String> nameSegments() {
    return List.of(name.split("/"));
  }

  @Override
  public String toString() {
    return render(name, version, subPart);
  }

  private static String render(String name, Optional<String> version, Optional<String> subPart) {
    StringBuilder text = new StringBuilder(name);
    if (version.isPresent()) {
      text.append(':').append(version.get());
    }
    if (subPart.isPresent()) {
      text.append('[').append(subPart.get()).append(']');
    }
    return text.toString();
  }

  private static void checkControlCharacters(String input) {
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      if (Character.isISOControl(c)) {
        String what = c == '\n' ? "newline" : "control character";
        throw new InvalidAssetSpecException(input, i, what + " in asset spec");
      }
    }
  }

  private static void checkName(String input, String name, int offset) {
    if (name.isEmpty()) {
      throw new InvalidAssetSpecException(input, offset, "empty asset name; " + NAME_HINT);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.' && c != '/') {
        throw new InvalidAssetSpecException(
            input, offset + i, "'" + shown(c) + "' is not allowed in a name; " + NAME_HINT);
      }
    }
    if (!isAlphanumeric(name.charAt(0))) {
      throw new InvalidAssetSpecException(
          input, offset, "a name starts with a letter or a digit; " + NAME_HINT);
    }
    if (!isAlphanumeric(name.charAt(name.length() - 1))) {
      throw new InvalidAssetSpecException(
          input, offset + name.length() - 1, "a name ends with a letter or a digit; " + NAME_HINT);
    }
    int start = 0;
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new InvalidAssetSpecException(
            input, offset + start, "empty path segment; " + NAME_HINT);
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidAssetSpecException(
            input, offset + start, "'" + segment + "' is not allowed as a name segment");
      }
      start += segment.length() + 1;
    }
    if (name.endsWith(".versions")) {
      throw new InvalidAssetSpecException(
          input,
          offset + name.length() - ".versions".length(),
          "a name cannot end in '.versions', which is the index object of the store");
    }
  }

  private static void checkVersionChars(String input, String version, int offset) {
    if (version.isEmpty()) {
      throw new InvalidAssetSpecException(input, offset, "empty version");
    }
    for (int i = 0; i < version.length(); i++) {
      char c = version.charAt(i);
      if (!isAlphanumeric(c) && c != '.' && c != '-' && c != '_') {
        throw new InvalidAssetSpecException(
            input, offset + i, "'" + shown(c) + "' is not allowed in a version, such as 1.2 or 1");
      }
    }
  }

  private static void checkSubPart(String input, String part, int offset) {
    if (part.isEmpty()) {
      throw new InvalidAssetSpecException(
          input, offset, "empty sub-part; write name:version[dir/file]");
    }
    if (part.startsWith("/")) {
      throw new InvalidAssetSpecException(input, offset, "absolute sub-part; use a relative path");
    }
    int bracket = part.indexOf(']');
    if (bracket >= 0) { // parse() cannot read it back: ']' closes the sub-part
      throw new InvalidAssetSpecException(input, offset + bracket, "']' in sub-part");
    }
    int start = 0;
    for (String segment : part.split("/", -1)) {
      if (segment.isEmpty()) {
        throw new InvalidAssetSpecException(input, offset + start, "empty segment in sub-part");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidAssetSpecException(
            input, offset + start, "'" + segment + "' would leave the asset; use a path inside it");
      }
      int backslash = segment.indexOf('\\');
      if (backslash >= 0) {
        throw new InvalidAssetSpecException(
            input, offset + start + backslash, "backslash in sub-part; use '/' between segments");
      }
      start += segment.length() + 1;
    }
  }

  private static String shown(char c) {
    return InvalidAssetSpecException.printable(String.valueOf(c));
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
