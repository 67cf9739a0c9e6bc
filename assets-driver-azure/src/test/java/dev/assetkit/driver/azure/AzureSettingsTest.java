package dev.assetkit.driver.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.DriverConfig;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the account and credentials from the driver's environment; no server needed. */
class AzureSettingsTest {
  private static final String KEY = TestAccount.EMULATOR_KEY;
  private static final String SIGNATURE = "sig=c2VjcmV0LXNpZ25hdHVyZQ%3D%3D";
  private static final String SAS =
      "sv=2024-08-04&ss=b&srt=sco&sp=rwdlac&se=2099-01-01&" + SIGNATURE;

  private static AzureSettings settings(Map<String, String> environment) {
    return AzureSettings.from(DriverConfig.of("assets", environment));
  }

  private static StorageException failure(String bucket, Map<String, String> environment) {
    return assertThrows(
        StorageException.class, () -> AzureSettings.from(DriverConfig.of(bucket, environment)));
  }

  private static void assertNoSecret(String text) {
    for (String secret : List.of(KEY, SIGNATURE, "c2VjcmV0LXNpZ25hdHVyZQ")) {
      assertFalse(text.contains(secret), "secret shown in: " + text);
    }
  }

  @Test
  void connectionString_givesTheEndpointAndNamesWhereTheKeyCameFrom() {
    AzureSettings settings =
        settings(
            Map.of(
                AzureSettings.CONNECTION_STRING,
                "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey="
                    + KEY
                    + ";EndpointSuffix=core.windows.net"));
    assertEquals("https://acct.blob.core.windows.net", settings.endpoint());
    assertEquals(
        "the shared key of account 'acct' in AZURE_STORAGE_CONNECTION_STRING",
        settings.credentialSource());
    assertEquals("assets", settings.container());
    assertNoSecret(settings.toString());
  }

  @Test
  void connectionString_withBlobEndpointAndSas_isDescribedWithoutTheSignature() {
    AzureSettings settings =
        settings(
            Map.of(
                AzureSettings.CONNECTION_STRING,
                "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=" + SAS));
    assertEquals("https://acct.blob.core.windows.net", settings.endpoint());
    assertEquals(
        "the SharedAccessSignature in AZURE_STORAGE_CONNECTION_STRING",
        settings.credentialSource());
    assertNoSecret(settings.toString());
  }

  @Test
  void connectionString_winsOverAnAccountUrl() {
    AzureSettings settings =
        settings(
            Map.of(
                AzureSettings.CONNECTION_STRING,
                TestAccount.emulatorConnectionString("127.0.0.1", 10000, KEY),
                AzureSettings.ACCOUNT_URL,
                "https://other.blob.core.windows.net",
                AzureSettings.SAS_TOKEN,
                SAS));
    assertEquals("http://127.0.0.1:10000/devstoreaccount1", settings.endpoint());
  }

  @Test
  void accountUrl_withSasToken() {
    AzureSettings settings =
        settings(
            Map.of(
                AzureSettings.ACCOUNT_URL,
                "https://acct.blob.core.windows.net/",
                AzureSettings.SAS_TOKEN,
                "?" + SAS));
    assertEquals("https://acct.blob.core.windows.net", settings.endpoint());
    assertEquals("the SAS token in AZURE_STORAGE_SAS_TOKEN", settings.credentialSource());
    assertNoSecret(settings.toString());
  }

  @Test
  void accountUrl_withTheSasInItsQuery_keepsTheQueryOutOfTheEndpoint() {
    AzureSettings settings =
        settings(Map.of(AzureSettings.ACCOUNT_URL, "https://acct.blob.core.windows.net/?" + SAS));
    assertEquals("https://acct.blob.core.windows.net", settings.endpoint());
    assertEquals(
        "the SAS token in the query of AZURE_STORAGE_ACCOUNT_URL", settings.credentialSource());
    assertNoSecret(settings.toString());
  }

  @Test
  void accountName_meansThePublicCloudUrl() {
    AzureSettings settings =
        settings(Map.of(AzureSettings.ACCOUNT, "acct", AzureSettings.SAS_TOKEN, SAS));
    assertEquals("https://acct.blob.core.windows.net", settings.endpoint());
  }

  @Test
  void accountUrl_withAccountKey_takesTheAccountNameFromTheUrl() {
    AzureSettings settings =
        settings(
            Map.of(
                AzureSettings.ACCOUNT_URL,
                "http://127.0.0.1:10000/devstoreaccount1",
                AzureSettings.ACCOUNT_KEY,
                KEY));
    assertEquals(
        "the shared key of account 'devstoreaccount1' in AZURE_STORAGE_KEY",
        settings.credentialSource());
  }

  @Test
  void nothingConfigured_namesEveryVariableToSet() {
    StorageException e = failure("assets", Map.of("UNRELATED", "x"));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertFalse(e.retryable());
    for (String variable :
        List.of(
            "AZURE_STORAGE_CONNECTION_STRING",
            "AZURE_STORAGE_ACCOUNT_URL",
            "AZURE_STORAGE_ACCOUNT",
            "AZURE_STORAGE_SAS_TOKEN",
            "AZURE_STORAGE_KEY")) {
      assertTrue(e.getMessage().contains(variable), variable + " missing from: " + e.getMessage());
    }
    assertTrue(e.getMessage().contains("'assets'"), e.getMessage());
  }

  @Test
  void blankVariables_countAsUnset() {
    StorageException e =
        failure("assets", Map.of(AzureSettings.CONNECTION_STRING, "  ", AzureSettings.ACCOUNT, ""));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
  }

  @Test
  void accountUrl_withoutCredential_saysWhichToSet() {
    StorageException e =
        failure("assets", Map.of(AzureSettings.ACCOUNT_URL, "https://acct.blob.core.windows.net"));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("AZURE_STORAGE_SAS_TOKEN"), e.getMessage());
    assertTrue(e.getMessage().contains("AZURE_STORAGE_KEY"), e.getMessage());
  }

  @Test
  void accountUrl_thatIsNotHttp_isRefused() {
    StorageException e =
        failure("assets", Map.of(AzureSettings.ACCOUNT_URL, "acct.blob", "AZURE_STORAGE_KEY", KEY));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("AZURE_STORAGE_ACCOUNT_URL"), e.getMessage());
  }

  @Test
  void garbledConnectionString_isRefusedWithoutQuotingIt() {
    String garbled = "this is not a connection string but holds " + KEY;
    StorageException e = failure("assets", Map.of(AzureSettings.CONNECTION_STRING, garbled));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("AZURE_STORAGE_CONNECTION_STRING"), e.getMessage());
    assertNoSecret(e.getMessage());
  }

  @Test
  void accountKeyThatIsNotBase64_isRefusedWithoutQuotingIt() {
    String notBase64 = "not*base64*" + SIGNATURE;
    StorageException e =
        failure(
            "assets",
            Map.of(
                AzureSettings.CONNECTION_STRING,
                "AccountName=acct;AccountKey=" + notBase64 + ";EndpointSuffix=core.windows.net"));
    assertEquals(Reason.INVALID_CONFIGURATION, e.reason());
    assertTrue(e.getMessage().contains("AccountKey"), e.getMessage());
    assertFalse(e.getMessage().contains(notBase64), e.getMessage());
  }

  @Test
  void invalidContainerNames_areRefusedWithTheRule() {
    Map<String, String> environment =
        Map.of(
            AzureSettings.CONNECTION_STRING,
            TestAccount.emulatorConnectionString("127.0.0.1", 10000, KEY));
    for (String name : List.of("ab", "Upper", "under_score", "-dash", "dash-", "two--dashes")) {
      StorageException e = failure(name, environment);
      assertEquals(Reason.INVALID_CONFIGURATION, e.reason(), name);
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }
    assertEquals("a-b-3", AzureSettings.from(DriverConfig.of("a-b-3", environment)).container());
  }
}
