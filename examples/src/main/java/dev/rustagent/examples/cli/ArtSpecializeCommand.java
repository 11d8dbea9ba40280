package dev.rustagent.examples.cli;

import dev.rustagent.art.export.Specialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code rust-agent art specialize <research|planning|execution|code>}: trains on one kind of trajectory. */
@Command(name = "specialize", mixinStandardHelpOptions = true,
    description = "Train a model specialised in research, planning, execution or code generation.")
final class ArtSpecializeCommand extends ArtTrainCommand {

  @Parameters(index = "0", paramLabel = "research|planning|execution|code", description = "The specialisation.")
  String kind;

  @Override
  Specialization specialization() {
    try {
      return Specialization.parse(kind);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
