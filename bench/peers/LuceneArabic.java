// Runs Lucene's ArabicAnalyzer (Debian liblucene8-java) over a text file,
// one document per line, and reports its speed; with --dump, writes every
// distinct surface word with Lucene's normalized form and its stemmed term
// (or <stop>) for bench/peers/compare_text.py.
//
//   javac -cp /usr/share/java/lucene-core.jar:/usr/share/java/lucene-analyzers-common.jar -d OUT LuceneArabic.java
//   java -cp OUT:... LuceneArabic FILE [--repeat N] [--dump OUT.tsv]
import java.io.*;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

public class LuceneArabic {
  // StandardTokenizer + the normalization of ArabicAnalyzer, no stop words, no stemming.
  static final class NormOnly extends Analyzer {
    @Override protected TokenStreamComponents createComponents(String field) {
      Tokenizer src = new StandardTokenizer();
      TokenStream ts = new LowerCaseFilter(src);
      ts = new DecimalDigitFilter(ts);
      ts = new ArabicNormalizationFilter(ts);
      return new TokenStreamComponents(src, ts);
    }
  }

  static Map<String, String> terms(Analyzer a, String line) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (TokenStream ts = a.tokenStream("f", line)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.put(line.substring(off.startOffset(), off.endOffset()), term.toString());
      ts.end();
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    String file = args[0];
    int repeat = 1;
    String dump = null;
    for (int i = 1; i + 1 < args.length; i++) {
      if (args[i].equals("--repeat")) repeat = Integer.parseInt(args[i + 1]);
      if (args[i].equals("--dump")) dump = args[i + 1];
    }
    List<String> lines = Files.readAllLines(Paths.get(file), StandardCharsets.UTF_8);
    long bytes = 0;
    for (String l : lines) bytes += l.getBytes(StandardCharsets.UTF_8).length + 1;
    Analyzer arabic = new ArabicAnalyzer();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    // Warm-up (JIT), then timed passes.
    long tokens = 0;
    for (String l : lines.subList(0, Math.min(lines.size(), 2000))) {
      try (TokenStream ts = arabic.tokenStream("f", l)) { ts.reset(); while (ts.incrementToken()) {} ts.end(); }
    }
    long cpu0 = mx.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
    for (int r = 0; r < repeat; r++) {
      for (String l : lines) {
        try (TokenStream ts = arabic.tokenStream("f", l)) {
          ts.reset();
          while (ts.incrementToken()) tokens++;
          ts.end();
        }
      }
    }
    double cpu = (mx.getCurrentThreadCpuTime() - cpu0) * 1e-9, wall = (System.nanoTime() - wall0) * 1e-9;
    System.out.printf(Locale.ROOT, "lucene ArabicAnalyzer: %d docs, %.1f MB x %d, %d terms, CPU %.2f s = %.1f MB/s per core (wall %.2f s)%n",
        lines.size(), bytes / 1e6, repeat, tokens, cpu, bytes * repeat / 1e6 / cpu, wall);
    if (dump != null) {
      Analyzer norm = new NormOnly();
      Map<String, String[]> seen = new LinkedHashMap<>();
      Map<String, Integer> freq = new HashMap<>();
      for (String l : lines) {
        Map<String, String> n = terms(norm, l), s = terms(arabic, l);
        for (Map.Entry<String, String> e : n.entrySet()) {
          freq.merge(e.getKey(), 1, Integer::sum);
          seen.computeIfAbsent(e.getKey(), k -> new String[] {e.getValue(), s.getOrDefault(k, "<stop>")});
        }
      }
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Paths.get(dump), StandardCharsets.UTF_8))) {
        for (Map.Entry<String, String[]> e : seen.entrySet())
          w.println(e.getKey() + "\t" + freq.get(e.getKey()) + "\t" + e.getValue()[0] + "\t" + e.getValue()[1]);
      }
    }
  }
}
