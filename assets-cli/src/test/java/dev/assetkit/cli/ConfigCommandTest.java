package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.internal.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigCommandTest extends CliTest {
  private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY";

  private Map<String, String> cloudEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("MODELKIT_STORAGE_PROVIDER", "local");
    env.put("ASSETS_STORAGE_BUCKET", bucket.toString());
    env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("AWS_KMS_KEY_ID", "alias/assets");
    env.put(
        "S3_ENDPOINT", "http://minio:" + SECRET + "@localhost:9000/path?X-Amz-Signature=" + SECRET);
    env.put(
        "AZURE_STORAGE_CONNECTION_STRING",
        "DefaultEndpointsProtocol=https;AccountName=acc;AccountKey=" + SECRET);
    env.put("GOOGLE_APPLICATION_CREDENTIALS", "/etc/gcp/key.json");
    env.put("STORAGE_EMULATOR_HOST", "http://localhost:4443");
    return env;
  }

  @Test
  void config_showsValuesAndWhereTheyComeFrom_withSecretsMasked() {
    Run run =
        Run.of(
            CliContext.of(cloudEnv(), work).withRegistry(registry()),
            "config",
            "--prefix",
            "team/assets");
    assertEquals(0, run.exitCode(), run::toString);
    String out = run.out();
    // The cloud table's columns are as wide as its longest name; compare it with spaces folded.
    String folded = out.replaceAll(" {2,}", "  ");
    assertFalse(out.contains(SECRET), out);
    assertFalse(out.contains("AKIAIOSFODNN7EXAMPLE"), out);
    assertTrue(
        out.contains(
            "ASSETS_STORAGE_PROVIDER        local  [environment MODELKIT_STORAGE_PROVIDER]"),
        out);
    assertTrue(
        out.contains(
            "ASSETS_STORAGE_BUCKET          " + bucket + "  [environment ASSETS_STORAGE_BUCKET]"),
        out);
    assertTrue(out.contains("ASSETS_STORAGE_PREFIX          team/assets  [argument]"), out);
    assertTrue(out.contains("ASSETS_STORAGE_TIMEOUT_S       300  [default]"), out);
    assertTrue(
        out.contains("ASSETS_DIR                     " + work.toAbsolutePath() + "  [default]"),
        out);
    assertTrue(folded.contains("AWS_SECRET_ACCESS_KEY  s3  ********"), out);
    assertTrue(folded.contains("AWS_ACCESS_KEY_ID  s3  ********"), out);
    assertTrue(folded.contains("AWS_KMS_KEY_ID  s3  alias/assets"), out);
    assertTrue(
        folded.contains("S3_ENDPOINT  s3  http://********@localhost:9000/path?********"), out);
    assertTrue(folded.contains("AZURE_STORAGE_CONNECTION_STRING  az  ********"), out);
    assertTrue(folded.contains("GOOGLE_APPLICATION_CREDENTIALS  gcs  /etc/gcp/key.json"), out);
    assertTrue(folded.contains("STORAGE_EMULATOR_HOST  gcs  http://localhost:4443"), out);
    assertTrue(folded.contains("AWS_SESSION_TOKEN  s3  (unset)"), out);
    assertTrue(out.contains("Storage drivers found: local"), out);
  }

  @Test
  void configJson_isOneDocument() {
    Run run = Run.of(CliContext.of(cloudEnv(), work).withRegistry(registry()), "config", "--json");
    assertEquals(0, run.exitCode(), run::toString);
    assertFalse(run.out().contains(SECRET));
    Map<?, ?> json = (Map<?, ?>) run.json();
    Map<?, ?> settings = (Map<?, ?>) json.get("settings");
    assertEquals(
        Map.of(
            "value", "local",
            "source", "environment MODELKIT_STORAGE_PROVIDER",
            "modelkit_name", "MODELKIT_STORAGE_PROVIDER",
            "default", "unset (local assets only)"),
        settings.get("ASSETS_STORAGE_PROVIDER"));
    Map<?, ?> environment = (Map<?, ?>) json.get("environment");
    assertEquals(
        Map.of("value", "********", "provider", "s3", "secret", true),
        environment.get("AWS_SECRET_ACCESS_KEY"));
    assertEquals(
        List.of(Json.NULL, "s3", true),
        List.copyOf(((Map<?, ?>) environment.get("AWS_SESSION_TOKEN")).values()));
    assertEquals(List.of("local"), json.get("drivers"));
    assertFalse(json.containsKey("error"));
  }

  @Test
  void config_withAnInvalidSetting_printsEverything_thenFailsWithExit2() {
    Map<String, String> env = cloudEnv();
    env.put("ASSETS_STORAGE_TIMEOUT_S", "soon");
    Run run = Run.of(CliContext.of(env, work).withRegistry(registry()), "config");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(
        run.out()
            .contains(
                "ASSETS_STORAGE_TIMEOUT_S       soon  [environment ASSETS_STORAGE_TIMEOUT_S]"),
        run.out());
    assertTrue(run.out().contains("Storage drivers found: local"), run.out());
    assertEquals("error: ASSETS_STORAGE_TIMEOUT_S must be a whole number, got 'soon'\n", run.err());
  }

  @Test
  void config_listsTheDriversOnTheClassPath() {
    Run run = Run.of(CliContext.of(Map.of(), work), "config", "--json");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(((List<?>) ((Map<?, ?>) run.json()).get("drivers")).contains("local"));
  }
}
