package dev.rustagent.tools.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An in-memory index of the Rust HTML documentation installed with the toolchain: the items of the
 * standard library crates (name, path, kind, one-line summary from the page's description) and the
 * compiler's error-code explanations (code and first sentence). Built once from the files; searching
 * ranks exact names above prefixes above substrings of paths and summaries.
 */
public final class DocsIndex {
  private static final Set<String> KINDS = Set.of("struct", "enum", "trait", "fn", "macro", "type",
      "constant", "static", "primitive", "keyword", "union", "attr", "derive", "traitalias");
  private static final Pattern DESCRIPTION = Pattern.compile("<meta name=\"description\" content=\"([^\"]*)\"");
  private static final Pattern FIRST_PARAGRAPH = Pattern.compile("<main>.*?<p>(.*?)</p>", Pattern.DOTALL);
  private static final Pattern TAG = Pattern.compile("<[^>]+>");
  private static final Pattern ENTITY = Pattern.compile("&(#x?[0-9a-fA-F]+|lt|gt|amp|quot|apos|nbsp);");

  /**
   * One documented item.
   *
   * @param path full path, such as {@code std::vec::Vec} or {@code E0382}
   * @param name last segment of the path
   * @param kind {@code struct}, {@code fn}, {@code module}, {@code error code}, ...
   * @param summary one-line description
   * @param file the HTML file, relative to the documentation root
   */
  public record Entry(String path, String name, String kind, String summary, String file) {}

  private final List<Entry> entries;

  private DocsIndex(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Indexes the given crates' directories and the {@code error_codes} directory under {@code root}. */
  public static DocsIndex build(Path root, List<String> crates) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (String crate : crates) {
      Path dir = root.resolve(crate);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".html")).sorted()::iterator) {
          Entry entry = itemEntry(root, file);
          if (entry != null) {
            entries.add(entry);
          }
        }
      }
    }
    Path errors = root.resolve("error_codes");
    if (Files.isDirectory(errors)) {
      try (Stream<Path> files = Files.list(errors)) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().matches("E\\d{4}\\.html"))
            .sorted()::iterator) {
          String code = file.getFileName().toString().substring(0, 5);
          Matcher paragraph = FIRST_PARAGRAPH.matcher(Files.readString(file, StandardCharsets.UTF_8));
          String summary = paragraph.find() ? clean(paragraph.group(1)) : "";
          entries.add(new Entry(code, code, "error code", summary, root.relativize(file).toString()));
        }
      }
    }
    return new DocsIndex(entries);
  }

  /** How many entries the index holds. */
  public int size() {
    return entries.size();
  }

  /** The best {@code limit} entries for the query, best first. */
  public List<Entry> search(String query, int limit) {
    String exact = query.strip();
    String q = exact.toLowerCase(Locale.ROOT);
    if (q.isEmpty()) {
      return List.of();
    }
    String[] words = q.split("\\s+");
    record Scored(Entry entry, int score) {}
    List<Scored> scored = new ArrayList<>();
    for (Entry entry : entries) {
      int score = score(entry, q, words);
      if (score > 0) {
        if (entry.name().equals(exact) || entry.path().equals(exact)) {
          score += 200;
        }
        if (entry.path().startsWith("std::")) {
          score += 5;
        }
        scored.add(new Scored(entry, score));
      }
    }
    scored.sort(Comparator.comparingInt(Scored::score).reversed()
        .thenComparingInt(s -> s.entry().path().length())
        .thenComparing(s -> s.entry().path()));
    return scored.stream().limit(limit).map(Scored::entry).toList();
  }

  private static int score(Entry entry, String q, String[] words) {
    String name = entry.name().toLowerCase(Locale.ROOT);
    String path = entry.path().toLowerCase(Locale.ROOT);
    String summary = entry.summary().toLowerCase(Locale.ROOT);
    if (name.equals(q) || path.equals(q)) {
      return 1000;
    }
    if (path.endsWith("::" + q)) {
      return 900;
    }
    if (name.startsWith(q)) {
      return 500;
    }
    if (path.contains(q)) {
      return 300;
    }
    int found = 0;
    for (String word : words) {
      if (path.contains(word)) {
        found += 3;
      } else if (summary.contains(word)) {
        found += 1;
      } else {
        return 0;
      }
    }
    return found;
  }

  private static Entry itemEntry(Path root, Path file) throws IOException {
    String fileName = file.getFileName().toString();
    Path relative = root.relativize(file);
    List<String> dirs = new ArrayList<>();
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      dirs.add(relative.getName(i).toString());
    }
    String kind;
    String name;
    if (fileName.equals("index.html")) {
      kind = "module";
      name = dirs.get(dirs.size() - 1);
    } else {
      int dot = fileName.indexOf('.');
      kind = dot > 0 ? fileName.substring(0, dot) : "";
      if (!KINDS.contains(kind)) {
        return null;
      }
      name = fileName.substring(dot + 1, fileName.length() - ".html".length());
    }
    String head = readHead(file);
    if (head.contains("http-equiv=\"refresh\"")) {
      return null;
    }
    Matcher description = DESCRIPTION.matcher(head);
    String summary = description.find() ? clean(description.group(1)) : "";
    String path = String.join("::", dirs) + (kind.equals("module") ? "" : "::" + name)
        + (kind.equals("macro") ? "!" : "");
    return new Entry(path, name, kind, summary, relative.toString().replace('\\', '/'));
  }

  private static String readHead(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
    }
  }

  static String clean(String html) {
    String text = TAG.matcher(html).replaceAll("");
    Matcher entity = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (entity.find()) {
      String e = entity.group(1);
      String replacement = switch (e) {
        case "lt" -> "<";
        case "gt" -> ">";
        case "amp" -> "&";
        case "quot" -> "\"";
        case "apos" -> "'";
        case "nbsp" -> " ";
        default -> {
          int code = e.startsWith("#x") || e.startsWith("#X")
              ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
          yield new String(Character.toChars(code));
        }
      };
      entity.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    entity.appendTail(out);
    return out.toString().replaceAll("\\s+", " ").strip();
  }
}
