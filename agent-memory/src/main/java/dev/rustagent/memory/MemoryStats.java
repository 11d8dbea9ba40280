package dev.rustagent.memory;

/**
 * What a memory holds.
 *
 * @param episodes stored interactions
 * @param sessions distinct sessions
 * @param semanticItems semantic-memory items
 * @param patterns knowledge-base patterns
 * @param commands knowledge-base commands
 * @param metricSamples learning-metrics samples
 * @param embeddingModel the embedding model's name, or "none (keyword recall)"
 * @param embeddingDimension the vectors' dimension, 0 without a model
 * @param schemaVersion the database schema version
 */
public record MemoryStats(
    long episodes,
    long sessions,
    long semanticItems,
    long patterns,
    long commands,
    long metricSamples,
    String embeddingModel,
    int embeddingDimension,
    int schemaVersion) {}
