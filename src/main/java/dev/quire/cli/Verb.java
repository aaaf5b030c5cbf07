package dev.quire.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A verb of the {@code quire} command: picocli gives it the top command ({@code -C},
 * {@code --debug}) and its own spec (its output writers). Verbs that work on the store at
 * {@code -C} extend {@link StoreVerb}.
 */
abstract class Verb implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;
}
