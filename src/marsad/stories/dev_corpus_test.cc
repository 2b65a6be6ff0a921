// Story quality on the shared gold corpora, measured with the real scorer
// (../shared/tools/score.py). Skips when ../shared is absent (a user's clone).
// The gold `story` field is never read into the pipeline.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "marsad/stories/story_clusterer.h"
#include "marsad/text/tokenizer.h"

namespace marsad::stories {
namespace {

namespace fs = std::filesystem;

fs::path SharedDir() {
  if (const char* e = std::getenv("MARSAD_SHARED")) return e;
  return fs::path(MARSAD_SOURCE_DIR) / ".." / "shared";
}

std::vector<Article> LoadCorpus(const fs::path& file, bool drop_published) {
  std::vector<Article> out;
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto j = nlohmann::json::parse(line);
    Article a;
    auto str = [&](const char* k) {
      return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
    };
    a.id = str("id");
    a.url = str("url");
    a.source = str("source");
    if (!drop_published && j.contains("published") && j["published"].is_string())
      a.published = j["published"].get<std::string>();
    a.text = str("text");
    out.push_back(std::move(a));
  }
  return out;
}

// Clusters the corpus in the given order, writes stories.jsonl and returns
// the scorer's B-cubed figures.
nlohmann::json Score(const fs::path& gold_dir, std::vector<Article> arts, const std::string& tag) {
  StoryClusterer c;
  std::map<std::string, std::vector<std::string>> stories;
  for (auto& a : arts) {
    text::Analyze(a);
    c.Assign(a);
    stories[a.story].push_back(a.id);
  }
  const fs::path out = fs::temp_directory_path() / ("marsad-stories-" + tag);
  fs::create_directories(out);
  {
    std::ofstream f(out / "stories.jsonl");
    for (const auto& [s, ids] : stories) f << nlohmann::json{{"story", s}, {"articles", ids}}.dump() << "\n";
  }
  const std::string cmd = "python3 '" + (SharedDir() / "tools" / "score.py").string() + "' --gold-dir '" +
                          gold_dir.string() + "' --pred-dir '" + out.string() + "' --only stories --json";
  std::string res;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) res.append(buf, n);
    pclose(p);
  }
  auto j = nlohmann::json::parse(res, nullptr, false);
  if (j.is_discarded() || !j.contains("stories")) return {};
  std::printf("[%s] B-cubed P=%.3f R=%.3f F1=%.3f (%d gold, %d predicted stories)\n", tag.c_str(),
              j["stories"]["bcubed_p"].get<double>(), j["stories"]["bcubed_r"].get<double>(),
              j["stories"]["bcubed_f1"].get<double>(), j["stories"]["gold_stories"].get<int>(),
              j["stories"]["pred_stories_on_gold"].get<int>());
  return j["stories"];
}

class SharedCorpus : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(SharedDir() / "tools" / "score.py")) GTEST_SKIP() << "no ../shared here";
    if (std::system("python3 -c pass") != 0) GTEST_SKIP() << "no python3";
  }
};

TEST_F(SharedCorpus, SeedsFormTwoStories) {
  const auto dir = SharedDir() / "seeds";
  auto r = Score(dir, LoadCorpus(dir / "articles.jsonl", false), "seeds");
  ASSERT_FALSE(r.is_null());
  EXPECT_DOUBLE_EQ(r["bcubed_f1"].get<double>(), 1.0);
  auto r2 = Score(dir, LoadCorpus(dir / "articles.jsonl", true), "seeds-nopub");
  ASSERT_FALSE(r2.is_null());
  EXPECT_GE(r2["bcubed_f1"].get<double>(), 0.6);  // content only: measured 0.667
}

TEST_F(SharedCorpus, DevWithPublished) {
  const auto dir = SharedDir() / "corpus" / "dev";
  auto r = Score(dir, LoadCorpus(dir / "articles.jsonl", false), "dev");
  ASSERT_FALSE(r.is_null());
  EXPECT_GE(r["bcubed_f1"].get<double>(), 0.90);
}

TEST_F(SharedCorpus, DevWithoutPublished) {
  const auto dir = SharedDir() / "corpus" / "dev";
  auto r = Score(dir, LoadCorpus(dir / "articles.jsonl", true), "dev-nopub");
  ASSERT_FALSE(r.is_null());
  EXPECT_GE(r["bcubed_f1"].get<double>(), 0.70);  // measured 0.758
}

TEST_F(SharedCorpus, DevShuffledOrders) {
  // The corpus file is sorted by story; real feeds interleave them.
  const auto dir = SharedDir() / "corpus" / "dev";
  for (unsigned seed : {1u, 2u, 3u}) {
    auto arts = LoadCorpus(dir / "articles.jsonl", false);
    std::mt19937 rng(seed);
    std::shuffle(arts.begin(), arts.end(), rng);
    auto r = Score(dir, std::move(arts), "dev-shuffled-" + std::to_string(seed));
    ASSERT_FALSE(r.is_null());
    EXPECT_GE(r["bcubed_f1"].get<double>(), 0.85);
  }
}

}  // namespace
}  // namespace marsad::stories
