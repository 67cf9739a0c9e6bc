package dev.assetkit.driver.s3;

import dev.assetkit.spi.DriverConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Where a driver's credentials come from, in the AWS CLI's order: keys in the given environment,
 * then the profile it names, then the AWS default credential chain.
 *
 * @param provider the SDK provider
 * @param source where the credentials come from, for messages (never a secret), such as {@code
 *     environment AWS_ACCESS_KEY_ID}
 * @param profileName the profile named by {@code AWS_PROFILE}, if any
 * @param profileFile the shared config and credentials files, honouring {@code AWS_CONFIG_FILE} and
 *     {@code AWS_SHARED_CREDENTIALS_FILE} of the given environment
 */
record S3Credentials(
    AwsCredentialsProvider provider,
    String source,
    Optional<String> profileName,
    Supplier<ProfileFile> profileFile) {

  static S3Credentials from(DriverConfig config) {
    Optional<String> keyId = config.env("AWS_ACCESS_KEY_ID");
    Optional<String> secret = config.env("AWS_SECRET_ACCESS_KEY");
    Optional<String> profile = config.env("AWS_PROFILE");
    Supplier<ProfileFile> profileFile = profileFile(config);
    if (keyId.isPresent() != secret.isPresent()) {
      throw S3Settings.invalid(
          (keyId.isPresent() ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY")
              + " is set but "
              + (keyId.isPresent() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID")
              + " is not; set both, or neither to use the AWS default credential chain");
    }
    if (keyId.isPresent()) {
      Optional<String> token = config.env("AWS_SESSION_TOKEN");
      AwsCredentialsProvider provider =
          StaticCredentialsProvider.create(
              token.isPresent()
                  ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                  : AwsBasicCredentials.create(keyId.get(), secret.get()));
      return new S3Credentials(
          provider,
          "environment AWS_ACCESS_KEY_ID" + (token.isPresent() ? " and AWS_SESSION_TOKEN" : ""),
          profile,
          profileFile);
    }
    if (profile.isPresent()) {
      AwsCredentialsProvider provider =
          ProfileCredentialsProvider.builder()
              .profileFile(profileFile)
              .profileName(profile.get())
              .build();
      return new S3Credentials(
          provider, "AWS profile '" + profile.get() + "' (AWS_PROFILE)", profile, profileFile);
    }
    return new S3Credentials(
        DefaultCredentialsProvider.builder().profileFile(profileFile).build(),
        "the AWS default credential chain",
        profile,
        profileFile);
  }

  /** Releases what the provider holds (refresh threads, files); the SDK client does not. */
  void close() {
    if (provider instanceof AutoCloseable) {
      try {
        ((AutoCloseable) provider).close();
      } catch (Exception e) {
        // Closing a credentials provider releases memory only; nothing to report.
      }
    }
  }

  @Override
  public String toString() {
    return "S3Credentials[" + source + "]";
  }

  /**
   * The shared AWS files, at the paths the given environment names or at their usual place. Read
   * lazily, when the SDK first needs a profile, and once.
   */
  private static Supplier<ProfileFile> profileFile(DriverConfig config) {
    Path home = Path.of(System.getProperty("user.home"));
    Path credentials =
        config
            .env("AWS_SHARED_CREDENTIALS_FILE")
            .map(Path::of)
            .orElse(home.resolve(".aws").resolve("credentials"));
    Path configFile =
        config.env("AWS_CONFIG_FILE").map(Path::of).orElse(home.resolve(".aws").resolve("config"));
    return new Supplier<>() {
      private ProfileFile loaded;

      // Read once: the SDK asks on every credentials lookup, and a reread costs a parse.
      @Override
      public synchronized ProfileFile get() {
        if (loaded == null) {
          ProfileFile.Aggregator files = ProfileFile.aggregator();
          if (Files.isRegularFile(configFile)) {
            files.addFile(
                ProfileFile.builder()
                    .content(configFile)
                    .type(ProfileFile.Type.CONFIGURATION)
                    .build());
          }
          if (Files.isRegularFile(credentials)) {
            files.addFile(
                ProfileFile.builder()
                    .content(credentials)
                    .type(ProfileFile.Type.CREDENTIALS)
                    .build());
          }
          loaded = files.build();
        }
        return loaded;
      }
    };
  }
}
