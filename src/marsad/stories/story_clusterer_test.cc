#include "marsad/stories/story_clusterer.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "marsad/stories/date_hints.h"
#include "marsad/stories/minhash.h"
#include "marsad/text/tokenizer.h"

namespace marsad::stories {
namespace {

Article Make(std::string id, std::string text, std::string published = "") {
  Article a;
  a.id = std::move(id);
  a.text = std::move(text);
  a.published = std::move(published);
  text::Analyze(a);
  return a;
}

// Reports written for these tests (not from any corpus).
const char* kTruce2020 =
    "أعلنت وزارة الخارجية الروسية أن أرمينيا وأذربيجان اتفقتا على وقف لإطلاق النار في إقليم "
    "ناغورني قره باغ اعتبارا من ظهر السبت بعد محادثات استمرت عشر ساعات في موسكو بوساطة "
    "الوزير سيرغي لافروف. وقال لافروف إن الهدنة تهدف إلى تبادل الأسرى وجثث القتلى بإشراف "
    "الصليب الأحمر، على أن تبدأ مفاوضات جوهرية لتسوية النزاع.";
const char* kTruce2020b =
    "توصلت يريفان وباكو إلى هدنة إنسانية في قره باغ بعد مفاوضات ماراثونية في موسكو رعاها "
    "لافروف، وتنص الهدنة على تبادل الأسرى والجثث بإشراف الصليب الأحمر، وأكد الوزير الروسي "
    "أن الطرفين سيبدآن مفاوضات جوهرية، فيما رحبت فرنسا بوقف إطلاق النار.";
const char* kTruce2022 =
    "أعلن أمين مجلس الأمن الأرميني مساء الأربعاء التوصل إلى هدنة مع أذربيجان على الحدود بعد "
    "يومين من الاشتباكات العنيفة التي أوقعت عشرات القتلى من الجنود، وقال إن وقف إطلاق النار "
    "سار منذ ساعات بفضل تدخل المجتمع الدولي، بينما لم تعلق باكو على الهدنة.";
const char* kFlood =
    "غمرت السيول عشرات القرى في جنوب البلاد بعد أمطار غزيرة استمرت ثلاثة أيام، وأعلنت هيئة "
    "الدفاع المدني إجلاء مئات الأسر إلى مدارس حكومية، فيما حذرت الأرصاد من موجة جديدة "
    "من الأمطار خلال عطلة نهاية الأسبوع وطالبت السكان بالابتعاد عن مجاري الأودية.";

TEST(DateHints, ReadsArabicDates) {
  auto d = FindDatesInText("وقع الاتفاق في 14 سبتمبر/أيلول 2022 ثم في ٠٣ أبريل ٢٠٢٢ و26 تشرين الثاني/نوفمبر 2024");
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(IsoFromDays(d[0].first), "2022-09-14");
  EXPECT_EQ(IsoFromDays(d[1].first), "2022-04-03");
  EXPECT_EQ(IsoFromDays(d[2].first), "2024-11-26");
  EXPECT_TRUE(d[2].day_precise());
  auto n = FindDatesInText("نشر بتاريخ 15/01/2025 وعرب وعالم9-10-2020 و2022-04-02");
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(IsoFromDays(n[0].first), "2025-01-15");
  EXPECT_EQ(IsoFromDays(n[1].first), "2020-10-09");
  EXPECT_EQ(IsoFromDays(n[2].first), "2022-04-02");
  auto m = FindDatesInText("منذ أكتوبر 2023 وخلال محادثات عام 2016 و11 مايو (أيار) 2023");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(IsoFromDays(m[0].first), "2023-10-01");
  EXPECT_EQ(IsoFromDays(m[0].last), "2023-10-31");
  EXPECT_EQ(IsoFromDays(m[1].last), "2016-12-31");
  EXPECT_EQ(IsoFromDays(m[2].first), "2023-05-11");
  EXPECT_TRUE(FindDatesInText("قتل 3000 شخص و45 جريحا في 31 فبراير 2023").size() <= 2);  // no Feb 31
  EXPECT_FALSE(ParseIsoDate("2020-W41").has_value());
  EXPECT_EQ(ParseIsoDate("1991/1994")->last, DaysFromCivil(1994, 12, 31));
}

TEST(MinHash, CopiesAgreeAndStrangersDoNot) {
  auto a = Make("a", kTruce2020), b = Make("b", std::string("موسكو (وكالات) - ") + kTruce2020),
       c = Make("c", kFlood);
  auto sa = MinHash(Shingles(a.tokens)), sb = MinHash(Shingles(b.tokens)), sc = MinHash(Shingles(c.tokens));
  ASSERT_TRUE(sa && sb && sc);
  EXPECT_GT(EstimateJaccard(*sa, *sb), 0.8);
  EXPECT_LT(EstimateJaccard(*sa, *sc), 0.1);
  EXPECT_FALSE(MinHash({}).has_value());
}

TEST(StoryClusterer, WireCopiesAreOneReportInOneStory) {
  StoryClusterer c;
  auto first = Make("w0", kTruce2020, "2020-10-10");
  c.Assign(first);
  EXPECT_EQ(first.duplicate_of, "");
  for (int i = 1; i <= 10; ++i) {
    auto copy = Make("w" + std::to_string(i), "المصدر " + std::to_string(i) + "\n" + kTruce2020 + "\nشارك الخبر",
                     i % 2 ? "2020-10-10" : "");
    c.Assign(copy);
    EXPECT_EQ(copy.duplicate_of, "w0") << i;
    EXPECT_EQ(copy.story, first.story) << i;
  }
  EXPECT_EQ(c.num_stories(), 1u);
  auto dirty = c.TakeDirty();
  ASSERT_EQ(dirty.size(), 1u);
  EXPECT_EQ(dirty[0].articles.size(), 11u);
  EXPECT_EQ(dirty[0].first_seen, "2020-10-10");
  EXPECT_TRUE(c.TakeDirty().empty());
}

TEST(StoryClusterer, SameEventSameStoryOtherYearOtherStory) {
  StoryClusterer c;
  auto a = Make("a", kTruce2020, "2020-10-10");
  auto b = Make("b", kTruce2020b, "2020-10-11");
  auto x = Make("x", kTruce2022, "2022-09-15");
  auto f = Make("f", kFlood, "2020-10-10");
  for (Article* p : {&a, &b, &x, &f}) c.Assign(*p);
  EXPECT_EQ(a.story, b.story);
  EXPECT_NE(a.story, x.story);
  EXPECT_NE(a.story, f.story);
  EXPECT_EQ(b.duplicate_of, "");
  // The same 2020 report republished two years later is still a copy, but a
  // new text about the same parties then is not the 2020 story.
  auto late = Make("late", kTruce2020b, "2022-09-16");
  c.Assign(late);
  auto dirty = c.TakeDirty();
  for (const auto& r : dirty)
    if (r.id == a.story) {
      EXPECT_EQ(r.first_seen, "2020-10-10");
    }
}

TEST(StoryClusterer, UndatedNeedsMoreEvidence) {
  StoryClusterer c;
  auto a = Make("a", kTruce2020, "2020-10-10");
  auto f = Make("f", kFlood);
  c.Assign(a);
  c.Assign(f);
  EXPECT_NE(a.story, f.story);
}

TEST(StoryClusterer, EmptyAndOddArticlesDoNotCrash) {
  StoryClusterer c;
  Article e = Make("e", "");
  c.Assign(e);
  EXPECT_FALSE(e.story.empty());
  Article p = Make("p", "... !!! ؟؟", "not a date");
  c.Assign(p);
  Article m = Make("m", "هدنة", "2020-13-45");
  m.mentions.push_back({});  // entity-less mention
  c.Assign(m);
  EXPECT_EQ(c.TakeDirty().size(), c.num_stories());
}

TEST(StoryClusterer, UsesEntitiesAndTimexesWhenPresent) {
  StoryClusterer c;
  auto a = Make("a", kTruce2020);
  auto b = Make("b", kTruce2020b);
  for (Article* p : {&a, &b}) {
    Mention m;
    m.entity = "Q399";  // Armenia
    p->mentions.push_back(m);
    m.entity = "Q227";
    p->mentions.push_back(m);
    Timex t;
    t.value = "2020-10-10";
    p->timexes.push_back(t);
  }
  auto x = Make("x", kTruce2022);
  Timex t;
  t.value = "2022-09-14";
  x.timexes.push_back(t);
  c.Assign(a);
  c.Assign(b);
  c.Assign(x);
  EXPECT_EQ(a.story, b.story);
  EXPECT_NE(a.story, x.story);
}

// A synthetic stream: events (place x actor x day) reported several times
// in varied words, with copies; written here, not taken from any corpus.
std::vector<Article> Stream(int n, unsigned seed) {
  const std::vector<std::string> places = {"حلب", "الحديدة", "رفح", "الخرطوم", "باخموت", "ستيباناكيرت", "طرابلس", "مأرب"};
  const std::vector<std::string> actors = {"الجيش", "المعارضة المسلحة", "قوات الدعم السريع", "الحوثيون", "الفصائل", "القوات الحكومية"};
  const std::vector<std::string> verbs = {"أعلن", "أكد", "قال", "ذكر"};
  const std::vector<std::string> what = {"هدنة إنسانية لمدة ثلاثة أيام", "وقف إطلاق النار الشامل", "تبادل الأسرى والجثث",
                                         "فتح ممرات آمنة للمدنيين", "انسحاب القوات من الأحياء الشرقية"};
  std::mt19937 rng(seed);
  std::vector<Article> out;
  std::vector<std::string> texts;
  for (int i = 0; i < n; ++i) {
    const int ev = static_cast<int>(rng() % (n / 4 + 1));
    const std::string& place = places[ev % places.size()];
    const std::string& actor = actors[(ev / 3) % actors.size()];
    const std::string& w = what[(ev / 2) % what.size()];
    const int day = 1 + (ev * 7) % 28, month = 1 + (ev / 4) % 12;
    char pub[16];
    std::snprintf(pub, sizeof pub, "20%02d-%02d-%02d", 18 + ev % 6, month, day);
    std::string text;
    if (!texts.empty() && rng() % 5 == 0) {
      text = "نقلا عن وكالات\n" + texts[rng() % texts.size()];
    } else {
      text = verbs[rng() % verbs.size()] + " " + actor + " في " + place + " " + w + " بعد معارك عنيفة، ";
      text += "وأضاف المتحدث أن " + w + " يبدأ غدا في " + place + " وأن " + actor + " سيلتزم به. ";
      text += "وأشار شهود إلى هدوء حذر في " + place + " رقم " + std::to_string(ev) + " قرب الحي " +
              std::to_string(rng() % 50) + ".";
      texts.push_back(text);
    }
    out.push_back(Make("n" + std::to_string(i), text, rng() % 3 ? pub : ""));
  }
  return out;
}

using Decisions = std::vector<std::pair<std::string, std::string>>;  // story, duplicate_of per article

// Assigns arts[from, to) with `c`, recording its decisions in `got`; the
// records it leaves dirty are stored every `every` articles (0: only at the
// end), as the ingestor commits batches.
void AssignRange(StoryClusterer& c, const std::vector<Article>& arts, size_t from, size_t to, size_t every,
                 Decisions& got, std::map<std::string, StoryRecord>& stored) {
  for (size_t i = from; i < to; ++i) {
    auto a = arts[i];
    c.Assign(a);
    got.push_back({a.story, a.duplicate_of});
    if (every != 0 && i % every == 0)
      for (auto& r : c.TakeDirty()) stored[r.id] = r;
  }
  for (auto& r : c.TakeDirty()) stored[r.id] = r;
}

TEST(StoryClusterer, RestoreContinuesExactlyLikeOneRun) {
  const auto arts = Stream(300, 7);
  ClusterOptions opt;
  opt.story_terms = 40;  // small caps so that eviction paths run too
  opt.story_keys = 30;
  opt.story_originals = 2;
  opt.posting_cap = 4;
  opt.max_candidates = 5;

  StoryClusterer one(opt);
  std::vector<std::pair<std::string, std::string>> want;
  std::map<std::string, StoryRecord> want_records;
  for (auto a : arts) {
    one.Assign(a);
    want.push_back({a.story, a.duplicate_of});
  }
  for (auto& r : one.TakeDirty()) want_records[r.id] = r;

  for (size_t cut : {1ul, 97ul, 150ul, 299ul}) {
    StoryClusterer first(opt);
    std::map<std::string, StoryRecord> stored;
    Decisions got;
    AssignRange(first, arts, 0, cut, 13, got, stored);
    StoryClusterer second(opt);
    // Restore in reverse id order: the result must not depend on it.
    for (auto it = stored.rbegin(); it != stored.rend(); ++it) ASSERT_TRUE(second.Restore(it->second).ok());
    AssignRange(second, arts, cut, arts.size(), 0, got, stored);
    ASSERT_EQ(got, want) << "cut at " << cut;
    ASSERT_EQ(stored.size(), want_records.size());
    for (auto& [id, r] : want_records) {
      EXPECT_EQ(stored[id].articles, r.articles) << id;
      EXPECT_EQ(stored[id].state, r.state) << id << " cut " << cut;
      EXPECT_EQ(stored[id].title, r.title) << id;
    }
  }
  // The stream did exercise copies and multi-report stories.
  int dups = 0;
  for (auto& w : want) dups += !w.second.empty();
  EXPECT_GT(dups, 10);
  EXPECT_LT(want_records.size(), 250u);
}

TEST(StoryClusterer, RestoreRejectsBadState) {
  StoryClusterer c;
  StoryRecord r;
  r.id = "s000001";
  r.state = "garbage";
  EXPECT_FALSE(c.Restore(r).ok());
  r.state = "msc9:AAAA";
  auto st = c.Restore(r);
  EXPECT_EQ(st.code(), StatusCode::kFailedPrecondition);
  r.state = "msc2:Ag==";  // version only, then truncated
  EXPECT_EQ(c.Restore(r).code(), StatusCode::kDataLoss);

  StoryClusterer ok;
  auto a = Make("a", kTruce2020, "2020-10-10");
  ok.Assign(a);
  auto rec = ok.TakeDirty().at(0);
  StoryClusterer d;
  ASSERT_TRUE(d.Restore(rec).ok());
  EXPECT_FALSE(d.Restore(rec).ok());  // twice
  rec.id = "s000009";
  rec.state.resize(rec.state.size() - 8);
  EXPECT_FALSE(d.Restore(rec).ok());
}

}  // namespace
}  // namespace marsad::stories

namespace marsad::stories {
namespace {

// When dates cannot decide, the main event type does: an appeal for a truce
// worded like the truce report is another story; the same text reporting the
// truce itself joins it. With agreeing publication dates types do not split.
const char* kKarabakhCall =
    "دعت فرنسا والولايات المتحدة أرمينيا وأذربيجان إلى هدنة فورية في قره باغ، وقال وزير "
    "الخارجية الفرنسي إن على الطرفين العودة إلى المفاوضات برعاية مجموعة مينسك، بينما "
    "تواصل القتال في محيط ستيباناكيرت وسط تبادل للاتهامات بقصف المدنيين.";

TEST(StoryClusterer, EventTypeDecidesWhenDatesCannot) {
  auto typed = [](std::string id, const char* text, std::string published, std::string type) {
    Article a = Make(std::move(id), text, std::move(published));
    a.event_type = std::move(type);
    return a;
  };
  {
    StoryClusterer c;
    auto a = typed("a", kTruce2020, "2020-10-10", "ceasefire_agreed");
    auto b = typed("b", kKarabakhCall, "", "ceasefire_agreed");
    c.Assign(a);
    c.Assign(b);
    EXPECT_EQ(a.story, b.story);
  }
  {
    StoryClusterer c;
    auto a = typed("a", kTruce2020, "2020-10-10", "ceasefire_agreed");
    auto b = typed("b", kKarabakhCall, "", "appeal");
    c.Assign(a);
    c.Assign(b);
    EXPECT_NE(a.story, b.story);
  }
  {
    StoryClusterer c;
    auto a = typed("a", kTruce2020, "2020-10-10", "talks_held");
    auto b = typed("b", kTruce2020b, "2020-10-11", "ceasefire_agreed");
    c.Assign(a);
    c.Assign(b);
    EXPECT_EQ(a.story, b.story);
  }
}

// ---- retirement: stories idle for seq_window articles leave memory ----

ClusterOptions SmallWindow(bool drop) {
  ClusterOptions opt;
  opt.story_terms = 40;  // small caps: the eviction paths run too
  opt.story_keys = 30;
  opt.story_originals = 2;
  opt.posting_cap = 4;
  opt.max_candidates = 5;
  opt.seq_window = 60;  // many stories retire while their event is still reported
  opt.drop_retired = drop;
  return opt;
}

// One uninterrupted run; records taken every 13 articles, in order.
Decisions RunOnce(StoryClusterer& c, const std::vector<Article>& arts, std::vector<StoryRecord>* records) {
  Decisions got;
  for (size_t i = 0; i < arts.size(); ++i) {
    auto a = arts[i];
    c.Assign(a);
    got.push_back({a.story, a.duplicate_of});
    if (i % 13 == 12 || i + 1 == arts.size())
      for (auto& r : c.TakeDirty())
        if (records) records->push_back(std::move(r));
  }
  return got;
}

TEST(StoryClusterer, RetiredStoriesLeaveMemoryWithoutChangingDecisions) {
  const auto arts = Stream(800, 3);
  StoryClusterer keep(SmallWindow(false)), drop(SmallWindow(true));
  std::vector<StoryRecord> keep_records, drop_records;
  const Decisions want = RunOnce(keep, arts, &keep_records);
  const Decisions got = RunOnce(drop, arts, &drop_records);
  ASSERT_EQ(got, want);
  ASSERT_EQ(drop_records.size(), keep_records.size());
  for (size_t i = 0; i < keep_records.size(); ++i) {
    EXPECT_EQ(drop_records[i].id, keep_records[i].id);
    EXPECT_EQ(drop_records[i].articles, keep_records[i].articles) << keep_records[i].id;
    EXPECT_EQ(drop_records[i].state, keep_records[i].state) << keep_records[i].id;
    EXPECT_EQ(drop_records[i].title, keep_records[i].title) << keep_records[i].id;
  }
  EXPECT_EQ(drop.num_stories(), keep.num_stories());
  EXPECT_EQ(keep.num_held_stories(), keep.num_stories());
  // Memory follows the live stories: at most ~window/4 of them... plus the
  // retired ones not compacted yet (up to a quarter of those held).
  EXPECT_LT(drop.num_held_stories(), keep.num_stories() / 2) << keep.num_stories();
  // The window did decide things: without it, later reports join old stories.
  ClusterOptions wide_opt = SmallWindow(true);
  wide_opt.seq_window = 250000;
  StoryClusterer wide(wide_opt);
  EXPECT_NE(RunOnce(wide, arts, nullptr), want);
}

TEST(StoryClusterer, RestoreAfterRetirementContinuesLikeOneRun) {
  const auto arts = Stream(800, 5);
  StoryClusterer one(SmallWindow(false));
  std::vector<StoryRecord> records;
  const Decisions want = RunOnce(one, arts, &records);
  std::map<std::string, StoryRecord> want_records;
  for (auto& r : records) want_records[r.id] = r;

  for (size_t cut : {1ul, 333ul, 500ul, 799ul}) {
    StoryClusterer first(SmallWindow(true));
    std::map<std::string, StoryRecord> stored;
    Decisions got;
    AssignRange(first, arts, 0, cut, 13, got, stored);
    StoryClusterer second(SmallWindow(true));
    for (auto it = stored.rbegin(); it != stored.rend(); ++it) ASSERT_TRUE(second.Restore(it->second).ok());
    EXPECT_EQ(second.num_stories(), stored.size());
    if (cut >= 333) {
      EXPECT_LT(second.num_held_stories(), stored.size() / 2) << "cut " << cut;
    }
    AssignRange(second, arts, cut, arts.size(), 0, got, stored);
    ASSERT_EQ(got, want) << "cut at " << cut;
    ASSERT_EQ(stored.size(), want_records.size());
    for (auto& [id, r] : want_records) {
      EXPECT_EQ(stored[id].articles, r.articles) << id;
      EXPECT_EQ(stored[id].state, r.state) << id << " cut " << cut;
    }
  }
}

// A report that would join (or copy) a story retired by the window starts a
// new story, in one run and after a restart alike: a story does not come
// back from the store because the process happened to restart, or the
// result would depend on when it did.
TEST(StoryClusterer, RetiredStoryStaysRetiredAcrossRestarts) {
  ClusterOptions opt;
  opt.seq_window = 20;
  std::vector<Article> arts;
  arts.push_back(Make("a", kTruce2020, "2020-10-10"));
  for (int i = 0; i < 30; ++i)
    arts.push_back(Make("f" + std::to_string(i), std::string(kFlood) + " " + std::to_string(i), "2020-10-10"));
  arts.push_back(Make("b", kTruce2020b, "2020-10-11"));
  arts.push_back(Make("copy", kTruce2020, "2020-10-11"));

  ClusterOptions wide = opt;
  wide.seq_window = 250000;
  StoryClusterer alive(wide);
  const Decisions joined = RunOnce(alive, arts, nullptr);
  ASSERT_EQ(joined[31].first, joined[0].first);  // b joins a's story while it lives
  ASSERT_EQ(joined[32].second, "a");               // and the copy is a's copy

  StoryClusterer one(opt);
  std::vector<StoryRecord> records;
  const Decisions got = RunOnce(one, arts, &records);
  EXPECT_NE(got[31].first, got[0].first);
  EXPECT_EQ(got[32].first, got[31].first);  // the copy finds b (same event), not the retired original
  EXPECT_NE(got[32].second, "a");

  // Restart just before b: a's story is in the store, dead, and stays so.
  StoryClusterer first(opt);
  std::map<std::string, StoryRecord> stored;
  for (size_t i = 0; i < 31; ++i) {
    auto x = arts[i];
    first.Assign(x);
  }
  for (auto& r : first.TakeDirty()) stored[r.id] = r;
  StoryClusterer second(opt);
  for (const auto& [id, r] : stored) ASSERT_TRUE(second.Restore(r).ok());
  for (size_t i = 31; i < arts.size(); ++i) {
    auto x = arts[i];
    second.Assign(x);
    EXPECT_EQ(x.story, got[i].first) << x.id;
    EXPECT_EQ(x.duplicate_of, got[i].second) << x.id;
  }
}

// Writers that synchronize through a versioned store (the PostgreSQL
// protocol, docs/SCALE.md) decide as one clusterer while stories retire,
// including a writer that comes back after the others retired stories it
// still holds, and one that catches up on stories dead on arrival.
TEST(StoryClusterer, SynchronizedWritersDecideAsOneWhileStoriesRetire) {
  const auto arts = Stream(900, 11);
  StoryClusterer one(SmallWindow(false));
  const Decisions want = RunOnce(one, arts, nullptr);
  std::map<std::string, std::pair<int64_t, StoryRecord>> store;
  int64_t version = 0;
  struct Worker {
    std::unique_ptr<StoryClusterer> c;
    int64_t synced = 0;
  };
  std::vector<Worker> ws(3);
  std::mt19937 rng(17);
  Decisions got;
  for (size_t i = 0; i < arts.size();) {
    // Worker 2 sits out the middle third (longer than the window).
    int w = static_cast<int>(rng() % 3);
    if (w == 2 && i > 300 && i < 600) w = static_cast<int>(rng() % 2);
    const size_t end = std::min(arts.size(), i + 1 + rng() % 23);
    Worker& wk = ws[w];
    if (!wk.c) {
      wk.c = std::make_unique<StoryClusterer>(SmallWindow(true));
      for (const auto& [id, vr] : store) ASSERT_TRUE(wk.c->Restore(vr.second).ok());
      wk.synced = version;
    }
    std::vector<std::pair<int64_t, StoryRecord>> changed;
    for (const auto& [id, vr] : store)
      if (vr.first > wk.synced) changed.push_back(vr);
    std::sort(changed.begin(), changed.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [v, r] : changed) ASSERT_TRUE(wk.c->Replace(r).ok()) << r.id;
    for (; i < end; ++i) {
      auto a = arts[i];
      wk.c->Assign(a);
      got.push_back({a.story, a.duplicate_of});
    }
    for (auto& r : wk.c->TakeDirty()) {
      const std::string id = r.id;
      store[id] = {++version, std::move(r)};
    }
    wk.synced = version;
  }
  ASSERT_EQ(got, want);
  for (auto& w : ws) {
    if (w.c) {
      EXPECT_LT(w.c->num_held_stories(), w.c->num_stories());
    }
  }
}

// Replace with a newer version of a story this clusterer retired (only a
// writer outside the protocol does that) is taken as a new story, not an
// error, and does not crash later assignments.
TEST(StoryClusterer, ReplaceOfRetiredStoryIsAccepted) {
  ClusterOptions opt;
  opt.seq_window = 20;
  StoryClusterer c(opt);
  auto a = Make("a", kTruce2020, "2020-10-10");
  c.Assign(a);
  auto rec = c.TakeDirty().at(0);
  for (int i = 0; i < 200; ++i) {
    auto f = Make("f" + std::to_string(i), std::string(kFlood) + " " + std::to_string(i), "2020-10-10");
    c.Assign(f);
  }
  c.TakeDirty();
  EXPECT_TRUE(c.Replace(rec).ok());
  auto b = Make("b", kTruce2020b, "2020-10-11");
  c.Assign(b);
  EXPECT_FALSE(b.story.empty());
}

}  // namespace
}  // namespace marsad::stories
