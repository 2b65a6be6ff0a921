// Scores the dictionary-only linker (no NER) against the gold corpora in
// ../shared (seeds and dev) with ../shared/tools/score.py. Skips when
// ../shared is absent (a user's clone). Prints the scorer's figures.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "marsad/core/utf8.h"
#include "marsad/extract/linking/entity_linker.h"
#include "marsad/text/tokenizer.h"

namespace marsad::linking {
namespace {

namespace fs = std::filesystem;

std::string SharedDir() {
  if (const char* d = std::getenv("MARSAD_SHARED"); d && *d) return d;
  return std::string(MARSAD_SOURCE_DIR) + "/../shared";
}

// Runs the linker over dir/articles.jsonl, writes out/mentions.jsonl.
void Predict(const KnowledgeBase& kb, const fs::path& dir, const fs::path& out) {
  EntityLinker linker(kb);
  std::ifstream in(dir / "articles.jsonl");
  std::ofstream os(out / "mentions.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    Article a;
    a.id = j.value("id", "");
    a.text = j.value("text", "");
    if (j.contains("published") && j["published"].is_string()) a.published = j["published"];
    text::Analyze(a);
    linker.Process(a);
    utf8::CodepointIndex cp(a.text);
    for (const Mention& m : a.mentions) {
      if (m.type == EntityType::kMISC) continue;
      nlohmann::json o{{"article", a.id},
                       {"start", cp.ToCodepoint(m.span.begin)},
                       {"end", cp.ToCodepoint(m.span.end)},
                       {"surface", std::string(m.span.In(a.text))},
                       {"type", EntityTypeName(m.type)},
                       {"entity", m.entity},
                       {"name", m.name}};
      os << o.dump() << "\n";
    }
  }
}

nlohmann::json Score(const fs::path& gold, const fs::path& pred, const std::string& shared) {
  std::string cmd = "python3 '" + shared + "/tools/score.py' --gold-dir '" + gold.string() + "' --pred-dir '" +
                    pred.string() + "' --only persons,places,orgs --json";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {};
  std::string outp;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) outp.append(buf, n);
  pclose(p);
  return nlohmann::json::parse(outp, nullptr, false);
}

TEST(EntityLinkerEval, GoldCorpora) {
  std::string shared = SharedDir();
  if (!fs::exists(shared + "/tools/score.py") || !fs::exists(shared + "/corpus/dev/gold.jsonl"))
    GTEST_SKIP() << "no ../shared corpora here";
  auto kb = KnowledgeBase::Load(KnowledgeBase::DefaultDir());
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  for (std::string corpus : {"seeds", "corpus/dev"}) {
    fs::path gold = fs::path(shared) / corpus;
    fs::path out = fs::temp_directory_path() /
                   ("marsad-kb-eval-" + std::to_string(getpid()) + "-" + gold.filename().string());
    fs::create_directories(out);
    Predict(*kb, gold, out);
    nlohmann::json r = Score(gold, out, shared);
    ASSERT_TRUE(r.is_object()) << "score.py failed on " << corpus;
    std::printf("%s\n", (corpus + " " + r.dump()).c_str());
    EXPECT_TRUE(r["errors"].empty()) << r["errors"].dump();
    if (corpus == "corpus/dev") {
      EXPECT_GE(r["persons"]["link_pair_f1"].get<double>(), 0.90);
      EXPECT_GE(r["persons"]["surface_recall"].get<double>(), 0.85);
      EXPECT_GE(r["places"]["surface_recall"].get<double>(), 0.85);
    }
    if (!std::getenv("MARSAD_KEEP_EVAL")) fs::remove_all(out);
    else std::printf("kept %s\n", out.c_str());
  }
}

}  // namespace
}  // namespace marsad::linking
