package dev.assetkit.driver.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.ExternalAccountCredentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import com.google.cloud.NoCredentials;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials the client uses and where they came from, said in messages without the secret:
 * none for an emulator (so no metadata server is ever asked), the key file of {@code
 * GOOGLE_APPLICATION_CREDENTIALS}, or else the application-default credentials.
 *
 * @param credentials what the client signs requests with
 * @param source where they came from, for messages
 * @param projectId the project named in the credentials, if any
 */
record GcsCredentials(Credentials credentials, String source, Optional<String> projectId) {
  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]*)\"");

  static GcsCredentials load(GcsSettings settings) {
    if (settings.emulatorEndpoint().isPresent()) {
      return new GcsCredentials(
          NoCredentials.getInstance(),
          "no credentials (emulator at " + settings.emulatorEndpoint().get() + ")",
          Optional.empty());
    }
    if (settings.credentialsFile().isPresent()) {
      return fromFile(settings);
    }
    try {
      GoogleCredentials credentials = GoogleCredentials.getApplicationDefault();
      return new GcsCredentials(credentials, "application-default credentials", Optional.empty());
    } catch (IOException e) {
      throw new StorageException(
          Reason.INVALID_CONFIGURATION,
          "no Google credentials found: set GOOGLE_APPLICATION_CREDENTIALS to a key file, run"
              + " 'gcloud auth application-default login', or set STORAGE_EMULATOR_HOST for an"
              + " emulator",
          e);
    }
  }

  private static GcsCredentials fromFile(GcsSettings settings) {
    var file = settings.credentialsFile().orElseThrow();
    String source = GcsSettings.CREDENTIALS + " (" + file + ")";
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StorageException(
          Reason.INVALID_CONFIGURATION,
          source
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); point it at a key file or unset it to use application-default credentials",
          e);
    }
    // The generic GoogleCredentials.fromStream is deprecated: it accepts any credential type from
    // any source. Accept the known types explicitly instead.
    Matcher type = TYPE.matcher(new String(json, StandardCharsets.UTF_8));
    String kind = type.find() ? type.group(1) : "";
    try (InputStream in = new ByteArrayInputStream(json)) {
      switch (kind) {
        case "service_account" -> {
          ServiceAccountCredentials credentials = ServiceAccountCredentials.fromStream(in);
          return new GcsCredentials(
              credentials,
              source + ", service account " + credentials.getClientEmail(),
              Optional.ofNullable(credentials.getProjectId()));
        }
        case "authorized_user" -> {
          return new GcsCredentials(
              UserCredentials.fromStream(in), source + ", user credentials", Optional.empty());
        }
        case "external_account" -> {
          return new GcsCredentials(
              ExternalAccountCredentials.fromStream(in),
              source + ", workload identity federation",
              Optional.empty());
        }
        case "impersonated_service_account" -> {
          return new GcsCredentials(
              ImpersonatedCredentials.fromStream(in),
              source + ", impersonated service account",
              Optional.empty());
        }
        default ->
            throw new StorageException(
                Reason.INVALID_CONFIGURATION,
                source
                    + " is not a Google credentials file (type '"
                    + kind
                    + "'); use a service account key or the output of 'gcloud auth"
                    + " application-default login'");
      }
    } catch (IOException e) {
      // The parser's message names the missing field, never the key itself.
      throw new StorageException(
          Reason.INVALID_CONFIGURATION,
          source + " is not a valid credentials file: " + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "GcsCredentials[" + source + "]";
  }
}
