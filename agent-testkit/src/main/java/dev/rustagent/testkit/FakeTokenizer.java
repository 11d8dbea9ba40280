package dev.rustagent.testkit;

/**
 * The fake server's stand-in for Claude's tokenizer, so token counts depend on what the text is, not
 * only on its length: a run of letters is a token per five letters, a run of digits a token per three, a
 * run of other visible characters a token per two ({@code ");"} is two), a line break with its
 * indentation one token, and a single space is free (it joins the next word). Code and JSON, dense in
 * punctuation, take more tokens per character than prose, as with the real tokenizer. It is a model,
 * not Claude's tokenizer: counts are of the right order, not exact.
 */
final class FakeTokenizer {
  private FakeTokenizer() {}

  static int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    int tokens = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      int c = text.codePointAt(i);
      int start = i;
      if (Character.isLetter(c)) {
        while (i < n && Character.isLetter(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
        tokens += (i - start + 4) / 5;
      } else if (Character.isDigit(c)) {
        while (i < n && Character.isDigit(text.codePointAt(i))) {
          i++;
        }
        tokens += (i - start + 2) / 3;
      } else if (c == '\n' || c == '\r') {
        while (i < n && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        tokens++;
      } else if (Character.isWhitespace(c)) {
        while (i < n && text.charAt(i) != '\n' && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        if (i - start > 1) {
          tokens++;
        }
      } else {
        while (i < n && isSymbol(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
        tokens += (i - start + 1) / 2;
      }
    }
    return tokens;
  }

  private static boolean isSymbol(int c) {
    return !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
  }
}
