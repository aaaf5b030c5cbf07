package dev.quire.cli;

import dev.quire.exchange.ConversationExchange;
import dev.quire.store.Store;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code quire import-conversation FILE [--keep-ids]}: prints the conversation's id. */
@Command(name = "import-conversation", description = "Import one conversation ({conversation, interactions} JSON) in one commit,"
    + " with new ids as LiteChat does; prints the conversation's id.")
final class ImportConversationCommand extends Verb {
  @Parameters(index = "0", paramLabel = "FILE", description = "The conversation file (JSON).")
  String file;

  @Option(names = "--keep-ids", description = "Keep the file's ids; an existing conversation with that id is replaced, interactions included.")
  boolean keepIds;

  @Override
  public Integer call() throws Exception {
    byte[] json = Files.readAllBytes(ExchangeFiles.input(main, file));
    try (Store store = main.openStore()) {
      ConversationExchange.Imported result = ConversationExchange.importJson(store, json, file, keepIds);
      spec.commandLine().getOut().println(result.conversationId());
    }
    return Main.OK;
  }
}
