/**
 * Slash commands: {@code /debug --auto-fix}, {@code /agent "write tests for parse_config"} and the
 * host's own. {@link dev.rustagent.core.command.SlashCommands} parses user input with shell-like
 * quoting, checks it against each command's {@link dev.rustagent.core.command.CommandSpec} and calls
 * the command's handler; bad input gets a usage line, never a model call.
 */
@NullMarked
package dev.rustagent.core.command;

import org.jspecify.annotations.NullMarked;
