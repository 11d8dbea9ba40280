package dev.rustagent.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into keyword terms. A term is a run of letters, digits and underscores, lower-cased, so
 * Rust identifiers ({@code borrow_mut}, {@code HashMap}) and error codes ({@code E0382}) stay whole.
 */
public final class Tokens {

  /** Only this much of a text is indexed for keywords; the stored text is never cut. */
  static final int MAX_INDEXED_CHARS = 64 * 1024;

  private static final Set<String> STOP_WORDS = Set.of(
      "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "i", "in", "is", "it",
      "its", "my", "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "with",
      "do", "does", "can", "me", "you", "we", "should", "which", "why", "into", "there", "their");

  private Tokens() {}

  /**
   * @param text any text
   * @return its terms in order, stop words and one-letter terms dropped
   */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    int end = Math.min(text.length(), MAX_INDEXED_CHARS);
    int start = -1;
    for (int i = 0; i <= end; i++) {
      boolean word = i < end && isTermChar(text.charAt(i));
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        add(out, text.substring(start, i));
        start = -1;
      }
    }
    return out;
  }

  private static boolean isTermChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static void add(List<String> out, String raw) {
    String term = raw.toLowerCase(Locale.ROOT);
    while (term.startsWith("_")) {
      term = term.substring(1);
    }
    if (term.length() < 2 || STOP_WORDS.contains(term)) {
      return;
    }
    out.add(term);
  }
}
