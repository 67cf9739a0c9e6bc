package dev.assetkit.testing;

import dev.assetkit.spi.Condition;
import dev.assetkit.spi.StorageDriver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A bucket exactly as modelkit writes it (hand-written resources under {@code modelkit-bucket/}):
 * metas without checksums, legacy {@code /}-prefixed contents, a hidden folder, versions {@code
 * 10.0, 1.1, 1.0}, and a {@code simple_date} asset. Loaded through any driver.
 */
public final class ModelkitFixture {
  private ModelkitFixture() {}

  /** The keys of the fixture, all under {@code modelkit-assets/}. */
  public static List<String> keys() {
    try (InputStream in = resource("modelkit-bucket.files");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return reader.lines().filter(line -> !line.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes every fixture object into the driver's bucket. */
  public static void seed(StorageDriver driver) {
    for (String key : keys()) {
      driver.write(key, bytes(key), Condition.none());
    }
  }

  /** The bytes of one fixture object. */
  public static byte[] bytes(String key) {
    try (InputStream in = resource("modelkit-bucket/" + key)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = ModelkitFixture.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }
}
