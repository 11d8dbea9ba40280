package dev.rustagent.art.export;

import java.nio.file.Path;

/**
 * What an export wrote.
 *
 * @param format the format
 * @param file the JSONL file
 * @param records lines written
 * @param trajectories trajectories used
 * @param skipped trajectories left out (unscored, below the threshold, other specialisation, no messages)
 */
public record ExportSummary(ExportFormat format, Path file, int records, int trajectories, int skipped) {}
