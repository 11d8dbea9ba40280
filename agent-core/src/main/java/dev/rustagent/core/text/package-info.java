/**
 * Making untrusted text safe to show and to keep: {@link dev.rustagent.core.text.TerminalText} makes
 * control characters visible before text from a model, a tool or a file reaches a terminal (or a web
 * page's text node), and {@link dev.rustagent.core.text.Secrets} removes credentials from text that is
 * printed, logged, recorded as a trajectory or exported as training data.
 */
@NullMarked
package dev.rustagent.core.text;

import org.jspecify.annotations.NullMarked;
