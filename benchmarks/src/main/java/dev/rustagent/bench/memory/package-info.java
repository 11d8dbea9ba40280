/**
 * Benchmarks of agent memory: semantic search over 100,000 memories side by side with LangChain4j's
 * {@code InMemoryEmbeddingStore}, episodic inserts into H2, the heap footprint, and recall quality on a
 * labelled set.
 */
package dev.rustagent.bench.memory;
