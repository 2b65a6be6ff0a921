#include "marsad/ingest/web/feed_reader.h"

#include <gtest/gtest.h>

#include "marsad/ingest/web/test_util.h"

namespace marsad::ingest::web {
namespace {

using testing::FixturePath;
using testing::ReadFixture;

bool HasWarning(const Article& a, const std::string& w) {
  return std::find(a.warnings.begin(), a.warnings.end(), w) != a.warnings.end();
}

TEST(FeedReader, RssWithHtmlDescriptions) {
  std::vector<Problem> problems;
  FeedReader r(FixturePath("feed_rss.xml"), problems);
  EXPECT_STREQ(r.format(), "rss");
  std::vector<Article> items;
  Article a;
  while (r.Next(a, problems)) items.push_back(a);
  ASSERT_EQ(items.size(), 3u);
  const Article& full = items[0];
  EXPECT_EQ(full.title, "تمديد الهدنة شهراً إضافياً وسط ترحيب دولي");
  EXPECT_EQ(full.url, "https://almarsad.example/news/2022/05/30/extension");
  EXPECT_EQ(full.published, "2022-05-30T18:20:00+03:00");
  EXPECT_EQ(full.published_from, "feed");
  EXPECT_EQ(full.author, "سامر الخطيب");
  EXPECT_EQ(full.source, "المرصد - آخر الأخبار");
  EXPECT_EQ(full.language, "ar");
  EXPECT_EQ(full.format, "rss");
  EXPECT_EQ(full.origin, FixturePath("feed_rss.xml") + "#item 1");
  // content:encoded is preferred; HTML is gone, paragraphs are lines.
  EXPECT_NE(full.text.find("\nاتفقت الأطراف المتحاربة"), std::string::npos);
  EXPECT_NE(full.text.find("آلية رقابة أكثر فعالية"), std::string::npos);
  EXPECT_EQ(full.text.find('<'), std::string::npos);
  EXPECT_EQ(full.text.find("track()"), std::string::npos);
  EXPECT_FALSE(HasWarning(full, "teaser"));
  EXPECT_FALSE(full.id.empty());

  const Article& teaser = items[1];
  EXPECT_TRUE(HasWarning(teaser, "teaser"));
  EXPECT_EQ(teaser.published, "2021-09-08T07:15:00Z");
  EXPECT_EQ(teaser.text.find("اقرأ المزيد"), std::string::npos);

  const Article& bare = items[2];
  EXPECT_EQ(bare.title, "خبر بلا تاريخ & بلا رابط");
  EXPECT_EQ(bare.published, "");
  EXPECT_NE(bare.text.find("نص قصير"), std::string::npos);
  EXPECT_EQ(bare.text.find("<b>"), std::string::npos);
  EXPECT_NE(bare.id, full.id);
}

TEST(FeedReader, Atom) {
  std::vector<Problem> problems;
  FeedReader r(FixturePath("feed_atom.xml"), problems);
  std::vector<Article> items;
  Article a;
  while (r.Next(a, problems)) items.push_back(a);
  EXPECT_STREQ(r.format(), "atom");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].title, "تبادل للأسرى بوساطة الصليب الأحمر بعد أشهر من التعثر");
  EXPECT_EQ(items[0].url, "https://news.example/a/1");  // alternate, not the enclosure
  EXPECT_EQ(items[0].published, "2023-01-19T14:30:00+02:00");  // published beats updated
  EXPECT_EQ(items[0].author, "ريم حداد");
  EXPECT_NE(items[0].text.find("\nأتمت اللجنة الدولية"), std::string::npos);
  EXPECT_EQ(items[0].text.find("ملخص قصير"), std::string::npos);  // content beats summary
  EXPECT_EQ(items[0].format, "atom");
  EXPECT_EQ(items[1].language, "en");
  EXPECT_EQ(items[1].published, "2023-01-20T08:00:00Z");
  EXPECT_NE(items[1].text.find("The mediators said"), std::string::npos);
}

TEST(FeedReader, BillionLaughsDoesNotExpand) {
  std::vector<Problem> problems;
  auto items = ParseFeed(ReadFixture("billion_laughs.xml"), "billion_laughs.xml", problems);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].title, "عنوان");
  EXPECT_LT((*items)[0].text.size(), 100u);  // 10^9 "lol"s were not produced
  EXPECT_EQ((*items)[0].text.find("lol"), std::string::npos);
}

TEST(FeedReader, NotAFeed) {
  std::vector<Problem> problems;
  EXPECT_FALSE(ParseFeed("<html><body>x</body></html>", "x.xml", problems).ok());
  EXPECT_FALSE(ParseFeed("", "x.xml", problems).ok());
  EXPECT_FALSE(ParseFeed("not xml at all", "x.xml", problems).ok());
  FeedReader missing("/nonexistent/feed.xml", problems);
  Article a;
  EXPECT_FALSE(missing.Next(a, problems));
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems.back().origin, "/nonexistent/feed.xml");
}

TEST(FeedReader, BrokenFeedIsRecovered) {
  std::vector<Problem> problems;
  auto items = ParseFeed(
      "<rss><channel><title>t</title><item><title>خبر &nbsp; أول</title><link>https://a.example/1</link></item>"
      "<item><title>خبر ثان</title><description>نص & رموز",
      "broken.xml", problems);
  ASSERT_TRUE(items.ok());
  EXPECT_GE(items->size(), 1u);
  ASSERT_FALSE(problems.empty());
  EXPECT_FALSE(problems[0].skipped);
}

TEST(FeedReader, TeaserHeuristic) {
  EXPECT_TRUE(LooksLikeTeaser("نص قصير…", ""));
  EXPECT_TRUE(LooksLikeTeaser("نص قصير", ""));
  std::string longtext;
  for (int i = 0; i < 80; ++i) longtext += "كلمة ";
  EXPECT_FALSE(LooksLikeTeaser(longtext, ""));
  EXPECT_TRUE(LooksLikeTeaser(longtext + " اقرأ المزيد", ""));
}

}  // namespace
}  // namespace marsad::ingest::web
