/**
 * What the JDBC stores of agent-memory and agent-art share: the {@link dev.rustagent.memory.jdbc.SqlDialect}
 * of the database (H2 or PostgreSQL), {@link dev.rustagent.memory.jdbc.JdbcDatabase} transactions that
 * retry what is safe to retry, and {@link dev.rustagent.memory.jdbc.SchemaMigrations}, the one versioned
 * schema migrator (a newer schema than the code is refused).
 */
@NullMarked
package dev.rustagent.memory.jdbc;

import org.jspecify.annotations.NullMarked;
