package dev.assetkit.cli;

import dev.assetkit.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code assets} command itself; its sub-commands are added by {@link Main}. */
@Command(
    name = "assets",
    mixinStandardHelpOptions = true,
    versionProvider = AssetsCli.VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Versioned, immutable assets in S3, GCS, Azure Blob or a local folder, cached locally;"
          + " wire-compatible with modelkit.",
      "",
      "Where the store and the cache are comes from ASSETS_STORAGE_PROVIDER,"
          + " ASSETS_STORAGE_BUCKET, ASSETS_STORAGE_PREFIX and ASSETS_DIR (or modelkit's"
          + " MODELKIT_* names), or from --provider, --bucket, --prefix and --assets-dir after"
          + " the command. 'assets config' shows the effective configuration."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  assets new ./encoder models/encoder -y",
      "  assets update ./encoder models/encoder:1 -y",
      "  assets fetch models/encoder:1.2[vocab.txt]",
      "  assets list --json",
      "  assets config --provider s3 --bucket my-bucket"
    })
final class AssetsCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final CliContext context;

  AssetsCli(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /** {@code assets (assetkit) 0.1.0} and the Java runtime. */
  static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "assets (assetkit) " + Version.current(),
        "Java " + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name")
      };
    }
  }
}
