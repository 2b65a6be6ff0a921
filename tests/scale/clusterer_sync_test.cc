// Several writers, one story set: workers that each hold a StoryClusterer
// and, before assigning a batch, take in (Replace) the stories the others
// changed since their last sync must decide exactly as one clusterer fed the
// same articles in the same (commit) order. This is the protocol the
// PostgreSQL store runs under its writers' lock (Store::BeginAssign); here
// the "store" is a map with versions, so the test needs no server.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "marsad/stories/story_clusterer.h"
#include "marsad/text/tokenizer.h"

namespace marsad::stories {
namespace {

Article Make(std::string id, std::string text, std::string published) {
  Article a;
  a.id = std::move(id);
  a.text = std::move(text);
  a.published = std::move(published);
  text::Analyze(a);
  return a;
}

// Events (town x party x measure x day) told several times in varied words,
// with wire copies. Written for this test.
std::vector<Article> Stream(int n, unsigned seed) {
  const std::vector<std::string> towns = {"إدلب", "تعز", "خان يونس", "الفاشر", "سيفيرودونيتسك", "شوشا", "سرت", "درعا"};
  const std::vector<std::string> parties = {"الجيش الوطني", "المجلس العسكري", "قوات الأمن", "اللجان الشعبية", "الميليشيات", "التحالف"};
  const std::vector<std::string> verbs = {"أعلن", "أفاد", "صرح", "نقل"};
  const std::vector<std::string> measures = {"هدنة مؤقتة لمدة يومين", "وقفا شاملا لإطلاق النار", "إجلاء الجرحى والمرضى",
                                             "إدخال قوافل الإغاثة", "تبادل المحتجزين"};
  std::mt19937 rng(seed);
  std::vector<Article> out;
  std::vector<std::string> texts;
  for (int i = 0; i < n; ++i) {
    const int ev = static_cast<int>(rng() % (n / 4 + 1));
    const std::string& town = towns[ev % towns.size()];
    const std::string& party = parties[(ev / 3) % parties.size()];
    const std::string& m = measures[(ev / 2) % measures.size()];
    char pub[16];
    std::snprintf(pub, sizeof pub, "20%02d-%02d-%02d", 17 + ev % 6, 1 + (ev / 4) % 12, 1 + (ev * 5) % 28);
    std::string text;
    if (!texts.empty() && rng() % 5 == 0) {
      text = "المصدر: وكالات الأنباء\n" + texts[rng() % texts.size()];
    } else {
      text = verbs[rng() % verbs.size()] + " " + party + " في " + town + " عن " + m + " عقب اشتباكات دامية، ";
      text += "وأوضح بيان أن " + m + " يسري اعتبارا من الغد في " + town + " وأن " + party + " ملتزم به. ";
      text += "وتحدث سكان عن ترقب في " + town + " الحادثة " + std::to_string(ev) + " قرب السوق " +
              std::to_string(rng() % 40) + ".";
      texts.push_back(text);
    }
    out.push_back(Make("m" + std::to_string(i), text, rng() % 3 ? pub : ""));
  }
  return out;
}

struct VersionedStore {
  std::map<std::string, std::pair<int64_t, StoryRecord>> stories;
  int64_t version = 0;
  std::vector<StoryRecord> ChangedSince(int64_t v) const {
    std::vector<std::pair<int64_t, StoryRecord>> out;
    for (const auto& [id, vr] : stories)
      if (vr.first > v) out.push_back(vr);
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<StoryRecord> recs;
    for (auto& [_, r] : out) recs.push_back(r);
    return recs;
  }
  void Write(std::vector<StoryRecord> dirty) {
    for (auto& r : dirty) {
      const std::string id = r.id;  // the right side of = is evaluated first
      stories[id] = {++version, std::move(r)};
    }
  }
};

void RunWorkers(const ClusterOptions& opt, int workers, unsigned seed) {
  const auto arts = Stream(400, seed);
  StoryClusterer one(opt);
  std::vector<std::pair<std::string, std::string>> want;
  for (auto a : arts) {
    one.Assign(a);
    want.push_back({a.story, a.duplicate_of});
  }
  std::map<std::string, StoryRecord> want_records;
  for (auto& r : one.TakeDirty()) want_records[r.id] = r;

  VersionedStore store;
  struct Worker {
    std::unique_ptr<StoryClusterer> c;
    int64_t synced = 0;
  };
  std::vector<Worker> ws(workers);
  std::mt19937 rng(seed * 7 + 1);
  std::vector<std::pair<std::string, std::string>> got;
  for (size_t i = 0; i < arts.size();) {
    const size_t end = std::min(arts.size(), i + 1 + rng() % 17);
    Worker& w = ws[rng() % workers];
    if (!w.c) {
      // A worker joining late restores everything stored so far.
      w.c = std::make_unique<StoryClusterer>(opt);
      for (const auto& [id, vr] : store.stories) ASSERT_TRUE(w.c->Restore(vr.second).ok());
      w.synced = store.version;
    }
    for (const auto& r : store.ChangedSince(w.synced)) ASSERT_TRUE(w.c->Replace(r).ok()) << r.id;
    for (; i < end; ++i) {
      auto a = arts[i];
      w.c->Assign(a);
      got.push_back({a.story, a.duplicate_of});
    }
    store.Write(w.c->TakeDirty());
    w.synced = store.version;
  }
  for (size_t k = 0; k < got.size(); ++k) {
    ASSERT_EQ(got[k], want[k]) << "first difference at article " << k << " of " << got.size();
  }
  ASSERT_EQ(store.stories.size(), want_records.size());
  for (const auto& [id, r] : want_records) {
    EXPECT_EQ(store.stories[id].second.articles, r.articles) << id;
    EXPECT_EQ(store.stories[id].second.state, r.state) << id;
  }
}

TEST(ClustererSync, FourWorkersDecideAsOne) {
  ClusterOptions opt;
  RunWorkers(opt, 4, 11);
}

TEST(ClustererSync, FourWorkersDecideAsOneWithSmallCaps) {
  ClusterOptions opt;
  opt.story_terms = 40;  // eviction paths (terms, keys, reports) run too
  opt.story_keys = 30;
  opt.story_originals = 2;
  opt.posting_cap = 4;
  opt.max_candidates = 5;
  RunWorkers(opt, 4, 5);
  RunWorkers(opt, 2, 9);
}

TEST(ClustererSync, ReplaceRejectsUnsavedStoryAndBadState) {
  StoryClusterer c;
  auto a = Make("a", "أعلنت الأطراف المتحاربة هدنة إنسانية في المدينة لمدة ثلاثة أيام بعد أسابيع من القتال.", "2021-03-01");
  c.Assign(a);
  StoryClusterer other;
  auto b = a;
  other.Assign(b);
  auto rec = other.TakeDirty().at(0);
  EXPECT_EQ(c.Replace(rec).code(), StatusCode::kFailedPrecondition);  // c has not saved its own change
  c.TakeDirty();
  EXPECT_TRUE(c.Replace(rec).ok());
  rec.state = "garbage";
  EXPECT_FALSE(c.Replace(rec).ok());
}

}  // namespace
}  // namespace marsad::stories
