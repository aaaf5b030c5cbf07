package dev.quire.cli;

import dev.quire.secrets.Secrets;
import dev.quire.store.MissingSecret;
import dev.quire.store.Store;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire secrets [list] | share | key export|import}: secret values across devices. */
@Command(name = "secrets", description = "List the secrets this device lacks; share secret values between devices,"
    + " sealed with a key kept outside the repository.",
    subcommands = {SecretsCommand.ListMissing.class, SecretsCommand.Share.class, SecretsCommand.Key.class})
final class SecretsCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return ListMissing.print(main, spec);
  }

  /** Prints the secrets this device lacks, one per line with why; none: a line saying so. */
  static void printMissing(List<MissingSecret> missing, PrintWriter out) {
    if (missing.isEmpty()) {
      out.println("every secret value can be read on this device");
      return;
    }
    out.println(missing.size() + " secret value(s) missing on this device (they read as null):");
    missing.forEach(m -> out.println("  " + m.ref() + ": " + m.reason()));
  }

  /** {@code quire secrets list}. */
  @Command(name = "list", description = "List the secret values this device does not have (exit 0 all the same).")
  static final class ListMissing implements Callable<Integer> {
    @ParentCommand
    SecretsCommand parent;

    @Override
    public Integer call() {
      return print(parent.main, parent.spec);
    }

    static int print(Main main, CommandSpec spec) {
      try (Store store = main.openStore()) {
        Secrets secrets = Secrets.of(store);
        PrintWriter out = spec.commandLine().getOut();
        out.println(secrets.isShared() ? "secrets are shared (shared-secrets/), this device's key: "
            + secrets.keyId().orElse("none") : "secrets are not shared: values stay on the device that set them");
        printMissing(store.missingSecrets(), out);
      }
      return Main.OK;
    }
  }

  /** {@code quire secrets share}. */
  @Command(name = "share", description = "Seal every secret value this device has into shared-secrets/ (AES-256-GCM),"
      + " making a key in .git/quire/ if there is none; later writes of secrets are sealed too.")
  static final class Share implements Callable<Integer> {
    @ParentCommand
    SecretsCommand parent;

    @Override
    public Integer call() {
      try (Store store = parent.main.openStore()) {
        Secrets.Shared shared = Secrets.of(store).share();
        PrintWriter out = parent.spec.commandLine().getOut();
        out.println("sealed " + shared.sealed() + " secret value(s) with key " + shared.keyId()
            + (shared.commitId() == null ? " (nothing new to commit)" : " in " + shared.commitId().substring(0, 12)));
        if (!shared.notShared().isEmpty()) {
          printMissing(shared.notShared(), out);
        }
        out.println("on another device: `quire secrets key export` here, `quire secrets key import` there");
      }
      return Main.OK;
    }
  }

  /** {@code quire secrets key export|import}. */
  @Command(name = "key", description = "Move the secrets key between devices.",
      subcommands = {Key.Export.class, Key.Import.class})
  static final class Key {
    @ParentCommand
    SecretsCommand parent;

    /** {@code quire secrets key export [--file F]}. */
    @Command(name = "export", description = "Print this device's secrets key (or write it to a file of mode 0600)."
        + " Whoever has it and the repository can read the shared secrets.")
    static final class Export implements Callable<Integer> {
      @ParentCommand
      Key key;

      @Option(names = "--file", paramLabel = "FILE", description = "Write the key to FILE instead of printing it.")
      Path file;

      @Override
      public Integer call() throws Exception {
        try (Store store = key.parent.main.openStore()) {
          if (file == null) {
            key.parent.spec.commandLine().getOut().println(Secrets.of(store).exportKey());
          } else {
            Secrets.of(store).exportKey(file);
          }
        }
        return Main.OK;
      }
    }

    /** {@code quire secrets key import [--replace] [FILE]}. */
    @Command(name = "import", description = "Keep a key exported on another device as this device's secrets key.")
    static final class Import implements Callable<Integer> {
      @ParentCommand
      Key key;

      @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The key's file; - or none: standard input.")
      String file;

      @Option(names = "--replace", description = "Replace a different key this device has (its sealed values stop opening here).")
      boolean replace;

      @Override
      public Integer call() throws Exception {
        String text = file == null || file.equals("-")
            ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
        try (Store store = key.parent.main.openStore()) {
          String id = Secrets.of(store).importKey(text, replace);
          key.parent.spec.commandLine().getOut().println("imported the secrets key " + id);
          printMissing(store.missingSecrets(), key.parent.spec.commandLine().getOut());
        }
        return Main.OK;
      }
    }
  }
}
