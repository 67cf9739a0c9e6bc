package dev.assetkit.cli;

import dev.assetkit.AssetsException;
import dev.assetkit.AssetsSettings;
import dev.assetkit.AssetsSettings.Key;
import dev.assetkit.AssetsSettings.Source;
import dev.assetkit.ErrorKind;
import dev.assetkit.Version;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show the effective configuration and where each value comes from (option, ASSETS_*"
          + " variable, modelkit's MODELKIT_* name, or default), the cloud variables the drivers"
          + " read (secrets masked), and the storage drivers found.",
      "Exits with 2 after printing when the configuration is invalid."
    })
final class ConfigCommand extends AssetsCommand {
  private static final String MASK = "********";

  /** A variable a driver reads: whose, and how to show it. */
  private record CloudVariable(String name, String provider, Shown shown) {}

  private enum Shown {
    PLAIN,
    SECRET,
    URL // shown without user info and query, which may hold credentials
  }

  static final List<CloudVariable> CLOUD_VARIABLES =
      List.of(
          new CloudVariable("S3_ENDPOINT", "s3", Shown.URL),
          new CloudVariable("AWS_ENDPOINT_URL_S3", "s3", Shown.URL),
          new CloudVariable("AWS_ENDPOINT_URL", "s3", Shown.URL),
          new CloudVariable("S3_FORCE_PATH_STYLE", "s3", Shown.PLAIN),
          new CloudVariable("S3_UNSIGNED_PAYLOAD", "s3", Shown.PLAIN),
          new CloudVariable("AWS_REGION", "s3", Shown.PLAIN),
          new CloudVariable("AWS_DEFAULT_REGION", "s3", Shown.PLAIN),
          new CloudVariable("AWS_PROFILE", "s3", Shown.PLAIN),
          new CloudVariable("AWS_CONFIG_FILE", "s3", Shown.PLAIN),
          new CloudVariable("AWS_SHARED_CREDENTIALS_FILE", "s3", Shown.PLAIN),
          new CloudVariable("AWS_ACCESS_KEY_ID", "s3", Shown.SECRET),
          new CloudVariable("AWS_SECRET_ACCESS_KEY", "s3", Shown.SECRET),
          new CloudVariable("AWS_SESSION_TOKEN", "s3", Shown.SECRET),
          new CloudVariable("AWS_KMS_KEY_ID", "s3", Shown.PLAIN),
          new CloudVariable("AWS_REQUEST_CHECKSUM_CALCULATION", "s3", Shown.PLAIN),
          new CloudVariable("GOOGLE_APPLICATION_CREDENTIALS", "gcs", Shown.PLAIN),
          new CloudVariable("GOOGLE_CLOUD_PROJECT", "gcs", Shown.PLAIN),
          new CloudVariable("GCLOUD_PROJECT", "gcs", Shown.PLAIN),
          new CloudVariable("STORAGE_EMULATOR_HOST", "gcs", Shown.URL),
          new CloudVariable("AZURE_STORAGE_CONNECTION_STRING", "az", Shown.SECRET),
          new CloudVariable("AZURE_STORAGE_ACCOUNT", "az", Shown.PLAIN),
          new CloudVariable("AZURE_STORAGE_ACCOUNT_URL", "az", Shown.URL),
          new CloudVariable("AZURE_STORAGE_KEY", "az", Shown.SECRET),
          new CloudVariable("AZURE_STORAGE_SAS_TOKEN", "az", Shown.SECRET));

  @Option(
      names = "--json",
      description =
          "Print {\"version\", \"settings\": {NAME: {\"value\", \"source\", \"modelkit_name\","
              + " \"default\"}}, \"environment\": {NAME: {\"value\", \"provider\", \"secret\"}},"
              + " \"drivers\": [ids], \"error\"} as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Optional<AssetsSettings> settings;
    String error = null;
    try {
      settings = Optional.of(settings());
    } catch (AssetsException e) {
      settings = Optional.empty();
      error = e.getMessage();
    }
    Map<Key, String[]> rows = settingRows(settings);
    List<String> drivers;
    String driverError = null;
    try {
      drivers = context().registry().ids();
    } catch (AssetsException e) {
      drivers = List.of();
      driverError = e.getMessage();
    }
    if (json) {
      printJson(document(rows, drivers, error != null ? error : driverError));
    } else {
      print(rows, drivers, error, driverError);
    }
    if (error != null || driverError != null) {
      throw new AssetsException(ErrorKind.INVALID_INPUT, error != null ? error : driverError);
    }
    return 0;
  }

  /** Per setting: value, source. */
  private Map<Key, String[]> settingRows(Optional<AssetsSettings> settings) {
    Map<Key, String[]> rows = new EnumMap<>(Key.class);
    Map<Key, Source> sources = settings.map(AssetsSettings::sources).orElse(Map.of());
    for (Key key : Key.values()) {
      Source source = sources.getOrDefault(key, rawSource(key));
      String value =
          settings.isPresent() ? effective(settings.get(), key) : source.value().orElse(null);
      rows.put(key, new String[] {value, source.description()});
    }
    return rows;
  }

  /** Where a value would come from when the settings cannot be built, for the display only. */
  private Source rawSource(Key key) {
    String argument =
        switch (key) {
          case ASSETS_STORAGE_PROVIDER -> options.provider;
          case ASSETS_STORAGE_BUCKET -> options.bucket;
          case ASSETS_STORAGE_PREFIX -> options.prefix;
          case ASSETS_DIR -> options.assetsDir;
          default -> null;
        };
    if (argument != null && !argument.isBlank()) {
      return new Source("argument", Optional.of(argument));
    }
    for (String name : new String[] {key.name(), key.alias().orElse(key.name())}) {
      String value = context().env().get(name);
      if (value != null && !value.isBlank()) {
        return new Source("environment " + name, Optional.of(value.trim()));
      }
    }
    return new Source("default", Optional.empty());
  }

  private static String effective(AssetsSettings settings, Key key) {
    return switch (key) {
      case ASSETS_DIR -> settings.assetsDir().toString();
      case ASSETS_STORAGE_PROVIDER -> settings.storageProvider().orElse(null);
      case ASSETS_STORAGE_BUCKET -> settings.bucket().orElse(null);
      case ASSETS_STORAGE_PREFIX -> settings.prefix();
      case ASSETS_STORAGE_TIMEOUT_S -> Long.toString(settings.storageTimeout().toSeconds());
      case ASSETS_TIMEOUT_S -> Long.toString(settings.lockTimeout().toSeconds());
      case ASSETS_STORAGE_FORCE_DOWNLOAD -> Boolean.toString(settings.forceDownload());
      case ASSETS_VERSIONING_SYSTEM -> settings.versioning().name();
      case ASSETS_TRANSFER_PARALLELISM -> Integer.toString(settings.transferParallelism());
      case ASSETS_TRANSFER_PART_SIZE_MB -> Long.toString(settings.partSize() >> 20);
      default -> settings.sources().get(key).value().orElse(null); // a setting added later
    };
  }

  private Map<String, Object> document(
      Map<Key, String[]> rows, List<String> drivers, String error) {
    Map<String, Object> settingDocs = new LinkedHashMap<>();
    rows.forEach(
        (key, row) -> {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("value", row[0]);
          doc.put("source", row[1]);
          doc.put("modelkit_name", key.alias().orElse(null));
          doc.put("default", key.defaultDescription());
          settingDocs.put(key.name(), doc);
        });
    Map<String, Object> environment = new LinkedHashMap<>();
    for (CloudVariable variable : CLOUD_VARIABLES) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("value", shown(variable).orElse(null));
      doc.put("provider", variable.provider());
      doc.put("secret", variable.shown() == Shown.SECRET);
      environment.put(variable.name(), doc);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("version", Version.current());
    document.put("settings", settingDocs);
    document.put("environment", environment);
    document.put("drivers", drivers);
    if (error != null) {
      document.put("error", error);
    }
    return document;
  }

  private void print(
      Map<Key, String[]> rows, List<String> drivers, String error, String driverError) {
    PrintWriter out = out();
    out.println("assetkit " + Version.current());
    out.println();
    out.println("Settings (option > ASSETS_* > MODELKIT_* > default):");
    int width = rows.keySet().stream().mapToInt(k -> k.name().length()).max().orElse(0);
    rows.forEach(
        (key, row) ->
            out.println(
                "  "
                    + ListCommand.pad(key.name(), width)
                    + "  "
                    + (row[0] == null ? "(unset)" : row[0])
                    + "  ["
                    + row[1]
                    + "]"));
    out.println();
    out.println("Cloud variables read by the drivers:");
    int varWidth = CLOUD_VARIABLES.stream().mapToInt(v -> v.name().length()).max().orElse(0);
    for (CloudVariable variable : CLOUD_VARIABLES) {
      out.println(
          "  "
              + ListCommand.pad(variable.name(), varWidth)
              + "  "
              + ListCommand.pad(variable.provider(), 3)
              + "  "
              + shown(variable).orElse("(unset)"));
    }
    out.println();
    out.println(
        "Storage drivers found: "
            + (driverError != null
                ? "error: " + driverError
                : drivers.isEmpty() ? "none" : String.join(", ", drivers)));
    if (error != null) {
      out.println();
      out.println("The configuration is invalid: " + error);
    }
    out.flush();
  }

  private Optional<String> shown(CloudVariable variable) {
    String value = context().env().get(variable.name());
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (variable.shown()) {
          case PLAIN -> value.trim();
          case SECRET -> MASK;
          case URL -> withoutCredentials(value.trim());
        });
  }

  /** A URL without user info and query (where SAS tokens and passwords hide). */
  static String withoutCredentials(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null) {
        return value.contains("@") || value.contains("?") ? MASK : value;
      }
      String shown =
          (uri.getScheme() == null ? "" : uri.getScheme() + "://")
              + (uri.getUserInfo() == null ? "" : MASK + "@")
              + uri.getHost()
              + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
              + (uri.getRawPath() == null ? "" : uri.getRawPath());
      return uri.getRawQuery() == null ? shown : shown + "?" + MASK;
    } catch (URISyntaxException e) {
      return MASK;
    }
  }
}
