package dev.assetkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.spi.StorageDriverProvider;
import dev.assetkit.spi.StorageException;
import dev.assetkit.spi.StorageException.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every error class: one line on stderr, the documented exit code, a stack trace only with -v. */
class ErrorReportingTest extends CliTest {

  private Run runOn(StorageDriverProvider provider, Map<String, String> extraEnv, String... args) {
    Map<String, String> env = env();
    env.put("ASSETS_STORAGE_PROVIDER", provider.id());
    env.put("ASSETS_STORAGE_BUCKET", "team-bucket");
    env.putAll(extraEnv);
    return Run.of(CliContext.of(env, work).withRegistry(registry(provider)), args);
  }

  @Test
  void accessDenied_namesTheBucket_exit7() {
    Run run =
        runOn(
            FakeProviders.failing(
                "fake", () -> new StorageException(Reason.ACCESS_DENIED, "403 Forbidden on list")),
            Map.of(),
            "list");
    assertEquals(7, run.exitCode(), run::toString);
    assertEquals(
        "error: 403 Forbidden on list (bucket 'team-bucket'); check that the credentials in use may"
            + " access it ('assets config' shows which are set)\n",
        run.err());
  }

  @Test
  void accessDenied_whoseMessageSaysHowToFixIt_isNotGivenTheHintTwice() {
    Run run =
        runOn(
            FakeProviders.failing(
                "fake",
                () ->
                    new StorageException(
                        Reason.ACCESS_DENIED,
                        "access denied on bucket 'team-bucket'; check AWS_SECRET_ACCESS_KEY")),
            Map.of(),
            "list");
    assertEquals(7, run.exitCode(), run::toString);
    assertEquals(
        "error: access denied on bucket 'team-bucket'; check AWS_SECRET_ACCESS_KEY\n", run.err());
  }

  @Test
  void storageUnavailable_afterRetriesWithinTheDeadline_exit6() {
    Run run =
        runOn(
            FakeProviders.failing(
                "fake", () -> new StorageException(Reason.UNAVAILABLE, "connection refused")),
            Map.of("ASSETS_STORAGE_TIMEOUT_S", "1"),
            "versions",
            "x");
    assertEquals(6, run.exitCode(), run::toString);
    assertTrue(
        run.err().startsWith("error: read fake://bucket/modelkit-assets/x.versions: gave up after"),
        run.err());
    assertTrue(run.err().contains("ASSETS_STORAGE_TIMEOUT_S"), run.err());
    assertEquals(1, run.err().split("\n").length, run.err());
  }

  @Test
  void unexpectedFailure_isAnInternalError_exit1_withTheStackTraceOnlyWithVerbose() {
    StorageDriverProvider buggy =
        FakeProviders.failing("fake", () -> new IllegalStateException("bug in a driver"));
    Run quiet = runOn(buggy, Map.of(), "list");
    assertEquals(1, quiet.exitCode(), quiet::toString);
    assertEquals(
        "error: internal error: java.lang.IllegalStateException: bug in a driver; rerun with -v for"
            + " the stack trace and report it\n",
        quiet.err());

    Run verbose = runOn(buggy, Map.of(), "list", "-v");
    assertEquals(1, verbose.exitCode());
    assertTrue(
        verbose.err().contains("\tat dev.assetkit.cli.FakeProviders$FailingDriver"), verbose.err());
    assertEquals("", verbose.out());
  }

  @Test
  void knownErrors_haveNoStackTraceByDefault_butDoWithVerbose() {
    Run plain = run("fetch", "ghost:1.0");
    assertEquals(3, plain.exitCode());
    assertFalse(plain.err().contains("\tat "), plain.err());
    Run verbose = run("fetch", "ghost:1.0", "-v");
    assertEquals(3, verbose.exitCode());
    assertTrue(verbose.err().contains("AssetNotFoundException"), verbose.err());
    assertTrue(verbose.err().contains("\tat "), verbose.err());
  }

  @Test
  void unknownProvider_listsTheAvailableOnes_exit2() {
    Run run = run("list", "--provider", "dropbox");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(
        run.err().contains("no storage driver for provider 'dropbox' (available: local)"),
        run.err());
  }

  @Test
  void invalidSetting_namesTheVariable_exit2() {
    Map<String, String> env = env();
    env.put("MODELKIT_STORAGE_FORCE_DOWNLOAD", "maybe");
    Run run = Run.of(CliContext.of(env, work).withRegistry(registry()), "fetch", "x");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(
        run.err().startsWith("error: MODELKIT_STORAGE_FORCE_DOWNLOAD has an invalid value 'maybe'"),
        run.err());
  }

  @Test
  void exitCodesInHelp_matchTheErrorKinds() {
    for (dev.assetkit.ErrorKind kind : dev.assetkit.ErrorKind.values()) {
      assertTrue(
          CommandLines.EXIT_CODES.containsKey(Integer.toString(kind.exitCode())), kind.name());
    }
    assertEquals(
        List.of("0", "1", "2", "3", "4", "5", "6", "7"),
        List.copyOf(CommandLines.EXIT_CODES.keySet()));
  }
}
