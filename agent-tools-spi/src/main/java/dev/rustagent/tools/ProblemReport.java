package dev.rustagent.tools;

import java.util.List;

/**
 * Implemented by tool payloads that report problems in the workspace (compiler errors, failing
 * tests). The agent keeps the problems of the latest report per tool in its working memory, so an
 * empty report from a later call clears them.
 */
public interface ProblemReport {

  /** One line per problem, for example {@code error[E0382]: borrow of moved value at src/main.rs:4:5}. */
  List<String> problems();
}
