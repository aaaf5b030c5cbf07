package dev.quire.cli;

import dev.quire.model.EntityType;
import dev.quire.model.EntityTypes;
import picocli.CommandLine;

/** Reads a type name as given on the command line: a folder name such as {@code rules}. */
final class TypeConverter implements CommandLine.ITypeConverter<EntityType> {
  @Override
  public EntityType convert(String value) {
    return EntityTypes.find(value).orElseThrow(() -> new CommandLine.TypeConversionException(
        "unknown type \"" + value + "\"; the types are " + EntityTypes.folderNames()));
  }
}
