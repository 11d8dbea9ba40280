/**
 * The built-in tools of the Rust agent: cargo, clippy, {@code rustc --explain}, an LSP client for
 * rust-analyzer, git, gh, a policy-bound shell, workspace-confined file operations, offline docs
 * search and crates.io search, together with the compiler diagnostics model they report in.
 * {@link dev.rustagent.tools.builtin.BuiltinTools} configures them;
 * {@link dev.rustagent.tools.builtin.BuiltinToolProvider} offers them to ServiceLoader discovery.
 */
@NullMarked
package dev.rustagent.tools.builtin;

import org.jspecify.annotations.NullMarked;
