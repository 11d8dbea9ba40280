package dev.rustagent.examples.cli;

import dev.rustagent.core.ApprovalRequest;
import dev.rustagent.core.Approver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Asks on the terminal: {@code y} allows this call, {@code n} refuses it, {@code always} allows every
 * later call of the same tool in this program run. End of input refuses.
 */
final class TerminalApprover implements Approver {
  private final BufferedReader in;
  private final PrintWriter out;
  private final Set<String> alwaysAllowed = new HashSet<>();

  TerminalApprover(BufferedReader in, PrintWriter out) {
    this.in = in;
    this.out = out;
  }

  @Override
  public synchronized boolean approve(ApprovalRequest request) {
    if (alwaysAllowed.contains(request.tool()) && !request.isProtected()) {
      out.printf("  (allowed: you said always for %s)%n", request.tool());
      return true;
    }
    out.println();
    out.printf("? The agent wants to use %s %s%n", request.tool(), request.actions());
    request.risks().forEach(risk -> out.println("  ! PROTECTED: " + risk));
    request.description().lines().forEach(line -> out.println("    " + line));
    while (true) {
      out.print("  Allow? [y]es / [n]o / [a]lways for this tool: ");
      out.flush();
      String answer;
      try {
        answer = in.readLine();
      } catch (IOException e) {
        answer = null;
      }
      if (answer == null) {
        out.println("(no input: refused)");
        return false;
      }
      switch (answer.strip().toLowerCase(Locale.ROOT)) {
        case "y", "yes" -> {
          return true;
        }
        case "n", "no", "" -> {
          return false;
        }
        case "a", "always" -> {
          alwaysAllowed.add(request.tool());
          return true;
        }
        default -> out.println("  Please answer y, n or always.");
      }
    }
  }
}
