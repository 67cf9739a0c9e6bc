package dev.assetkit.cli;

import dev.assetkit.AssetsSettings;
import dev.assetkit.AssetsSettings.Key;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The start-up fast path of the commands that move data, {@code fetch}, {@code new} and {@code
 * update}: their plain forms run before picocli builds its model (0.06–0.2 s of every start,
 * bench/analysis.md), through the same {@link FetchRun}, {@link PublishRun} and {@link Failures} as
 * the full command line, so they print and exit exactly as it does. A version already in the cache
 * is answered without a driver or the manager.
 *
 * <p>Plain means: the positional arguments the command takes, its flags without a value ({@code
 * --json}, {@code -q}, {@code --download}; {@code -y}, {@code --dry-run}, {@code --bump-major}),
 * and the store options. Anything else ({@code -v}, {@code --help}, a flag of another command, a
 * missing value, one argument too many...) and settings that do not build return empty, having
 * printed nothing, and the full command line runs.
 */
final class FastPath {
  private FastPath() {}

  /** The exit code if {@code args} were handled here, else empty (nothing was printed). */
  static Optional<Integer> tryRun(
      CliContext context, String[] args, PrintWriter out, PrintWriter err) {
    String command = args.length > 0 ? args[0] : "";
    PlainArgs plain;
    switch (command) {
      case "fetch":
        plain = PlainArgs.parse(args, 1, "--json", "-q", "--quiet", "--download");
        break;
      case "new":
        plain = PlainArgs.parse(args, 2, "--json", "-q", "--quiet", "-y", "--yes", "--dry-run");
        break;
      case "update":
        plain =
            PlainArgs.parse(
                args, 2, "--json", "-q", "--quiet", "-y", "--yes", "--dry-run", "--bump-major");
        break;
      default:
        return Optional.empty();
    }
    if (plain == null) {
      return Optional.empty();
    }
    AssetsSettings settings;
    try {
      AssetsSettings.Builder builder =
          AssetsSettings.builder().environment(context.env()).workingDir(context.workingDir());
      for (Map.Entry<Key, String> entry : plain.store.entrySet()) {
        builder.set(entry.getKey(), entry.getValue());
      }
      settings = builder.build();
    } catch (RuntimeException e) {
      return Optional.empty(); // the full command line reports it properly
    }
    Logging.configure(0); // as the full command line does for every command without -v
    Console console = new Console(context, out, err, plain.has("-q", "--quiet"));
    try {
      List<String> positional = plain.positional;
      if (command.equals("fetch")) {
        return Optional.of(
            new FetchRun(console, settings, 0)
                .run(positional.get(0), plain.has("--download"), plain.has("--json")));
      }
      Publication publication =
          command.equals("new")
              ? new Publication.NewAsset(positional.get(1))
              : new Publication.NextVersion(positional.get(1), plain.has("--bump-major"));
      PublishRun.Flags flags =
          new PublishRun.Flags(
              plain.has("--dry-run"), plain.has("-y", "--yes"), plain.has("--json"));
      String commandName = "assets " + command;
      console.requireConfirmable(commandName, flags.yes(), flags.dryRun());
      return Optional.of(
          new PublishRun(console, settings, 0, commandName)
              .run(publication, positional.get(0), flags));
    } catch (RuntimeException e) {
      out.flush();
      return Optional.of(Failures.report(e, err, 0, Optional.of(settings)));
    }
  }

  /** The arguments of a plain form: its positionals, the flags given, the store options. */
  private static final class PlainArgs {
    final List<String> positional = new ArrayList<>();
    final List<String> flags = new ArrayList<>();
    final Map<Key, String> store = new EnumMap<>(Key.class);

    /**
     * {@code args} after the command name, if they are exactly {@code positionals} positional
     * arguments, flags among {@code allowed} and store options with their values; else null.
     */
    static PlainArgs parse(String[] args, int positionals, String... allowed) {
      PlainArgs plain = new PlainArgs();
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        String name = arg;
        String value = null;
        int equals = arg.indexOf('=');
        if (arg.startsWith("--") && equals > 0) {
          name = arg.substring(0, equals);
          value = arg.substring(equals + 1);
        }
        Key key = storeOption(name);
        if (key != null) {
          if (value == null) {
            if (i + 1 >= args.length) {
              return null;
            }
            value = args[++i];
          }
          if (plain.store.put(key, value) != null) {
            return null; // given twice: picocli says so
          }
        } else if (value == null && isOneOf(arg, allowed)) {
          if (plain.has(spellings(arg))) {
            return null; // given twice: picocli says so
          }
          plain.flags.add(arg);
        } else if (arg.startsWith("-") || plain.positional.size() == positionals) {
          return null; // -v, --help, --json=true, a flag of another command, one too many...
        } else {
          plain.positional.add(arg);
        }
      }
      return plain.positional.size() == positionals ? plain : null;
    }

    /** Whether any of these spellings of one flag was given. */
    boolean has(String... spellings) {
      for (String flag : flags) {
        if (isOneOf(flag, spellings)) {
          return true;
        }
      }
      return false;
    }

    /** The spellings of the flag {@code arg}. */
    private static String[] spellings(String arg) {
      switch (arg) {
        case "-q":
        case "--quiet":
          return new String[] {"-q", "--quiet"};
        case "-y":
        case "--yes":
          return new String[] {"-y", "--yes"};
        default:
          return new String[] {arg};
      }
    }

    private static boolean isOneOf(String arg, String... names) {
      for (String name : names) {
        if (name.equals(arg)) {
          return true;
        }
      }
      return false;
    }

    private static Key storeOption(String option) {
      switch (option) {
        case "--provider":
          return Key.ASSETS_STORAGE_PROVIDER;
        case "--bucket":
          return Key.ASSETS_STORAGE_BUCKET;
        case "--prefix":
          return Key.ASSETS_STORAGE_PREFIX;
        case "--assets-dir":
          return Key.ASSETS_DIR;
        default:
          return null;
      }
    }
  }
}
