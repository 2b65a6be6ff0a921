// Extraction quality on the hand-written evaluation pages in
// tests/data/web/eval: token-level precision and recall of the extracted
// text against NAME.expected.txt (bags of tokens, punctuation stripped).
// Prints a table; fails if the mean F1 drops below a floor.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "marsad/core/utf8.h"
#include "marsad/ingest/web/html_extract.h"
#include "marsad/ingest/web/test_util.h"

namespace marsad::ingest::web {
namespace {

std::unordered_map<std::string, int> Bag(std::string_view text) {
  std::unordered_map<std::string, int> bag;
  std::string tok;
  size_t i = 0;
  auto flush = [&] {
    if (!tok.empty()) ++bag[tok];
    tok.clear();
  };
  while (i < text.size()) {
    size_t st = i;
    char32_t c = utf8::Decode(text, i);
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= 0x0621 && c <= 0x0652) || (c >= 0x0660 && c <= 0x06D3);
    if (word) tok.append(text.substr(st, i - st));
    else flush();
  }
  flush();
  return bag;
}

struct Score {
  double precision, recall;
};

Score Compare(std::string_view got, std::string_view want) {
  auto g = Bag(got), w = Bag(want);
  size_t ng = 0, nw = 0, common = 0;
  for (auto& [t, n] : g) ng += n;
  for (auto& [t, n] : w) {
    nw += n;
    auto it = g.find(t);
    if (it != g.end()) common += std::min(n, it->second);
  }
  return {ng ? static_cast<double>(common) / ng : 0, nw ? static_cast<double>(common) / nw : 0};
}

TEST(ExtractionEval, TokenPrecisionRecall) {
  const std::filesystem::path dir = testing::FixturePath("eval");
  std::vector<std::filesystem::path> pages;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".html") pages.push_back(e.path());
  std::sort(pages.begin(), pages.end());
  ASSERT_GE(pages.size(), 10u);
  double sp = 0, sr = 0, sf = 0;
  size_t exact = 0;
  std::printf("%-16s %9s %9s %6s\n", "page", "precision", "recall", "F1");
  for (const auto& p : pages) {
    const std::string name = p.stem().string();
    const std::string html = testing::ReadFixture("eval/" + name + ".html");
    std::string want = testing::ReadFixture("eval/" + name + ".expected.txt");
    Article a;
    HtmlInput in;
    in.origin = p.string();
    ASSERT_TRUE(ReadHtmlArticle(html, in, a).ok()) << name;
    Score s = Compare(a.text, want);
    const double f = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    std::printf("%-16s %9.3f %9.3f %6.3f\n", name.c_str(), s.precision, s.recall, f);
    while (!want.empty() && want.back() == '\n') want.pop_back();
    exact += a.text == want;
    // MARSAD_EVAL_DUMP=DIR writes what was extracted (to compare two builds).
    if (const char* dump = std::getenv("MARSAD_EVAL_DUMP"))
      std::ofstream(std::filesystem::path(dump) / (name + ".got.txt"), std::ios::binary) << a.text;
    if (a.text != want && std::getenv("MARSAD_EVAL_VERBOSE"))
      std::printf("--- got:\n%s\n--- want:\n%s\n", a.text.c_str(), want.c_str());
    sp += s.precision, sr += s.recall, sf += f;
  }
  const double n = static_cast<double>(pages.size());
  std::printf("%-16s %9.3f %9.3f %6.3f   (%zu/%zu pages exact)\n", "MEAN", sp / n, sr / n, sf / n, exact, pages.size());
  EXPECT_GE(sf / n, 0.98);
  EXPECT_GE(sr / n, 0.98);
  EXPECT_GE(exact + 1, pages.size());  // at most one page off
}

}  // namespace
}  // namespace marsad::ingest::web
