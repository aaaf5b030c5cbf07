package dev.quire.cli;

import dev.quire.exchange.ConversationExchange;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code quire export-conversation ID [--md] [-o FILE] [--at REV]}. */
@Command(name = "export-conversation", description = "Write one conversation as LiteChat's {conversation, interactions} JSON, or as Markdown.")
final class ExportConversationCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The conversation's id.")
  String id;

  @Option(names = "--md", description = "Write a Markdown transcript instead of JSON.")
  boolean markdown;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  String output;

  @Option(names = "--at", paramLabel = "REV", description = "Export the conversation as it was at this revision.")
  String at;

  @Override
  public Integer call() throws Exception {
    try (Store store = main.openStore()) {
      Snapshot snapshot = at == null ? store : store.at(at);
      String text = markdown ? ConversationExchange.toMarkdown(snapshot, id) : ConversationExchange.toJson(snapshot, id);
      ExchangeFiles.output(main, output, spec.commandLine().getOut(), out -> out.write(text));
    }
    return Main.OK;
  }
}
