#include "marsad/core/article_json.h"

#include <cmath>

#include <gtest/gtest.h>

namespace marsad {
namespace {

// A hand-written article that sets every serialized field to a non-default.
Article FullArticle() {
  Article a;
  a.id = "a-001";
  a.url = "https://example.org/news/1";
  a.canonical_url = "https://example.org/n/1";
  a.source = "example.org";
  a.published = "2020-10-10T12:00";
  a.published_from = "jsonld";
  a.title = "هدنة إنسانية في كاراباخ";
  a.author = "مراسلنا";
  a.language = "ar";
  a.format = "html";
  a.origin = "feeds/x.warc.gz#17";
  a.text = "أعلن وزير الخارجية الروسي سيرغي لافروف أن الطرفين اتفقا على هدنة تبدأ ظهر السبت، وقُتل 12 شخصاً.";
  a.body = {0, static_cast<uint32_t>(a.text.size())};
  a.warnings = {"no date in page", "charset guessed"};

  Mention m;
  m.span = {5, 20};
  m.type = EntityType::kPER;
  m.entity = "Q36073";
  m.name = "Sergey Lavrov";
  m.country = "RUS";
  m.role = "GOV";
  m.confidence = 0.8125f;
  a.mentions.push_back(m);
  Mention m2;
  m2.span = {21, 30};
  m2.type = EntityType::kGPE;
  m2.confidence = 0.3f;  // not exactly representable: must still round-trip
  a.mentions.push_back(m2);

  Timex t;
  t.span = {30, 40};
  t.value = "2020-10-10T12:00";
  t.kind = "time";
  t.relative = true;
  a.timexes.push_back(t);

  NumberMention n;
  n.span = {41, 43};
  n.value = 12;
  n.what = "killed";
  n.qualifier = "approx";
  n.acled_value = 10.5;
  n.unit = "people";
  a.numbers.push_back(n);
  NumberMention n0;  // acled_value present but zero must not be dropped
  n0.span = {44, 45};
  n0.acled_value = 0.0;
  a.numbers.push_back(n0);

  Quote q;
  q.span = {50, 70};
  q.speaker_span = {5, 20};
  q.cue_span = {0, 4};
  q.speaker = "Q36073";
  q.speaker_name = "Sergey Lavrov";
  q.cue = "اعلن";
  q.direct = true;
  a.quotes.push_back(q);

  Event e;
  e.id = "a-001.e1";
  e.type = "ceasefire_agreed";
  e.cameo = "0871";
  e.plover = "AGREE";
  e.mode = "future";
  e.trigger = {60, 66};
  e.source = "RUS";
  e.target = "AZE";
  e.parties = {"ARM", "AZE"};
  e.mediators = {"RUS"};
  e.location = "Nagorno-Karabakh";
  e.date = "2020-10-10";
  e.effective = "2020-10-10T12:00";
  e.killed = 12;
  e.attributes = {"purpose:humanitarian", "provision:exchange_of_prisoners"};
  e.sentence = 3;
  e.confidence = 0.1f;
  a.events.push_back(e);

  a.event_type = "ceasefire";
  a.story = "s000123";
  a.duplicate_of = "a-000";
  return a;
}

// When a field is added to the model these sizes change and this test stops
// compiling: serialize the new field in article_json.cc, compare it below,
// then update the size. (Sizes of libstdc++ on x86-64 only.)
#if defined(__GLIBCXX__) && defined(__x86_64__)
static_assert(sizeof(Article) == 680, "Article changed: update article_json.cc and this test");
static_assert(sizeof(Event) == 424, "Event changed: update article_json.cc and this test");
static_assert(sizeof(Mention) == 152, "Mention changed: update article_json.cc and this test");
static_assert(sizeof(Quote) == 128, "Quote changed: update article_json.cc and this test");
static_assert(sizeof(NumberMention) == 128, "NumberMention changed: update article_json.cc and this test");
static_assert(sizeof(Timex) == 80, "Timex changed: update article_json.cc and this test");
#endif

void ExpectSame(const Article& a, const Article& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.url, b.url);
  EXPECT_EQ(a.canonical_url, b.canonical_url);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.published, b.published);
  EXPECT_EQ(a.published_from, b.published_from);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.author, b.author);
  EXPECT_EQ(a.language, b.language);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.origin, b.origin);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.body, b.body);
  EXPECT_EQ(a.warnings, b.warnings);
  ASSERT_EQ(a.mentions.size(), b.mentions.size());
  for (size_t i = 0; i < a.mentions.size(); ++i) {
    const Mention &x = a.mentions[i], &y = b.mentions[i];
    EXPECT_EQ(x.span, y.span);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.entity, y.entity);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.country, y.country);
    EXPECT_EQ(x.role, y.role);
    EXPECT_EQ(x.confidence, y.confidence);  // exact: float -> JSON -> float
  }
  ASSERT_EQ(a.timexes.size(), b.timexes.size());
  for (size_t i = 0; i < a.timexes.size(); ++i) {
    EXPECT_EQ(a.timexes[i].span, b.timexes[i].span);
    EXPECT_EQ(a.timexes[i].value, b.timexes[i].value);
    EXPECT_EQ(a.timexes[i].kind, b.timexes[i].kind);
    EXPECT_EQ(a.timexes[i].relative, b.timexes[i].relative);
  }
  ASSERT_EQ(a.numbers.size(), b.numbers.size());
  for (size_t i = 0; i < a.numbers.size(); ++i) {
    const NumberMention &x = a.numbers[i], &y = b.numbers[i];
    EXPECT_EQ(x.span, y.span);
    if (std::isnan(x.value)) {
      EXPECT_TRUE(std::isnan(y.value));
    } else {
      EXPECT_EQ(x.value, y.value);
    }
    EXPECT_EQ(x.what, y.what);
    EXPECT_EQ(x.qualifier, y.qualifier);
    EXPECT_EQ(x.acled_value, y.acled_value);
    EXPECT_EQ(x.unit, y.unit);
  }
  ASSERT_EQ(a.quotes.size(), b.quotes.size());
  for (size_t i = 0; i < a.quotes.size(); ++i) {
    const Quote &x = a.quotes[i], &y = b.quotes[i];
    EXPECT_EQ(x.span, y.span);
    EXPECT_EQ(x.speaker_span, y.speaker_span);
    EXPECT_EQ(x.cue_span, y.cue_span);
    EXPECT_EQ(x.speaker, y.speaker);
    EXPECT_EQ(x.speaker_name, y.speaker_name);
    EXPECT_EQ(x.cue, y.cue);
    EXPECT_EQ(x.direct, y.direct);
  }
  ASSERT_EQ(a.events.size(), b.events.size());
  for (size_t i = 0; i < a.events.size(); ++i) {
    const Event &x = a.events[i], &y = b.events[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.cameo, y.cameo);
    EXPECT_EQ(x.plover, y.plover);
    EXPECT_EQ(x.mode, y.mode);
    EXPECT_EQ(x.trigger, y.trigger);
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.target, y.target);
    EXPECT_EQ(x.parties, y.parties);
    EXPECT_EQ(x.mediators, y.mediators);
    EXPECT_EQ(x.location, y.location);
    EXPECT_EQ(x.date, y.date);
    EXPECT_EQ(x.effective, y.effective);
    EXPECT_EQ(x.killed, y.killed);
    EXPECT_EQ(x.attributes, y.attributes);
    EXPECT_EQ(x.sentence, y.sentence);
    EXPECT_EQ(x.confidence, y.confidence);
  }
  EXPECT_EQ(a.event_type, b.event_type);
  EXPECT_EQ(a.story, b.story);
  EXPECT_EQ(a.duplicate_of, b.duplicate_of);
}

TEST(ArticleJson, RoundTripsEveryField) {
  const Article a = FullArticle();
  Article b;
  ASSERT_TRUE(ArticleFromJsonString(ArticleToJsonString(a), &b).ok());
  ExpectSame(a, b);
}

TEST(ArticleJson, RoundTripsDefaultArticle) {
  Article a;
  Article b;
  b.title = "stale";  // absent in JSON -> must stay as the caller set it
  const nlohmann::json j = ArticleToJson(a);
  EXPECT_FALSE(j.contains("title"));
  ASSERT_TRUE(ArticleFromJson(j, &b).ok());
  EXPECT_EQ(b.title, "stale");
  b.title.clear();
  ExpectSame(a, b);
}

TEST(ArticleJson, NanAndOptionalValuesSurvive) {
  Article a;
  a.text = "abc";
  NumberMention n;
  n.span = {0, 1};
  n.value = std::nan("");
  a.numbers.push_back(n);
  Event e;
  e.killed = 0.0;
  a.events.push_back(e);
  Article b;
  ASSERT_TRUE(ArticleFromJsonString(ArticleToJsonString(a), &b).ok());
  ASSERT_EQ(b.numbers.size(), 1u);
  EXPECT_TRUE(std::isnan(b.numbers[0].value));
  EXPECT_FALSE(b.numbers[0].acled_value.has_value());
  ASSERT_EQ(b.events.size(), 1u);
  ASSERT_TRUE(b.events[0].killed.has_value());
  EXPECT_EQ(*b.events[0].killed, 0.0);
}

TEST(ArticleJson, WithoutTextUsesCallersText) {
  const Article a = FullArticle();
  const nlohmann::json j = ArticleToJson(a, {.include_text = false});
  EXPECT_FALSE(j.contains("text"));
  EXPECT_FALSE(j.contains("tokens"));
  EXPECT_FALSE(j.contains("sentences"));
  Article b;
  // Without the text every span is out of range: the reader must say so.
  Status st = ArticleFromJson(j, &b);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_NE(st.message().find("outside the text"), std::string::npos) << st.message();
  Article c;
  c.text = a.text;
  ASSERT_TRUE(ArticleFromJson(j, &c).ok());
  ExpectSame(a, c);
}

TEST(ArticleJson, BadInputGivesStatusNotException) {
  Article out;
  EXPECT_EQ(ArticleFromJsonString("", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString("{", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString("[]", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString(R"({"id": 5})", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString(R"({"text":"abc","body":[2,1]})", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString(R"({"text":"abc","body":[-1,1]})", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString(R"({"text":"abc","body":[0]})", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString(R"({"mentions":{}})", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString(R"({"mentions":[1]})", &out).code(), StatusCode::kDataLoss);
  Status st = ArticleFromJsonString(R"({"text":"abc","mentions":[{"span":[0,1],"type":"XYZ"}]})", &out);
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
  EXPECT_NE(st.message().find("mentions[0].type"), std::string::npos) << st.message();
  EXPECT_EQ(ArticleFromJsonString(R"({"events":[{"parties":["a",2]}]})", &out).code(), StatusCode::kDataLoss);
  EXPECT_EQ(ArticleFromJsonString(R"({"events":[{"sentence":4294967296}]})", &out).code(), StatusCode::kDataLoss);
}

TEST(ArticleJson, ValidateSpansCatchesTokens) {
  Article a;
  a.text = "ab";
  Token t;
  t.span = {0, 3};
  a.tokens.push_back(t);
  EXPECT_FALSE(ValidateSpans(a).ok());
  a.tokens[0].span = {0, 2};
  EXPECT_TRUE(ValidateSpans(a).ok());
}

}  // namespace
}  // namespace marsad
