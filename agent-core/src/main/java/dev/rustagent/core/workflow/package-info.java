/**
 * Workflows: multi-step jobs such as debugging a crate until {@code cargo check} is clean, built on
 * an {@link dev.rustagent.core.Agent}. Every step is reported to a {@link
 * dev.rustagent.core.workflow.Workflow.WorkflowListener}, every change goes through the agent's permission
 * gate, and the {@link dev.rustagent.core.workflow.Workflow.WorkflowResult} says what was done, which problems
 * were met and how they were fixed.
 */
@NullMarked
package dev.rustagent.core.workflow;

import org.jspecify.annotations.NullMarked;
