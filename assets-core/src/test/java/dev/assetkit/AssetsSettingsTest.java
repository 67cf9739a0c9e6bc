package dev.assetkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.assetkit.AssetsSettings.Key;
import dev.assetkit.AssetsSettings.Source;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AssetsSettingsTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
  private final Path work = fs.getPath("/work");

  @AfterEach
  void closeFileSystem() throws IOException {
    fs.close();
  }

  private AssetsSettings.Builder builder(Map<String, String> environment) {
    return AssetsSettings.builder().environment(environment).workingDir(work);
  }

  private AssetsSettings settings(Map<String, String> environment) {
    return builder(environment).build();
  }

  @Test
  void build_emptyEnvironment_givesTheDefaults() {
    AssetsSettings settings = settings(Map.of());

    assertEquals(work, settings.assetsDir());
    assertEquals(Optional.empty(), settings.storageProvider());
    assertEquals(Optional.empty(), settings.bucket());
    assertEquals("modelkit-assets", settings.prefix());
    assertEquals(Duration.ofSeconds(300), settings.storageTimeout());
    assertEquals(Duration.ofSeconds(600), settings.lockTimeout());
    assertFalse(settings.forceDownload());
    assertEquals("major_minor", settings.versioning().name());
    assertEquals(8, settings.transferParallelism());
    assertEquals(16L << 20, settings.partSize());
    for (Key key : Key.values()) {
      assertEquals(
          new Source("default", Optional.empty()), settings.sources().get(key), key.name());
    }
    assertEquals(
        java.util.List.of(Key.values()), java.util.List.copyOf(settings.sources().keySet()));
  }

  @Test
  void keys_haveModelkitsNamesAsAliases() {
    Map<Key, String> expected =
        Map.of(
            Key.ASSETS_DIR, "MODELKIT_ASSETS_DIR",
            Key.ASSETS_STORAGE_PROVIDER, "MODELKIT_STORAGE_PROVIDER",
            Key.ASSETS_STORAGE_BUCKET, "MODELKIT_STORAGE_BUCKET",
            Key.ASSETS_STORAGE_PREFIX, "MODELKIT_STORAGE_PREFIX",
            Key.ASSETS_STORAGE_TIMEOUT_S, "MODELKIT_STORAGE_TIMEOUT_S",
            Key.ASSETS_TIMEOUT_S, "MODELKIT_ASSETS_TIMEOUT_S",
            Key.ASSETS_STORAGE_FORCE_DOWNLOAD, "MODELKIT_STORAGE_FORCE_DOWNLOAD",
            Key.ASSETS_VERSIONING_SYSTEM, "MODELKIT_ASSETS_VERSIONING_SYSTEM");
    for (Key key : Key.values()) {
      assertEquals(Optional.ofNullable(expected.get(key)), key.alias(), key.name());
      assertFalse(key.defaultDescription().isBlank(), key.name());
    }
  }

  // ---- precedence: argument > ASSETS_X > MODELKIT_X > default

  /**
   * One row per setting: its key, three distinct raw values (for the argument, ASSETS_X and
   * MODELKIT_X), what each becomes, and the default.
   */
  static Stream<Arguments> settingsWithAliases() {
    return Stream.of(
        row(Key.ASSETS_DIR, "/arg", "/assets", "/modelkit", s -> s.assetsDir().toString(), "/work"),
        row(
            Key.ASSETS_STORAGE_PROVIDER,
            "gcs",
            "s3",
            "local",
            s -> s.storageProvider().orElse("-"),
            "-"),
        row(Key.ASSETS_STORAGE_BUCKET, "b1", "b2", "b3", s -> s.bucket().orElse("-"), "-"),
        row(Key.ASSETS_STORAGE_PREFIX, "p1", "p2", "p3", AssetsSettings::prefix, "modelkit-assets"),
        row(
            Key.ASSETS_STORAGE_TIMEOUT_S,
            "1",
            "2",
            "3",
            s -> "" + s.storageTimeout().toSeconds(),
            "300"),
        row(Key.ASSETS_TIMEOUT_S, "4", "5", "6", s -> "" + s.lockTimeout().toSeconds(), "600"),
        // Two values only: the argument differs from both variables, MODELKIT_X from the default;
        // sources() tells ASSETS_X from MODELKIT_X.
        row(
            Key.ASSETS_STORAGE_FORCE_DOWNLOAD,
            "false",
            "true",
            "true",
            s -> "" + s.forceDownload(),
            "false"),
        row(
            Key.ASSETS_VERSIONING_SYSTEM,
            "simple_date",
            "major_minor",
            "simple_date",
            s -> s.versioning().name(),
            "major_minor"));
  }

  private static Arguments row(
      Key key,
      String argument,
      String assets,
      String modelkit,
      Function<AssetsSettings, String> read,
      String fallback) {
    return Arguments.of(key, argument, assets, modelkit, read, fallback);
  }

  /**
   * A bucket is needed whenever a provider is set; give one that the tested key does not shadow.
   */
  private Map<String, String> environment(Key key, Map<String, String> values) {
    Map<String, String> environment = new HashMap<>(values);
    if (key == Key.ASSETS_STORAGE_PROVIDER) {
      environment.put("ASSETS_STORAGE_BUCKET", "bucket");
    }
    return environment;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settingsWithAliases")
  void build_argumentWinsOverBothVariables(
      Key key,
      String argument,
      String assets,
      String modelkit,
      Function<AssetsSettings, String> read,
      String fallback) {
    Map<String, String> env =
        environment(key, Map.of(key.name(), assets, key.alias().orElseThrow(), modelkit));

    AssetsSettings settings = builder(env).set(key, argument).build();

    assertEquals(argument, read.apply(settings));
    assertEquals(new Source("argument", Optional.of(argument)), settings.sources().get(key));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settingsWithAliases")
  void build_assetsVariableWinsOverModelkitVariable(
      Key key,
      String argument,
      String assets,
      String modelkit,
      Function<AssetsSettings, String> read,
      String fallback) {
    Map<String, String> env =
        environment(key, Map.of(key.name(), assets, key.alias().orElseThrow(), modelkit));

    AssetsSettings settings = settings(env);

    assertEquals(assets, read.apply(settings));
    assertEquals(
        new Source("environment " + key.name(), Optional.of(assets)), settings.sources().get(key));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settingsWithAliases")
  void build_modelkitVariable_isUsedWhenTheAssetsVariableIsUnset(
      Key key,
      String argument,
      String assets,
      String modelkit,
      Function<AssetsSettings, String> read,
      String fallback) {
    String alias = key.alias().orElseThrow();

    AssetsSettings settings = settings(environment(key, Map.of(alias, modelkit)));

    assertEquals(modelkit, read.apply(settings));
    assertEquals(
        new Source("environment " + alias, Optional.of(modelkit)), settings.sources().get(key));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settingsWithAliases")
  void build_blankValues_countAsUnset(
      Key key,
      String argument,
      String assets,
      String modelkit,
      Function<AssetsSettings, String> read,
      String fallback) {
    Map<String, String> env =
        environment(key, Map.of(key.name(), "  ", key.alias().orElseThrow(), ""));

    AssetsSettings settings = builder(env).set(key, " ").build();

    assertEquals(fallback, read.apply(settings));
    assertEquals("default", settings.sources().get(key).description());
  }

  @Test
  void build_valuesAreTrimmed() {
    AssetsSettings settings =
        settings(
            Map.of(
                "ASSETS_STORAGE_TIMEOUT_S",
                " 42 ",
                "MODELKIT_STORAGE_BUCKET",
                "\tb \n",
                "ASSETS_STORAGE_PROVIDER",
                "s3"));

    assertEquals(Duration.ofSeconds(42), settings.storageTimeout());
    assertEquals(Optional.of("b"), settings.bucket());
  }

  @Test
  void builderShortcuts_setArguments() {
    AssetsSettings settings =
        builder(
                Map.of(
                    "ASSETS_STORAGE_PROVIDER",
                    "s3",
                    "ASSETS_STORAGE_BUCKET",
                    "env-bucket",
                    "ASSETS_STORAGE_FORCE_DOWNLOAD",
                    "1"))
            .storageProvider("local")
            .bucket("arg-bucket")
            .prefix("/arg/prefix/")
            .versioning("simple_date")
            .forceDownload(false)
            .assetsDir(work.resolve("cache"))
            .build();

    assertEquals(Optional.of("local"), settings.storageProvider());
    assertEquals(Optional.of("arg-bucket"), settings.bucket());
    assertEquals("arg/prefix", settings.prefix());
    assertEquals("simple_date", settings.versioning().name());
    assertFalse(settings.forceDownload());
    assertEquals(work.resolve("cache"), settings.assetsDir());
    assertEquals(
        "argument", settings.sources().get(Key.ASSETS_STORAGE_FORCE_DOWNLOAD).description());
  }

  // ---- strict booleans

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "True", "1", "yes", "YES", "on", "On", " true "})
  void forceDownload_trueSpellings(String value) {
    assertTrue(settings(Map.of("ASSETS_STORAGE_FORCE_DOWNLOAD", value)).forceDownload());
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", "0", "no", "No", "off", "OFF"})
  void forceDownload_falseSpellings(String value) {
    assertFalse(
        settings(
                Map.of(
                    "ASSETS_STORAGE_FORCE_DOWNLOAD",
                    value,
                    "MODELKIT_STORAGE_FORCE_DOWNLOAD",
                    "true"))
            .forceDownload());
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "2", "y", "n", "t", "f", "enabled", "truee", "-1", "0.0"})
  void forceDownload_otherValue_failsNamingTheVariableUsed(String value) {
    ConfigurationException fromModelkit =
        assertThrows(
            ConfigurationException.class,
            () -> settings(Map.of("MODELKIT_STORAGE_FORCE_DOWNLOAD", value)));
    ConfigurationException fromAssets =
        assertThrows(
            ConfigurationException.class,
            () -> settings(Map.of("ASSETS_STORAGE_FORCE_DOWNLOAD", value)));
    ConfigurationException fromArgument =
        assertThrows(
            ConfigurationException.class,
            () -> builder(Map.of()).set(Key.ASSETS_STORAGE_FORCE_DOWNLOAD, value).build());

    assertTrue(
        fromModelkit
            .getMessage()
            .startsWith("MODELKIT_STORAGE_FORCE_DOWNLOAD has an invalid value '" + value + "'"),
        fromModelkit.getMessage());
    assertTrue(
        fromAssets
            .getMessage()
            .startsWith("ASSETS_STORAGE_FORCE_DOWNLOAD has an invalid value '" + value + "'"),
        fromAssets.getMessage());
    assertTrue(
        fromArgument.getMessage().startsWith("ASSETS_STORAGE_FORCE_DOWNLOAD (argument) has"),
        fromArgument.getMessage());
    assertEquals(ErrorKind.INVALID_INPUT, fromModelkit.kind());
  }

  // ---- strict numbers

  static Stream<Arguments> badNumbers() {
    return Stream.of("abc", "1.5", "1e3", "0", "-3", "99999999999999999999", "31536001", "0x10", "")
        .flatMap(
            value ->
                Stream.of(
                    Arguments.of("ASSETS_STORAGE_TIMEOUT_S", value),
                    Arguments.of("MODELKIT_STORAGE_TIMEOUT_S", value),
                    Arguments.of("ASSETS_TIMEOUT_S", value),
                    Arguments.of("MODELKIT_ASSETS_TIMEOUT_S", value),
                    Arguments.of("ASSETS_TRANSFER_PARALLELISM", value),
                    Arguments.of("ASSETS_TRANSFER_PART_SIZE_MB", value)))
        .filter(arguments -> !((String) arguments.get()[1]).isEmpty());
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badNumbers")
  void numbers_invalidValue_failsNamingTheVariableUsed(String variable, String value) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> settings(Map.of(variable, value)));

    assertTrue(e.getMessage().startsWith(variable + " must be "), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void numbers_atTheirUpperBounds_areAccepted() {
    AssetsSettings settings =
        settings(
            Map.of(
                "ASSETS_STORAGE_TIMEOUT_S", "31536000",
                "ASSETS_TIMEOUT_S", "1",
                "ASSETS_TRANSFER_PARALLELISM", "256",
                "ASSETS_TRANSFER_PART_SIZE_MB", "4096"));

    assertEquals(Duration.ofDays(365), settings.storageTimeout());
    assertEquals(Duration.ofSeconds(1), settings.lockTimeout());
    assertEquals(256, settings.transferParallelism());
    assertEquals(4096L << 20, settings.partSize());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ASSETS_TRANSFER_PARALLELISM=257", "ASSETS_TRANSFER_PART_SIZE_MB=4097"})
  void numbers_aboveTheirUpperBounds_areRefused(String assignment) {
    String[] parts = assignment.split("=");

    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> settings(Map.of(parts[0], parts[1])));
    assertTrue(e.getMessage().startsWith(parts[0] + " must be between 1 and "), e.getMessage());
  }

  // ---- prefix, provider, bucket, versioning

  @ParameterizedTest
  @ValueSource(strings = {"/team/assets/", "team/assets", "///team/assets//", "team/assets/"})
  void prefix_slashesAtBothEnds_areTrimmed(String prefix) {
    assertEquals("team/assets", settings(Map.of("MODELKIT_STORAGE_PREFIX", prefix)).prefix());
  }

  @Test
  void provider_isLowerCased() {
    AssetsSettings settings =
        settings(Map.of("ASSETS_STORAGE_PROVIDER", "S3", "ASSETS_STORAGE_BUCKET", "b"));

    assertEquals(Optional.of("s3"), settings.storageProvider());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ASSETS_STORAGE_PROVIDER", "MODELKIT_STORAGE_PROVIDER"})
  void provider_withoutBucket_failsNamingTheBucketVariable(String variable) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> settings(Map.of(variable, "gcs")));

    assertTrue(e.getMessage().contains("ASSETS_STORAGE_BUCKET"), e.getMessage());
    assertTrue(e.getMessage().contains("gcs"), e.getMessage());
  }

  @Test
  void bucketWithoutProvider_isAllowed() {
    assertEquals(Optional.of("b"), settings(Map.of("ASSETS_STORAGE_BUCKET", "b")).bucket());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ASSETS_VERSIONING_SYSTEM", "MODELKIT_ASSETS_VERSIONING_SYSTEM"})
  void versioning_unknownName_failsNamingTheVariableUsedAndTheChoices(String variable) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> settings(Map.of(variable, "semver")));

    assertTrue(e.getMessage().startsWith(variable + " "), e.getMessage());
    assertTrue(e.getMessage().contains("semver"), e.getMessage());
    assertTrue(e.getMessage().contains("major_minor"), e.getMessage());
    assertTrue(e.getMessage().contains("simple_date"), e.getMessage());
  }

  // ---- assets directory

  @Test
  void assetsDir_relative_isResolvedAgainstTheWorkingDirectory() {
    assertEquals(fs.getPath("/work/assets"), settings(Map.of("ASSETS_DIR", "assets")).assetsDir());
    assertEquals(
        fs.getPath("/work/a/b"), settings(Map.of("MODELKIT_ASSETS_DIR", "a/./c/../b")).assetsDir());
    assertEquals(
        fs.getPath("/elsewhere"), settings(Map.of("ASSETS_DIR", "../elsewhere")).assetsDir());
  }

  @Test
  void assetsDir_absolute_isKept() {
    assertEquals(
        fs.getPath("/data/assets"), settings(Map.of("ASSETS_DIR", "/data/assets/")).assetsDir());
  }

  @Test
  void assetsDir_onWindows_resolvesAgainstTheWorkingDirectory() throws IOException {
    try (FileSystem windows = Jimfs.newFileSystem(Configuration.windows())) {
      Path workDir = windows.getPath("C:\\work");
      AssetsSettings relative =
          AssetsSettings.builder()
              .environment(Map.of("ASSETS_DIR", "assets\\models"))
              .workingDir(workDir)
              .build();
      AssetsSettings absolute =
          AssetsSettings.builder()
              .environment(Map.of("MODELKIT_ASSETS_DIR", "D:\\cache"))
              .workingDir(workDir)
              .build();

      assertEquals(windows.getPath("C:\\work\\assets\\models"), relative.assetsDir());
      assertEquals(windows.getPath("D:\\cache"), absolute.assetsDir());
    }
  }

  @Test
  void assetsDir_pathArgument_keepsItsFileSystem() {
    Path dir = fs.getPath("/data/assets");

    AssetsSettings settings = AssetsSettings.builder().environment(Map.of()).assetsDir(dir).build();

    assertEquals(dir, settings.assetsDir());
  }

  @Test
  void assetsDir_isAlwaysAbsolute() {
    assertTrue(settings(Map.of()).assetsDir().isAbsolute());
    assertTrue(AssetsSettings.builder().environment(Map.of()).build().assetsDir().isAbsolute());
  }

  // ---- what settings expose

  @Test
  void environment_isTheMapGivenAndCannotBeChanged() {
    Map<String, String> env = new HashMap<>(Map.of("S3_ENDPOINT", "http://localhost:9000"));
    AssetsSettings settings = settings(env);
    env.put("S3_ENDPOINT", "changed");

    assertEquals(Map.of("S3_ENDPOINT", "http://localhost:9000"), settings.environment());
    assertThrows(UnsupportedOperationException.class, () -> settings.environment().put("x", "y"));
    assertThrows(
        UnsupportedOperationException.class, () -> settings.sources().remove(Key.ASSETS_DIR));
  }

  @Test
  void toString_showsTheMainSettingsButNeverTheEnvironment() {
    AssetsSettings settings =
        settings(
            Map.of(
                "ASSETS_STORAGE_PROVIDER", "s3",
                "ASSETS_STORAGE_BUCKET", "b",
                "AWS_SECRET_ACCESS_KEY", "s3cr3t-value"));

    assertEquals(
        "AssetsSettings[assetsDir=/work, provider=s3, bucket=b, prefix=modelkit-assets, versioning=major_minor]",
        settings.toString());
  }
}
