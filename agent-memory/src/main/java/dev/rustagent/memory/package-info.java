/**
 * Agent memory: episodic memory of past interactions, semantic (vector + keyword) memory, a knowledge
 * base of Rust patterns and git / Linux / gh commands, and learning metrics, behind the
 * {@link dev.rustagent.memory.AgentMemory} facade. The default store is an embedded H2 file database;
 * everything else in this module is implementation detail under {@code .internal}.
 */
@NullMarked
package dev.rustagent.memory;

import org.jspecify.annotations.NullMarked;
