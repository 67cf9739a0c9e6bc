package dev.assetkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of assetkit, read from the build. */
public final class Version {
  private static final String CURRENT = load();

  private Version() {}

  /** Such as {@code 0.1.0-SNAPSHOT}; {@code dev} when run from unpackaged classes. */
  public static String current() {
    return CURRENT;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("assetkit-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
