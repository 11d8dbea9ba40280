/**
 * The JDBC layer shared by agent-memory and agent-art: SQL dialects (H2, PostgreSQL), schema migrations,
 * the database handle and the PostgreSQL pool. <strong>Not public API</strong>: anything here may change in any release.
 */
package dev.rustagent.memory.internal.jdbc;
