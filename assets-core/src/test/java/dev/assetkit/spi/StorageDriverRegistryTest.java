package dev.assetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.ConfigurationException;
import dev.assetkit.ErrorKind;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageDriverRegistryTest {

  /** A driver that only remembers the configuration it was created with. */
  record ConfiguredDriver(String providerId, DriverConfig config) implements StorageDriver {
    @Override
    public Set<Capability> capabilities() {
      return Set.of();
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
      return Optional.empty();
    }

    @Override
    public Optional<ObjectContent> read(String key) {
      return Optional.empty();
    }

    @Override
    public ObjectInfo download(String key, Path target) {
      throw new StorageException(StorageException.Reason.NOT_FOUND, key);
    }

    @Override
    public ObjectInfo upload(String key, Path source, Condition condition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ObjectInfo write(String key, byte[] content, Condition condition) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
      return Stream.empty();
    }

    @Override
    public void delete(String key) {}

    @Override
    public String uri(String key) {
      return providerId + "://" + config.bucket() + "/" + key;
    }

    @Override
    public void close() {}
  }

  private abstract static class FakeProvider implements StorageDriverProvider {
    private final String id;
    private final Set<String> aliases;

    FakeProvider(String id, String... aliases) {
      this.id = id;
      this.aliases = Set.of(aliases);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Set<String> aliases() {
      return aliases;
    }

    @Override
    public StorageDriver create(DriverConfig config) {
      return new ConfiguredDriver(id, config);
    }
  }

  static final class LocalProvider extends FakeProvider {
    LocalProvider() {
      super("local");
    }
  }

  static final class S3Provider extends FakeProvider {
    S3Provider() {
      super("s3");
    }
  }

  static final class AzureProvider extends FakeProvider {
    AzureProvider() {
      super("az", "azure", "AZ");
    }
  }

  static final class OtherS3Provider extends FakeProvider {
    OtherS3Provider() {
      super("S3");
    }
  }

  static final class BlobProvider extends FakeProvider {
    BlobProvider() {
      super("blob", "azure");
    }
  }

  /** Public with a public constructor, as {@link java.util.ServiceLoader} wants. */
  public static final class ClassPathBlobProvider extends FakeProvider {
    public ClassPathBlobProvider() {
      super("blob");
    }
  }

  /** Claims the id of {@link S3Provider}. */
  public static final class ClassPathS3Provider extends FakeProvider {
    public ClassPathS3Provider() {
      super("s3");
    }
  }

  /** Public, to be listed in a service file too. */
  public static final class BundledLocalProvider extends FakeProvider {
    public BundledLocalProvider() {
      super("local");
    }
  }

  /** A class loader seeing one service file that names {@code providers}, counting its reads. */
  static final class ServiceFileLoader extends URLClassLoader {
    int serviceFileReads;

    ServiceFileLoader(Path dir, Class<?>... providers) throws IOException {
      super(new URL[] {dir.toUri().toURL()}, StorageDriverRegistryTest.class.getClassLoader());
      Path file = dir.resolve("META-INF/services/" + StorageDriverProvider.class.getName());
      Files.createDirectories(file.getParent());
      StringBuilder lines = new StringBuilder();
      for (Class<?> provider : providers) {
        lines.append(provider.getName()).append('\n');
      }
      Files.writeString(file, lines);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (name.startsWith("META-INF/services/")) {
        serviceFileReads++;
      }
      return super.getResources(name);
    }
  }

  private final LocalProvider local = new LocalProvider();
  private final S3Provider s3 = new S3Provider();
  private final AzureProvider azure = new AzureProvider();
  private final StorageDriverRegistry registry =
      StorageDriverRegistry.of(List.of(local, s3, azure));

  @Test
  void ids_listsIdsAndAliasesLowerCasedAndSorted() {
    assertEquals(List.of("az", "azure", "local", "s3"), registry.ids());
  }

  @Test
  void find_byIdOrAlias_ignoringCase() {
    assertSame(s3, registry.find("s3").orElseThrow());
    assertSame(s3, registry.find("S3").orElseThrow());
    assertSame(azure, registry.find("az").orElseThrow());
    assertSame(azure, registry.find("Azure").orElseThrow());
    assertSame(local, registry.provider("LOCAL"));
  }

  @Test
  void find_unknownId_isEmpty() {
    assertEquals(Optional.empty(), registry.find("gcs"));
  }

  @Test
  void open_createsTheDriverWithTheConfiguration() {
    DriverConfig config = DriverConfig.of("bucket", Map.of("AZURE_STORAGE_CONNECTION_STRING", "x"));

    try (StorageDriver driver = registry.open("AZURE", config)) {
      assertEquals(new ConfiguredDriver("az", config), driver);
      assertEquals("az://bucket/k", driver.uri("k"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "gcs,assets-driver-gcs",
    "GCS,assets-driver-gcs",
    "local,assets-driver-local",
    "az,assets-driver-azure",
    "azure,assets-driver-azure",
    "s3,assets-driver-s3"
  })
  void provider_knownButAbsentId_namesTheArtifactToAdd(String id, String artifact) {
    StorageDriverRegistry onlyFtp = StorageDriverRegistry.of(List.of(new FakeProvider("ftp") {}));

    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> onlyFtp.provider(id));

    assertEquals(
        "no storage driver for provider '"
            + id
            + "' (available: ftp); add the dependency dev.assetkit:"
            + artifact
            + " to the class path",
        e.getMessage());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
  }

  @Test
  void provider_unknownId_listsTheAvailableIds() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> registry.provider("hdfs"));

    assertTrue(e.getMessage().contains("'hdfs'"), e.getMessage());
    assertTrue(e.getMessage().contains("available: az, azure, local, s3"), e.getMessage());
  }

  @Test
  void provider_emptyRegistry_saysNoneIsAvailable() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> StorageDriverRegistry.of(List.of()).provider("s3"));

    assertTrue(e.getMessage().contains("(available: none)"), e.getMessage());
    assertTrue(e.getMessage().contains("dev.assetkit:assets-driver-s3"), e.getMessage());
  }

  @Test
  void of_twoProvidersWithOneId_failsNamingBothClasses() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> StorageDriverRegistry.of(List.of(s3, local, new OtherS3Provider())));

    assertTrue(e.getMessage().contains("'S3'"), e.getMessage());
    assertTrue(e.getMessage().contains(S3Provider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(OtherS3Provider.class.getName()), e.getMessage());
  }

  @Test
  void of_aliasClash_failsNamingBothClasses() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> StorageDriverRegistry.of(List.of(azure, new BlobProvider())));

    assertTrue(e.getMessage().contains("'azure'"), e.getMessage());
    assertTrue(e.getMessage().contains(AzureProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(BlobProvider.class.getName()), e.getMessage());
  }

  @Test
  void of_twoInstancesOfOneClass_stillClash() {
    assertThrows(
        ConfigurationException.class,
        () -> StorageDriverRegistry.of(List.of(new S3Provider(), new S3Provider())));
  }

  @Test
  void of_providerRepeatingItsOwnIdAsAlias_isAccepted() {
    // AzureProvider declares "AZ" as an alias of its id "az".
    assertEquals(List.of("az", "azure"), StorageDriverRegistry.of(List.of(azure)).ids());
  }

  @Test
  void load_inCore_findsNoProvider() {
    assertEquals(List.of(), StorageDriverRegistry.load().ids());
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3", "local"})
  void load_withAnEmptyClassLoader_failsNamingTheArtifact(String id) throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      StorageDriverRegistry loaded = StorageDriverRegistry.load(empty);

      assertEquals(List.of(), loaded.ids());
      ConfigurationException e =
          assertThrows(ConfigurationException.class, () -> loaded.provider(id));
      assertTrue(e.getMessage().contains("assets-driver-" + id), e.getMessage());
    }
  }

  @Test
  void bundledFirst_bundledId_doesNotReadTheClassPath(@TempDir Path dir) throws IOException {
    try (ServiceFileLoader loader = new ServiceFileLoader(dir, ClassPathBlobProvider.class)) {
      StorageDriverRegistry bundled =
          StorageDriverRegistry.bundledFirst(List.of(local, s3), loader);

      assertSame(s3, bundled.provider("S3"));
      assertSame(local, bundled.find("local").orElseThrow());
      assertEquals(0, loader.serviceFileReads);
    }
  }

  @Test
  void bundledFirst_otherId_isFoundOnTheClassPathOnce(@TempDir Path dir) throws IOException {
    try (ServiceFileLoader loader = new ServiceFileLoader(dir, ClassPathBlobProvider.class)) {
      StorageDriverRegistry bundled = StorageDriverRegistry.bundledFirst(List.of(local), loader);

      assertTrue(bundled.provider("blob") instanceof ClassPathBlobProvider);
      assertEquals(List.of("blob", "local"), bundled.ids());
      assertEquals(Optional.empty(), bundled.find("gcs"));
      assertEquals(1, loader.serviceFileReads);
    }
  }

  @Test
  void bundledFirst_unknownId_listsTheClassPathIdsToo(@TempDir Path dir) throws IOException {
    try (ServiceFileLoader loader = new ServiceFileLoader(dir, ClassPathBlobProvider.class)) {
      StorageDriverRegistry bundled = StorageDriverRegistry.bundledFirst(List.of(local), loader);

      ConfigurationException e =
          assertThrows(ConfigurationException.class, () -> bundled.provider("nfs"));
      assertTrue(e.getMessage().contains("(available: blob, local)"), e.getMessage());
    }
  }

  @Test
  void bundledFirst_bundledClassAlsoOnTheClassPath_isTheBundledOne(@TempDir Path dir)
      throws IOException {
    BundledLocalProvider bundledLocal = new BundledLocalProvider();
    try (ServiceFileLoader loader =
        new ServiceFileLoader(dir, BundledLocalProvider.class, ClassPathBlobProvider.class)) {
      StorageDriverRegistry bundled =
          StorageDriverRegistry.bundledFirst(List.of(bundledLocal), loader);

      assertEquals(List.of("blob", "local"), bundled.ids());
      assertSame(bundledLocal, bundled.provider("local"));
    }
  }

  @Test
  void bundledFirst_classPathClaimingABundledId_failsWhenTheClassPathIsRead(@TempDir Path dir)
      throws IOException {
    try (ServiceFileLoader loader = new ServiceFileLoader(dir, ClassPathS3Provider.class)) {
      StorageDriverRegistry bundled = StorageDriverRegistry.bundledFirst(List.of(s3), loader);

      assertSame(s3, bundled.provider("s3"));
      ConfigurationException e = assertThrows(ConfigurationException.class, bundled::ids);
      assertTrue(e.getMessage().contains("two storage drivers claim the id"), e.getMessage());
    }
  }
}
