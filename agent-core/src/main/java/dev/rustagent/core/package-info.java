/**
 * The Rust agent: an {@link dev.rustagent.core.Agent} runs a ReAct loop over any LangChain4j chat
 * model with native tool calls, behind a permission gate ({@link dev.rustagent.core.PermissionPolicy},
 * {@link dev.rustagent.core.Approver}), and reports every step to
 * {@link dev.rustagent.core.AgentListener}s and in its {@link dev.rustagent.core.AgentResult}.
 */
@NullMarked
package dev.rustagent.core;

import org.jspecify.annotations.NullMarked;
