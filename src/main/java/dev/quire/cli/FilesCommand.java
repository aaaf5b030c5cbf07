package dev.quire.cli;

import dev.quire.NotFoundException;
import dev.quire.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code quire files ls|get|put|rm KEY PATH [FILE]}: project files (LiteChat's VFS). */
@Command(name = "files", description = "Project files: ls KEY [PATH], get KEY PATH, put KEY PATH [FILE|-], rm KEY PATH.")
final class FilesCommand extends Verb {
  @Parameters(index = "0", paramLabel = "ACTION", description = "ls, get, put or rm.")
  String action;

  @Parameters(index = "1", paramLabel = "KEY", description = "The VFS key (a project id, or a conversation id).")
  String key;

  @Parameters(index = "2", arity = "0..1", paramLabel = "PATH", description = "The file or folder inside the key's files.")
  String path;

  @Parameters(index = "3", arity = "0..1", paramLabel = "FILE", description = "For put: the local file to store (default: standard input).")
  String file;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    try (Store store = main.openStore()) {
      switch (action) {
        case "ls" -> store.listFiles(key, path == null ? "" : path).forEach(out::println);
        case "get" -> {
          byte[] bytes = store.readFile(key, required()).orElseThrow(
              () -> new NotFoundException("no project file \"" + path + "\" in \"" + key + "\""));
          out.flush();
          System.out.write(bytes);
          System.out.flush();
        }
        case "put" -> {
          byte[] bytes = file == null || file.equals("-") ? System.in.readAllBytes()
              : Files.readAllBytes(main.directory().resolve(file));
          store.transaction(tx -> tx.writeFile(key, required(), bytes));
          out.println("stored " + path + " (" + bytes.length + " bytes)");
        }
        case "rm" -> {
          boolean deleted = store.compute(tx -> tx.deleteFile(key, required()));
          if (!deleted) {
            throw new NotFoundException("no project file or folder \"" + path + "\" in \"" + key + "\"");
          }
          out.println("removed " + path);
        }
        default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "unknown action \"" + action + "\"; use ls, get, put or rm");
      }
    }
    return Main.OK;
  }

  private String required() {
    if (path == null || path.isBlank()) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), action + " needs a PATH");
    }
    return path;
  }
}
