package dev.quire.cli;

import dev.quire.exchange.ConversationExchange;
import dev.quire.store.Snapshot;
import dev.quire.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire export-conversation ID [--md] [-o FILE] [--at REV]}. */
@Command(name = "export-conversation", description = "Write one conversation as LiteChat's {conversation, interactions} JSON, or as Markdown.")
final class ExportConversationCommand extends StoreVerb {
  @Parameters(index = "0", paramLabel = "ID", description = "The conversation's id.")
  String id;

  @Option(names = "--md", description = "Write a Markdown transcript instead of JSON.")
  boolean markdown;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of standard output.")
  String output;

  @Option(names = "--at", paramLabel = "REV", description = "Export the conversation as it was at this revision.")
  String at;

  @Override
  int run(Store store) throws Exception {
    Snapshot snapshot = at == null ? store : store.at(at);
    String text = markdown ? ConversationExchange.toMarkdown(snapshot, id) : ConversationExchange.toJson(snapshot, id);
    ExchangeFiles.output(main, output, spec.commandLine().getOut(), out -> out.write(text));
    return Main.OK;
  }
}
