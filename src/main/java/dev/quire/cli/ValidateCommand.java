package dev.quire.cli;

import dev.quire.StoreException;
import dev.quire.codec.JsonText;
import dev.quire.layout.Layout;
import dev.quire.layout.Problem;
import dev.quire.layout.StoreFolder;
import dev.quire.schema.Validator;
import dev.quire.store.RevisionFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire validate [--rev REV] [--json] [PATH…]}: checks a store's files for review and CI. */
@Command(name = "validate", description = "Check every entity file (of the working tree, or of a revision) against the"
    + " store's JSON Schemas, ids against file names, unique constraints, references and plaintext secrets;"
    + " values outside LiteChat's value sets (errors for closed sets, warnings for open ones);"
    + " problems as path:line: message, exit code 4 if any is an error. PATHs limit what is reported (changed files).")
final class ValidateCommand extends Verb {

  @Option(names = "--rev", paramLabel = "REV", description = "Check the files of this revision instead of the working tree.")
  String rev;

  @Option(names = "--json", description = "Print the problems as a JSON list of {path, line, column, severity, message}.")
  boolean json;

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "Report only problems of these files (relative to the store).")
  List<String> paths;

  @Override
  public Integer call() {
    Path dir = main.directory();
    SortedMap<String, byte[]> files;
    int version;
    if (rev != null) {
      files = RevisionFiles.read(dir, rev);
      version = Layout.versionAmong(files.keySet().stream().map(f -> f.substring(0, f.indexOf('/'))).toList(), rev);
      if (version == 0) {
        throw new StoreException(rev + ": no version folder (v1/, …): not a Quire store");
      }
    } else {
      StoreFolder folder = StoreFolder.open(dir);
      files = new TreeMap<>();
      for (String p : folder.allFiles()) {
        files.put(p, folder.bytes(p));
      }
      version = folder.layout().version();
    }
    Set<String> report = null;
    if (paths != null && !paths.isEmpty()) {
      report = new TreeSet<>();
      for (String p : paths) {
        Path abs = dir.resolve(p).toAbsolutePath().normalize();
        report.add(abs.startsWith(dir) ? dir.relativize(abs).toString().replace('\\', '/') : p);
      }
    }
    List<Problem> problems = new Validator(version).validate(files, report);
    var out = spec.commandLine().getOut();
    if (json) {
      out.print(JsonText.of(problems.stream().map(ValidateCommand::toMap).toList()));
    } else {
      problems.forEach(out::println);
      var err = spec.commandLine().getErr();
      long warnings = problems.stream().filter(Problem::warning).count();
      long errors = problems.size() - warnings;
      err.println(problems.isEmpty() ? "validated " + files.size() + " files: no problems"
          : errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s")
              + " in " + files.size() + " files");
    }
    return problems.stream().allMatch(Problem::warning) ? Main.OK : Main.INVALID;
  }

  private static Map<String, Object> toMap(Problem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", p.path());
    m.put("line", p.line());
    m.put("column", p.column());
    m.put("severity", p.warning() ? "warning" : "error");
    m.put("message", p.message());
    return m;
  }
}
