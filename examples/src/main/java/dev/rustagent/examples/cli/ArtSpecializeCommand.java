package dev.rustagent.examples.cli;

import dev.rustagent.art.export.TrainingDataExporter.Specialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code rust-agent art specialize <research|planning|execution|code|analysis|general>}: trains on one kind of trajectory. */
@Command(name = "specialize", mixinStandardHelpOptions = true,
    description = "Train a model specialised in research, planning, execution, code generation or analysis, or a general one.")
final class ArtSpecializeCommand extends ArtTrainCommand {

  @Parameters(index = "0", paramLabel = "research|planning|execution|code|analysis|general", description = "The specialisation.")
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
