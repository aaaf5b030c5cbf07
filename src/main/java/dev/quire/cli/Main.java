package dev.quire.cli;

import dev.quire.InvalidEntityException;
import dev.quire.MalformedFileException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code quire} command. Each verb is one class; this one holds the options every verb
 * shares and turns failures into one line on stderr and an exit code:
 * 0 ok, 1 any other failure, 2 usage, 3 not found, 4 invalid input, 5 conflict, 6 remote.
 */
@Command(name = "quire", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A Git-native, file-based store for LiteChat data.",
    subcommands = {DemoCommand.class, InitCommand.class, PutCommand.class, GetCommand.class,
        ListCommand.class, DeleteCommand.class, LogCommand.class, StatusCommand.class,
        CommitCommand.class, FilesCommand.class, CheckCommand.class, FmtCommand.class,
        PathCommand.class, TypesCommand.class, ExportCommand.class, ImportCommand.class,
        ExportConversationCommand.class, ImportConversationCommand.class, ExportProjectCommand.class,
        ImportProjectCommand.class, RestoreCommand.class, ValidateCommand.class, MigrateCommand.class,
        RemoteCommand.class, SyncCommand.class, ConflictsCommand.class, ResolveCommand.class, CloneCommand.class,
        MergeDriverCommand.class, InstallMergeDriverCommand.class, SchemaCommand.class, SecretsCommand.class, DoctorCommand.class, MarketCommand.class, ServeCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int NOT_FOUND = 3;
  static final int INVALID = 4;
  static final int CONFLICT = 5;
  static final int REMOTE = 6;

  @Option(names = "-C", paramLabel = "DIR", description = "Run in DIR (the store) instead of the current folder.")
  Path directory = Path.of("");

  @Option(names = "--debug", description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(execute(out, err, args));
  }

  /** Runs the command line and returns its exit code; output goes to the given writers. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    Main main = new Main();
    CommandLine cmd = new CommandLine(main);
    // nanoid ids may begin with '-' (its alphabet has it): `quire get conversations -x2…` is an
    // id, not an option that does not exist
    cmd.setUnmatchedOptionsArePositionalParams(true);
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setParameterExceptionHandler((e, a) -> {
      err.println("quire: error: " + e.getMessage());
      CommandLine failed = e.getCommandLine();
      err.println("(see \"" + failed.getCommandSpec().qualifiedName() + " --help\")");
      return USAGE;
    });
    cmd.setExecutionExceptionHandler((e, failed, parsed) -> {
      err.println("quire: error: " + e.getMessage());
      if (main.debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return exitCode(e);
    });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static int exitCode(Throwable e) {
    if (e instanceof MalformedFileException || e instanceof InvalidEntityException) {
      return INVALID;
    }
    if (e instanceof dev.quire.NotFoundException) {
      return NOT_FOUND;
    }
    if (e instanceof dev.quire.ConflictException) {
      return CONFLICT;
    }
    if (e instanceof dev.quire.RemoteException) {
      return REMOTE;
    }
    if (e instanceof CommandLine.ParameterException) {
      return USAGE;
    }
    return FAILURE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The store folder given with -C, made absolute. */
  Path directory() {
    return directory.toAbsolutePath().normalize();
  }

  /** Opens the store at -C. */
  /** A password or token given with --password-stdin: standard input, without the line end. */
  static String passwordFromStdin() throws java.io.IOException {
    return new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
  }

  dev.quire.store.Store openStore() {
    return dev.quire.store.Store.open(directory());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"quire " + (v == null ? "(development build)" : v)};
    }
  }
}
