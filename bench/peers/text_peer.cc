// text_peer: marsad's text core (text::Tokenize: normalization, clitic
// splitting, light stems) over a text file, one document per line, timed
// like bench/peers/LuceneArabic.java times Lucene's ArabicAnalyzer; with
// --dump, every distinct surface word with our norm, form and stem for
// bench/peers/compare_text.py.
//
//   text_peer FILE [--repeat N] [--dump OUT.tsv]
#include <time.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "marsad/text/tokenizer.h"

namespace {
double ThreadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: text_peer FILE [--repeat N] [--dump OUT.tsv]\n");
    return 2;
  }
  int repeat = 1;
  std::string dump;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--repeat") repeat = std::stoi(argv[i + 1]);
    if (std::string(argv[i]) == "--dump") dump = argv[i + 1];
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "text_peer: cannot read %s\n", argv[1]);
    return 1;
  }
  std::vector<std::string> lines;
  size_t bytes = 0;
  for (std::string l; std::getline(in, l);) {
    bytes += l.size() + 1;
    lines.push_back(std::move(l));
  }
  // Warm-up (the per-thread word cache fills as it would in a long run).
  for (size_t i = 0; i < lines.size() && i < 2000; ++i) marsad::text::Tokenize(lines[i]);
  size_t tokens = 0;
  const double t0 = ThreadCpu();
  for (int r = 0; r < repeat; ++r)
    for (const auto& l : lines) tokens += marsad::text::Tokenize(l).size();
  const double cpu = ThreadCpu() - t0;
  std::printf("marsad text::Tokenize: %zu docs, %.1f MB x %d, %zu tokens, CPU %.2f s = %.1f MB/s per core\n",
              lines.size(), bytes / 1e6, repeat, tokens, cpu, bytes * repeat / 1e6 / cpu);
  if (!dump.empty()) {
    struct Seen {
      size_t n = 0;
      std::string norm, form, stem;
    };
    std::unordered_map<std::string, Seen> seen;
    std::vector<std::string> order;
    for (const auto& l : lines) {
      for (const auto& t : marsad::text::Tokenize(l)) {
        if (t.kind != marsad::TokenKind::kWord) continue;
        std::string surface(l.substr(t.span.begin, t.span.end - t.span.begin));
        auto [it, fresh] = seen.try_emplace(surface);
        if (fresh) {
          it->second = {0, t.norm, t.form, t.stem};
          order.push_back(surface);
        }
        ++it->second.n;
      }
    }
    std::ofstream out(dump);
    for (const auto& s : order) {
      const Seen& x = seen[s];
      out << s << '\t' << x.n << '\t' << x.norm << '\t' << x.form << '\t' << x.stem << '\n';
    }
  }
  return 0;
}
