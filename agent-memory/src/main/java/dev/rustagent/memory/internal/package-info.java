/**
 * Implementation of agent memory: the JDBC/H2 store, schema migrations, the in-memory vector and
 * keyword indexes, embeddings and JSON archives. Not public API: it may change without notice; use the
 * interfaces in {@code dev.rustagent.memory}.
 */
package dev.rustagent.memory.internal;
