package dev.rustagent.memory;

/**
 * How much a JSON export wrote or an import added.
 *
 * @param episodes interactions
 * @param semanticItems semantic-memory items
 * @param patterns code patterns
 * @param commands tool commands
 * @param metricSamples learning-metrics samples
 */
public record ArchiveSummary(int episodes, int semanticItems, int patterns, int commands, int metricSamples) {}
