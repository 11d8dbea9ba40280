package dev.rustagent.core.internal;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import org.apache.commons.text.translate.AggregateTranslator;
import org.apache.commons.text.translate.CharSequenceTranslator;
import org.apache.commons.text.translate.CodePointTranslator;
import org.apache.commons.text.translate.LookupTranslator;
import org.apache.commons.text.translate.UnicodeEscaper;
import dev.rustagent.core.internal.Secrets;

/**
 * Renders text that came from a model, a tool or a file so that it cannot drive a terminal: every
 * control character except newline and tab (ESC and so CSI/OSC sequences, CR, backspace, BEL, DEL,
 * the C1 controls), every format character (bidirectional overrides and isolates such as U+202E,
 * zero-width characters, the BOM) and the Unicode line and paragraph separators are shown as
 * {@code \}{@code uXXXX} escapes. A CR directly before a newline is dropped (Windows line ends), a
 * lone CR is shown. Everything else, including non-ASCII letters, is kept as it is.
 *
 * <p>What this does not do: it does not remove secrets (combine with {@link Secrets#redact}, as
 * {@link #safe} does), and it does not escape HTML; a web page still needs its own HTML escaping.
 * Thread-safe.
 */
public final class TerminalText {

  private static final CharSequenceTranslator ESCAPER = new AggregateTranslator(
      new LookupTranslator(Map.of("\r\n", "\n")),
      new InvisibleEscaper());

  private TerminalText() {}

  /**
   * The text with its control and format characters made visible.
   *
   * @param text any text, or {@code null}
   * @return the escaped text ({@code ""} for {@code null})
   */
  public static String escape(@Nullable CharSequence text) {
    if (text == null) {
      return "";
    }
    if (!needsEscaping(text)) {
      return text.toString();
    }
    return ESCAPER.translate(text);
  }

  /**
   * What a terminal may show of untrusted text: secrets redacted ({@link Secrets#redact}), then
   * control characters made visible ({@link #escape}). Every printing path of the CLI uses this.
   *
   * @param text any text, or {@code null}
   * @return the text to print ({@code ""} for {@code null})
   */
  public static String safe(@Nullable CharSequence text) {
    return text == null ? "" : escape(Secrets.redact(text.toString()));
  }

  /**
   * Whether a code point is shown as an escape: controls other than newline and tab, format
   * characters, and line or paragraph separators.
   *
   * @param codePoint a Unicode code point
   * @return true when {@link #escape} replaces it
   */
  public static boolean isEscaped(int codePoint) {
    if (codePoint == '\n' || codePoint == '\t') {
      return false;
    }
    return switch (Character.getType(codePoint)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE -> true;
      default -> false;
    };
  }

  private static boolean needsEscaping(CharSequence text) {
    return text.codePoints().anyMatch(TerminalText::isEscaped);
  }

  /** Escapes the code points {@link #isEscaped} names with Commons Text's Unicode escaper. */
  private static final class InvisibleEscaper extends CodePointTranslator {
    private final UnicodeEscaper unicode = UnicodeEscaper.between(0, Character.MAX_CODE_POINT);

    @Override
    public boolean translate(int codePoint, Writer writer) throws IOException {
      if (!isEscaped(codePoint)) {
        return false;
      }
      return unicode.translate(codePoint, writer);
    }
  }
}
