// Gold check: runs text::Analyze + the time and number extractors over the
// shared seed and dev corpora (articles.jsonl only: `published` is input,
// gold.jsonl is never read here), writes timexes.jsonl / numbers.jsonl in the
// export format and prints the scorer's figures. Skips when ../shared is
// absent (a user's clone). Set MARSAD_GOLD_OUT to keep the outputs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "marsad/core/utf8.h"
#include "marsad/extract/numbers/number_extractor.h"
#include "marsad/extract/time/time_extractor.h"
#include "marsad/text/tokenizer.h"

namespace fs = std::filesystem;

namespace {

void RunCorpus(const fs::path& dir, const fs::path& out, bool drop_published) {
  auto tx = marsad::time::TimeExtractor::Load(MARSAD_SOURCE_DIR "/data");
  auto nx = marsad::numbers::NumberExtractor::Load(MARSAD_SOURCE_DIR "/data");
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  ASSERT_TRUE(nx.ok()) << nx.status().ToString();
  fs::create_directories(out);
  std::ifstream in(dir / "articles.jsonl");
  std::ofstream ot(out / "timexes.jsonl"), on(out / "numbers.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    marsad::Article a;
    a.id = j.value("id", "");
    a.text = j.value("text", "");
    if (!drop_published && j.contains("published") && j["published"].is_string()) a.published = j["published"];
    marsad::text::Analyze(a);
    tx->Extract(a);
    nx->Extract(a);
    marsad::utf8::CodepointIndex idx(a.text);
    for (const auto& t : a.timexes) {
      nlohmann::json o{{"article", a.id}, {"start", idx.ToCodepoint(t.span.begin)}, {"end", idx.ToCodepoint(t.span.end)},
                       {"surface", std::string(t.span.In(a.text))}, {"kind", t.kind}};
      if (t.value.empty()) o["value"] = nullptr; else o["value"] = t.value;
      ot << o.dump() << "\n";
    }
    for (const auto& n : a.numbers) {
      nlohmann::json o{{"article", a.id}, {"start", idx.ToCodepoint(n.span.begin)}, {"end", idx.ToCodepoint(n.span.end)},
                       {"surface", std::string(n.span.In(a.text))}, {"what", n.what}, {"qualifier", n.qualifier},
                       {"unit", n.unit}};
      if (n.value == static_cast<long long>(n.value)) o["value"] = static_cast<long long>(n.value);
      else o["value"] = n.value;
      on << o.dump() << "\n";
    }
  }
}

fs::path SharedDir() {
  if (const char* e = std::getenv("MARSAD_SHARED")) return e;
  return fs::path(MARSAD_SOURCE_DIR) / ".." / "shared";
}

TEST(GoldCheck, SeedsAndDev) {
  fs::path shared = SharedDir();
  if (!fs::exists(shared / "tools" / "score.py")) GTEST_SKIP() << "no shared corpora at " << shared;
  const char* keep = std::getenv("MARSAD_GOLD_OUT");
  fs::path base = keep ? fs::path(keep) : fs::temp_directory_path() / "marsad_timenum_gold";
  for (const char* corpus : {"seeds", "corpus/dev"}) {
    fs::path dir = shared / corpus;
    if (!fs::exists(dir / "articles.jsonl")) continue;
    for (bool drop : {false, true}) {
      fs::path out = base / (std::string(corpus == std::string("seeds") ? "seeds" : "dev") + (drop ? "_nopub" : ""));
      RunCorpus(dir, out, drop);
      std::string cmd = "python3 " + (shared / "tools" / "score.py").string() + " --gold-dir " + dir.string() +
                        " --pred-dir " + out.string() + " --only dates,numbers";
      std::printf("== %s%s\n", corpus, drop ? " (published removed)" : "");
      std::fflush(stdout);
      EXPECT_EQ(std::system(cmd.c_str()), 0);
    }
  }
}

}  // namespace
