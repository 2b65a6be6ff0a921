// Web ingest throughput: HTML pages through decoding + gumbo + extraction +
// metadata (pages/s and MB/s of raw HTML), RSS parsing, and WARC(.gz)
// reading. Inputs are the hand-written fixtures in tests/data/web.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "marsad/ingest/web/feed_reader.h"
#include "marsad/ingest/web/html_extract.h"
#include "marsad/ingest/web/warc_reader.h"

namespace {

const std::string kDir = std::string(MARSAD_SOURCE_DIR) + "/tests/data/web/";

std::string Read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::vector<std::string> EvalPages() {
  std::vector<std::string> pages;
  for (const auto& e : std::filesystem::directory_iterator(kDir + "eval"))
    if (e.path().extension() == ".html") pages.push_back(Read(e.path().string()));
  pages.push_back(Read(kDir + "chrome_buried.html"));
  pages.push_back(Read(kDir + "cp1256_declares_utf8.html"));
  return pages;
}

void BM_HtmlArticle(benchmark::State& state) {
  const auto pages = EvalPages();
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    for (const std::string& p : pages) {
      marsad::Article a;
      auto st = marsad::ingest::web::ReadHtmlArticle(p, {}, a);
      benchmark::DoNotOptimize(st);
      bytes += p.size();
      ++n;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(n));
}
BENCHMARK(BM_HtmlArticle);

// A large page: the chrome-heavy fixture with its body repeated 40 times.
void BM_HtmlLargePage(benchmark::State& state) {
  std::string page = Read(kDir + "eval/heavy.html");
  const size_t at = page.find("<div class=\"article-content\">");
  const size_t end = page.find("</div>", at);
  const std::string body = page.substr(at, end + 6 - at);
  std::string extra;
  for (int i = 0; i < 40; ++i) extra += body;
  page.insert(end + 6, extra);
  for (auto _ : state) {
    marsad::Article a;
    auto st = marsad::ingest::web::ReadHtmlArticle(page, {}, a);
    benchmark::DoNotOptimize(st);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * page.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HtmlLargePage);

void BM_RssFeed(benchmark::State& state) {
  const std::string feed = Read(kDir + "feed_rss.xml");
  std::vector<marsad::ingest::Problem> problems;
  size_t items = 0;
  for (auto _ : state) {
    auto r = marsad::ingest::web::ParseFeed(feed, "feed", problems);
    items += r.ok() ? r->size() : 0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * feed.size()));
  state.SetItemsProcessed(static_cast<int64_t>(items));
}
BENCHMARK(BM_RssFeed);

void BM_WarcGz(benchmark::State& state) {
  const std::string path = kDir + "sample.warc.gz";
  const auto size = std::filesystem::file_size(path);
  size_t pages = 0;
  for (auto _ : state) {
    std::vector<marsad::ingest::Problem> problems;
    marsad::ingest::web::WarcReader r(path, problems);
    marsad::Article a;
    while (r.Next(a, problems)) ++pages;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * size));
  state.SetItemsProcessed(static_cast<int64_t>(pages));
}
BENCHMARK(BM_WarcGz);

}  // namespace
