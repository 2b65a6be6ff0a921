// The quote extractor on the shared seeds and dev corpus, run behind the
// real tokenizer, knowledge base and entity linker. Skips when ../shared is
// absent (a user's clone). The seeds carry one gold check: Champagne's words
// in seed 000. Set MARSAD_PRINT_QUOTES=1 to print every quote found.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "marsad/extract/linking/entity_linker.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/extract/quotes/quote_extractor.h"
#include "marsad/text/resources.h"
#include "marsad/text/tokenizer.h"

namespace marsad::quotes {
namespace {

namespace fs = std::filesystem;

fs::path SharedDir() { return fs::path(MARSAD_SOURCE_DIR) / ".." / "shared"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class SharedCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(SharedDir() / "seeds")) GTEST_SKIP() << "no ../shared/seeds here";
    auto kb = linking::KnowledgeBase::Load(linking::KnowledgeBase::DefaultDir());
    ASSERT_TRUE(kb.ok()) << kb.status().ToString();
    kb_ = std::make_unique<linking::KnowledgeBase>(std::move(kb).value());
    linker_ = std::make_unique<linking::EntityLinker>(*kb_);
    auto q = QuoteExtractor::Load(text::DefaultDataDir(), kb_.get());
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    extractor_ = std::make_unique<QuoteExtractor>(std::move(q).value());
  }

  Article Run(std::string text, std::string id) const {
    Article a;
    a.id = std::move(id);
    a.text = std::move(text);
    text::Analyze(a);
    linker_->Process(a);
    extractor_->Extract(a);
    // Invariants every quote keeps.
    for (const Quote& q : a.quotes) {
      EXPECT_LT(q.span.begin, q.span.end) << a.id;
      EXPECT_LE(q.span.end, a.text.size()) << a.id;
      EXPECT_LE(q.speaker_span.end, a.text.size()) << a.id;
      EXPECT_FALSE(q.cue.empty()) << a.id;
    }
    if (std::getenv("MARSAD_PRINT_QUOTES")) {
      for (const Quote& q : a.quotes) {
        std::cout << a.id << " [" << (q.direct ? "direct" : "reported") << " " << q.cue << "] "
                  << (q.speaker_name.empty() ? "?" : q.speaker_name) << " {" << q.speaker << "}: "
                  << q.span.In(a.text) << "\n";
      }
    }
    return a;
  }

  std::unique_ptr<linking::KnowledgeBase> kb_;
  std::unique_ptr<linking::EntityLinker> linker_;
  std::unique_ptr<QuoteExtractor> extractor_;
};

TEST_F(SharedCorpusTest, ChampagneIsQuotedInSeed000) {
  fs::path seed;
  for (const auto& e : fs::directory_iterator(SharedDir() / "seeds"))
    if (e.path().filename().string().starts_with("000_")) seed = e.path();
  if (seed.empty()) GTEST_SKIP() << "no seed 000";
  const linking::Entity* champagne = nullptr;
  for (const auto& e : kb_->entities())
    if (e.name == "François-Philippe Champagne") champagne = &e;
  ASSERT_NE(champagne, nullptr) << "the KB lost François-Philippe Champagne";

  Article a = Run(ReadFile(seed), "seed-000");
  const Quote* words = nullptr;
  const Quote* reported = nullptr;
  for (const Quote& q : a.quotes) {
    std::string_view s = q.span.In(a.text);
    if (s.find("رسالتي كانت واضحة") != std::string_view::npos) words = &q;
    if (s.find("حث نظيره التركي") != std::string_view::npos) reported = &q;
  }
  ASSERT_NE(words, nullptr) << "Champagne's words are not quoted";
  EXPECT_TRUE(words->direct);
  EXPECT_EQ(words->speaker, champagne->id);
  EXPECT_EQ(words->speaker_name, champagne->name);
  // The content is what is between the marks, no more.
  std::string_view s = words->span.In(a.text);
  EXPECT_TRUE(s.starts_with("رسالتي كانت واضحة")) << s;
  EXPECT_TRUE(s.ends_with("إزاء موقف كندا")) << s;
  EXPECT_EQ(std::string(words->cue_span.In(a.text)), "قال");

  ASSERT_NE(reported, nullptr) << "\"وقال شامبين ... إنه حث\" is not a quote";
  EXPECT_FALSE(reported->direct);
  EXPECT_EQ(reported->speaker, champagne->id);
  EXPECT_EQ(std::string(reported->speaker_span.In(a.text)), "شامبين");

  // "وأضاف أنهما اتفقا ..." continues him.
  bool added = false;
  for (const Quote& q : a.quotes)
    if (q.span.In(a.text).starts_with("اتفقا على أن الصراع")) {
      added = true;
      EXPECT_EQ(q.speaker, champagne->id);
    }
  EXPECT_TRUE(added);
}

TEST_F(SharedCorpusTest, EverySeedAndDevArticle) {
  size_t articles = 0, quotes = 0, with_speaker = 0;
  for (const auto& e : fs::directory_iterator(SharedDir() / "seeds")) {
    if (e.path().extension() != ".txt") continue;
    Article a = Run(ReadFile(e.path()), e.path().filename().string());
    ++articles;
    quotes += a.quotes.size();
    for (const Quote& q : a.quotes) with_speaker += !q.speaker_name.empty();
  }
  std::ifstream dev(SharedDir() / "corpus" / "dev" / "articles.jsonl");
  std::string line;
  while (std::getline(dev, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("text")) continue;
    Article a = Run(j["text"].get<std::string>(), j.value("id", ""));
    ++articles;
    quotes += a.quotes.size();
    for (const Quote& q : a.quotes) with_speaker += !q.speaker_name.empty();
  }
  std::cout << articles << " articles, " << quotes << " quotes, " << with_speaker << " with a speaker\n";
  EXPECT_GT(quotes, articles / 2);  // news is mostly who said what
  EXPECT_GT(with_speaker * 10, quotes * 8);
}

}  // namespace
}  // namespace marsad::quotes
