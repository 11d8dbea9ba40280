/**
 * The {@code rust-agent} command-line program (picocli): {@code run} a task with the Rust-expert
 * agent, against a Claude proxy or offline with a scripted demo model. CLI code prints; the library
 * does not.
 */
package dev.rustagent.examples.cli;
