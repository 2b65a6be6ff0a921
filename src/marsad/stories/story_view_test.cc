// AnalyzeStory on hand-made articles (texts written for this test).
#include "marsad/stories/story_view.h"
#include "marsad/text/tokenizer.h"

#include <gtest/gtest.h>

namespace marsad::stories {
namespace {

Event Cf(const std::string& type, const std::string& date, const std::string& source = "") {
  Event e;
  e.type = type;
  e.mode = "asserted";
  e.date = date;
  e.source = source;
  e.parties = {"ARM", "AZE"};
  e.mediators = {"RUS"};
  return e;
}

NumberMention Num(const std::string& text, const std::string& surface, double v, const std::string& what) {
  NumberMention n;
  size_t at = text.find(surface);
  n.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + surface.size())};
  n.value = v;
  n.what = what;
  return n;
}

TEST(StoryView, CeasefireRecordAndClaims) {
  Article a1, a2, a3;
  a1.id = "a1";
  a1.source = "outlet-one";
  a1.published = "2021-03-05";
  a1.text = "محادثات في موسكو بين وزيري خارجية أرمينيا وأذربيجان لبحث هدنة. وقالت الوزارة إن 120 قتيلا سقطوا في المعارك.";
  a1.events = {Cf("talks_held", "2021-03-05")};
  a1.numbers = {Num(a1.text, "120 قتيلا", 120, "killed")};
  a2.id = "a2";
  a2.source = "outlet-two";
  a2.published = "2021-03-06";
  a2.text = "اتفقت أرمينيا وأذربيجان على هدنة إنسانية تبدأ ظهر السبت. وتشمل الهدنة تبادل الأسرى والجثث.";
  Event agreed = Cf("ceasefire_agreed", "2021-03-06", "RUS");
  agreed.effective = "2021-03-06T12:00";
  agreed.attributes = {"purpose:humanitarian", "provision:exchange_of_prisoners", "provision:exchange_of_bodies"};
  a2.events = {agreed};
  a2.numbers = {Num(a2.text, "الأسرى", 0, "other")};
  a3.id = "a3";
  a3.source = "outlet-three";
  a3.published = "2021-03-08";
  a3.text = "اتهمت أذربيجان أرمينيا بخرق الهدنة بعد قصف أوقع أكثر من 150 قتيلا منذ بداية المعارك.";
  Event violated = Cf("ceasefire_violated", "2021-03-08");
  Event shelling = Cf("shelling", "2021-03-08");
  a3.events = {violated, shelling};
  a3.numbers = {Num(a3.text, "أكثر من 150 قتيلا", 150, "killed")};
  StoryRecord s;
  s.id = "s1";
  StoryAnalysis v = AnalyzeStory(s, {&a3, &a1, &a2});

  ASSERT_EQ(v.ceasefires.size(), 1u);
  const CeasefireRecord& c = v.ceasefires[0];
  EXPECT_EQ(c.parties, (std::vector<std::string>{"ARM", "AZE"}));
  EXPECT_EQ(c.mediators, (std::vector<std::string>{"RUS"}));
  EXPECT_EQ(c.kind, "bilateral");
  EXPECT_EQ(c.declared, "2021-03-06");
  EXPECT_EQ(c.effective, "2021-03-06T12:00");
  EXPECT_EQ(c.purpose, "humanitarian");
  EXPECT_EQ(c.provisions.size(), 2u);
  EXPECT_EQ(c.status, "violated");
  ASSERT_EQ(c.status_history.size(), 2u);
  EXPECT_EQ(c.status_history[0].status, "agreed");
  EXPECT_EQ(c.status_history[0].sources, (std::vector<std::string>{"outlet-two"}));
  EXPECT_EQ(c.violence_after, (std::vector<std::string>{"a3"}));
  // The records alone (what the server's catalog reads) are the same, with
  // the articles given in any order.
  const std::vector<CeasefireRecord> alone = CeasefireRecords({&a2, nullptr, &a3, &a1});
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(CeasefireRow("s1", alone[0]), CeasefireRow("s1", c));

  // Both death tolls, each with its outlet; nothing averaged.
  ASSERT_EQ(v.claims.size(), 2u);
  EXPECT_EQ(v.claims[0].value, 120);
  EXPECT_EQ(v.claims[0].source, "outlet-one");
  EXPECT_EQ(v.claims[1].value, 150);
  EXPECT_EQ(v.claims[1].source, "outlet-three");

  // Timeline is dated and ordered.
  ASSERT_GE(v.timeline.size(), 3u);
  EXPECT_EQ(v.timeline.front().date, "2021-03-05");
  for (size_t i = 1; i < v.timeline.size(); ++i) EXPECT_LE(v.timeline[i - 1].date, v.timeline[i].date);
  EXPECT_FALSE(v.title.empty());

  auto row = CeasefireRow("s1", c);
  EXPECT_EQ(row["kind"], "bilateral");
  EXPECT_EQ(row["status_history"].size(), 2u);
  auto claim = ClaimRow("s1", v.claims[0]);
  EXPECT_EQ(claim["what"], "killed");
  EXPECT_EQ(claim["source"], "outlet-one");
}

TEST(StoryView, UnilateralDeclaration) {
  Article a;
  a.id = "u1";
  a.source = "o";
  a.text = "أعلنت أرمينيا هدنة من جانب واحد، ولم تصدر تصريحات من أذربيجان.";
  a.events = {Cf("ceasefire_announced_unilateral", "2022-01-10", "ARM")};
  a.events[0].mediators.clear();
  StoryAnalysis v = AnalyzeStory(StoryRecord{}, {&a});
  ASSERT_EQ(v.ceasefires.size(), 1u);
  EXPECT_EQ(v.ceasefires[0].kind, "unilateral");
  EXPECT_EQ(v.ceasefires[0].declared_by, (std::vector<std::string>{"ARM"}));
  EXPECT_EQ(v.ceasefires[0].status, "declared");
}

TEST(StoryView, TalksPieceIsNoAgreementAndSidesDeclareIt) {
  // A talks report that names the truce in passing dates no "agreed" step;
  // the agreement announced by the broker is declared by its sides.
  Article t, g;
  t.id = "t";
  t.source = "o1";
  t.published = "2021-03-05";
  t.event_type = "talks_held";
  t.text = "بدأت في موسكو محادثات بين أرمينيا وأذربيجان حول هدنة.";
  t.events = {Cf("talks_held", "2021-03-05"), Cf("ceasefire_agreed", "2021-03-05")};
  g.id = "g";
  g.source = "o2";
  g.published = "2021-03-06";
  g.event_type = "ceasefire_agreed";
  g.text = "أعلنت روسيا أن أرمينيا وأذربيجان اتفقتا على هدنة.";
  g.events = {Cf("ceasefire_agreed", "2021-03-06", "RUS")};
  StoryAnalysis v = AnalyzeStory(StoryRecord{}, {&t, &g});
  ASSERT_EQ(v.ceasefires.size(), 1u);
  const CeasefireRecord& c = v.ceasefires[0];
  ASSERT_EQ(c.status_history.size(), 1u);
  EXPECT_EQ(c.status_history[0].date, "2021-03-06");
  EXPECT_EQ(c.declared, "2021-03-06");
  EXPECT_EQ(c.declared_by, (std::vector<std::string>{"ARM", "AZE"}));
  EXPECT_EQ(c.mediators, (std::vector<std::string>{"RUS"}));
}

TEST(StoryView, ClaimsSkipBackgroundAndNameTheOrganisation) {
  Article a;
  a.id = "c";
  a.source = "o";
  a.published = "2021-03-05";
  a.text = "وقتل نحو 20 ألف شخص في حرب التسعينيات. وقالت المتحدثة باسم الأمم المتحدة سلمى حداد إن 40 مدنيا قتلوا هذا الأسبوع.";
  Timex old;
  size_t at = a.text.find("التسعينيات");
  old.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + std::string("التسعينيات").size())};
  old.value = "1990/1999";
  old.kind = "range";
  a.timexes = {old};
  a.numbers = {Num(a.text, "نحو 20 ألف شخص", 20000, "killed"), Num(a.text, "40 مدنيا", 40, "civilians_killed")};
  Mention org, per;
  at = a.text.find("الأمم المتحدة");
  org.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + std::string("الأمم المتحدة").size())};
  org.type = EntityType::kORG;
  org.name = "United Nations";
  org.role = "IGO";
  at = a.text.find("سلمى حداد");
  per.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + std::string("سلمى حداد").size())};
  per.type = EntityType::kPER;
  per.name = "Salma Haddad";
  a.mentions = {org, per};
  StoryAnalysis v = AnalyzeStory(StoryRecord{}, {&a});
  ASSERT_EQ(v.claims.size(), 1u);
  EXPECT_EQ(v.claims[0].value, 40);
  EXPECT_EQ(v.claims[0].said_by, "Salma Haddad");
  EXPECT_EQ(v.claims[0].said_for, "United Nations");
  EXPECT_EQ(ClaimRow("s", v.claims[0])["said_for"], "United Nations");
}

TEST(StoryView, EmptyStory) {
  StoryAnalysis v = AnalyzeStory(StoryRecord{}, {});
  EXPECT_TRUE(v.ceasefires.empty());
  EXPECT_TRUE(v.claims.empty());
  EXPECT_TRUE(v.timeline.empty());
}

TEST(StoryView, SummaryDoesNotRepeat) {
  Article a, b;
  a.id = "a";
  b.id = "b";
  a.text = "أعلنت الأمم المتحدة التوصل إلى هدنة لمدة شهرين في اليمن تبدأ مساء السبت وتشمل فتح المطار.\n"
           "وقال المبعوث الأممي إن الأطراف وافقت على وقف جميع العمليات العسكرية داخل البلاد.";
  b.text = "أعلنت الأمم المتحدة التوصل إلى هدنة لمدة شهرين في اليمن تبدأ مساء السبت وتشمل فتح المطار.\n"
           "ورحبت دول عديدة بإعلان الهدنة ودعت الأطراف إلى الالتزام الكامل بها.";
  StoryAnalysis v = AnalyzeStory(StoryRecord{}, {&a, &b});
  const std::string lead = "أعلنت الأمم المتحدة التوصل إلى هدنة";
  size_t first = v.summary.find(lead);
  EXPECT_TRUE(first == std::string::npos || v.summary.find(lead, first + 1) == std::string::npos);
  EXPECT_FALSE(v.title.empty());
}

// DescribeStory (what ingest calls) gives AnalyzeStory's title and summary,
// for tokenized and untokenized articles, dated and undated, with a title.
TEST(StoryView, DescribeStoryMatchesAnalyzeStory) {
  Article a, b, c;
  a.id = "a";
  a.published = "2024-03-02";
  a.text = "قصفت المدفعية أحياء شرق المدينة صباح الجمعة وأفاد مسعفون بسقوط ضحايا بين المدنيين.\n"
           "وقال مسؤول محلي إن فرق الإنقاذ ما زالت تبحث تحت الأنقاض عن ناجين.";
  b.id = "b";
  b.published = "2024-03-01";
  b.title = "قصف على أحياء شرق المدينة";
  b.text = "أفاد مسعفون بسقوط ضحايا بين المدنيين في قصف مدفعي استهدف أحياء شرق المدينة.\n"
           "وطالبت منظمات إغاثة بفتح ممرات آمنة لإجلاء الجرحى من الأحياء المحاصرة.";
  c.id = "c";
  c.text = "طالبت منظمات إغاثة دولية بفتح ممرات آمنة لإجلاء الجرحى من أحياء المدينة المحاصرة.";
  c.tokens = text::Tokenize(c.text);
  c.sentences = text::SplitSentences(c.text, c.tokens);
  StoryRecord s;
  s.title = "old title";
  s.summary = "old summary";
  for (const auto& members : std::vector<std::vector<const Article*>>{{&a, &b, &c}, {&c, &a}, {&a}, {}}) {
    StoryAnalysis full = AnalyzeStory(s, members);
    StoryAnalysis brief = DescribeStory(s, members);
    EXPECT_EQ(brief.title, full.title);
    EXPECT_EQ(brief.summary, full.summary);
  }
  EXPECT_EQ(DescribeStory(s, {&a, &b, &c}).title, "قصف على أحياء شرق المدينة");
  EXPECT_EQ(DescribeStory(s, {}).summary, "old summary");
}

}  // namespace
}  // namespace marsad::stories
