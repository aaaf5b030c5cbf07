/**
 * Not API. The {@code quire} command line: one picocli class per verb, each parses, calls the
 * library and prints; errors become one line and an exit code ({@link dev.quire.cli.Main}).
 */
package dev.quire.cli;
