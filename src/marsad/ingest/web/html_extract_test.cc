#include "marsad/ingest/web/html_extract.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "marsad/core/utf8.h"
#include "marsad/ingest/web/html_metadata.h"
#include "marsad/ingest/web/html_reader.h"
#include "marsad/ingest/web/test_util.h"

namespace marsad::ingest::web {
namespace {

using testing::ReadFixture;

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(HtmlExtract, ArticleBuriedInChrome) {
  Article a;
  HtmlInput in;
  in.url = "https://almarsad.example/news/mediation";
  ASSERT_TRUE(ReadHtmlArticle(ReadFixture("chrome_buried.html"), in, a).ok());
  const std::string title = "المبعوث الإقليمي يبدأ جولة وساطة تشمل ثلاث عواصم";
  EXPECT_EQ(a.title, title);
  EXPECT_EQ(a.text.substr(0, title.size()), title);  // title is the first line
  EXPECT_TRUE(Has(a.text, "في محاولة لإحياء مسار التفاوض"));
  EXPECT_TRUE(Has(a.text, "ويرى مراقبون أن فرص نجاح الجولة"));
  // Chrome that must be gone.
  for (const char* chrome : {"ملفات تعريف الارتباط", "الرئيسية", "عاجل", "مواضيع ذات صلة", "وزير الخارجية يستقبل",
                             "اشترك في النشرة", "جميع الحقوق محفوظة", "بقلم", "16 يونيو 2024"})
    EXPECT_FALSE(Has(a.text, chrome)) << chrome;
  // Every line is a paragraph: 1 title + 4 paragraphs.
  EXPECT_EQ(std::count(a.text.begin(), a.text.end(), '\n'), 4);
  EXPECT_EQ(a.source, "المرصد");
  EXPECT_EQ(a.published, "2020-10-09T10:51:00+03:00");
  EXPECT_EQ(a.published_from, "jsonld");
  EXPECT_EQ(a.author, "سامر الخطيب");
  EXPECT_EQ(a.language, "ar");
  EXPECT_EQ(a.format, "html");
  EXPECT_EQ(a.body.end, a.text.size());
  EXPECT_TRUE(utf8::IsValid(a.text));
}

TEST(HtmlExtract, TodayHeaderIsNotThePublicationDate) {
  Article a;
  ASSERT_TRUE(ReadHtmlArticle(ReadFixture("today_header.html"), {}, a).ok());
  EXPECT_EQ(a.published, "2020-10-09T22:35:00+03:00");  // NewsArticle, not the WebPage's date
  EXPECT_EQ(a.published_from, "jsonld");

  Article b;  // the same page without JSON-LD: the article's stamp, never the header
  ASSERT_TRUE(ReadHtmlArticle(ReadFixture("today_header_stamp.html"), {}, b).ok());
  EXPECT_EQ(b.published, "2020-10-09");
  EXPECT_EQ(b.published_from, "dateline");
  EXPECT_FALSE(Has(b.text, "9-10-2020"));
}

TEST(HtmlExtract, MalformedHtml) {
  Article a;
  ASSERT_TRUE(ReadHtmlArticle(ReadFixture("malformed.html"), {}, a).ok());
  EXPECT_EQ(a.title, "قصف متبادل على الحدود يوقع قتلى رغم الاتفاق");
  EXPECT_TRUE(Has(a.text, "قُتل أربعة مدنيين"));
  EXPECT_TRUE(Has(a.text, "ونفى المتحدث العسكري"));
  EXPECT_TRUE(Has(a.text, "غادرت عشرات العائلات"));
  EXPECT_FALSE(Has(a.text, "unclosed comment"));
  EXPECT_TRUE(utf8::IsValid(a.text));
}

TEST(HtmlExtract, NeverCrashesOnJunk) {
  for (std::string junk : {std::string(""), std::string("<"), std::string("<html><body></body></html>"),
                           std::string(20000, '<'), std::string("<div>") + std::string(5000, 'x'),
                           std::string("\xFF\xFE\x00"), std::string("<p>\xC3</p>")}) {
    Article a;
    Status st = ReadHtmlArticle(junk, {}, a);
    if (st.ok()) {
      EXPECT_TRUE(utf8::IsValid(a.text));
    }
  }
  // Deep nesting beyond the walk's limit.
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "<p>نص عميق جدا في الصفحة.</p>";
  Article a;
  (void)ReadHtmlArticle(deep, {}, a);
}

TEST(HtmlExtract, EmptyPageIsDataLoss) {
  Article a;
  Status st = ReadHtmlArticle("<html><head></head><body><script>x()</script></body></html>", {}, a);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kDataLoss);
}

TEST(HtmlExtract, CanonicalAndUrlDate) {
  const std::string page =
      "<html><head><title>عنوان الخبر - موقع المثال</title>"
      "<link rel=\"canonical\" href=\"/ar/news/2021/09/08/story-1\"></head><body><div class=\"article\">"
      "<h1>عنوان الخبر</h1><p>استهدفت غارة بطائرة مسيرة قافلة من الشاحنات قرب الطريق الدولي صباح الأربعاء، ما أدى إلى "
      "مقتل سائقين.</p></div></body></html>";
  Article a;
  HtmlInput in;
  in.url = "https://www.mithal.example/ar/news?id=5";
  ASSERT_TRUE(ReadHtmlArticleUtf8(page, in, a).ok());
  EXPECT_EQ(a.canonical_url, "https://www.mithal.example/ar/news/2021/09/08/story-1");
  EXPECT_EQ(a.published, "2021-09-08");
  EXPECT_EQ(a.published_from, "url");
  EXPECT_EQ(a.source, "mithal.example");
  EXPECT_EQ(a.title, "عنوان الخبر");
}

TEST(HtmlExtract, MetaTagDates) {
  const std::string body = "<body><article><h1>ع</h1><p>نص الخبر الكامل هنا مع بعض التفاصيل الإضافية عن الحدث المهم.</p></article></body>";
  struct Case {
    std::string head, want, from;
  } cases[] = {
      {"<meta property=\"article:published_time\" content=\"2020-10-10T07:51:00Z\">", "2020-10-10T07:51:00Z", "meta"},
      {"<meta name=\"pubdate\" content=\"20201010\">", "2020-10-10", "meta"},
      {"<meta name=\"DC.date.issued\" content=\"2020-10-10\">", "2020-10-10", "meta"},
      {"<meta name=\"parsely-pub-date\" content=\"2020-10-10T10:00:00+03:00\">", "2020-10-10T10:00:00+03:00", "meta"},
  };
  for (const Case& c : cases) {
    Article a;
    ASSERT_TRUE(ReadHtmlArticleUtf8("<html><head>" + c.head + "</head>" + body + "</html>", {}, a).ok());
    EXPECT_EQ(a.published, c.want) << c.head;
    EXPECT_EQ(a.published_from, c.from) << c.head;
  }
  Article t;  // <time> inside the article
  ASSERT_TRUE(ReadHtmlArticleUtf8("<html><body><header><time datetime=\"2024-06-16\">اليوم</time></header><article><h1>ع</h1>"
                                  "<time datetime=\"2020-10-10T10:51\">10/10/2020</time><p>نص الخبر الكامل هنا مع بعض التفاصيل "
                                  "الإضافية عن الحدث المهم.</p></article></body></html>",
                                  {}, t)
                  .ok());
  EXPECT_EQ(t.published, "2020-10-10T10:51:00");
  EXPECT_EQ(t.published_from, "time");
}

TEST(HtmlExtract, NonArabicPageKeepsItsLanguage) {
  const std::string page =
      "<html lang=\"en\"><head><title>Truce holds | Example News</title></head><body><nav><a>Home</a></nav><article>"
      "<h1>Truce holds</h1><p>The ceasefire agreed in Moscow held through the night, officials on both sides said on "
      "Sunday, although each accused the other of isolated violations near the front line.</p><p>Mediators plan to "
      "meet again next week to discuss the exchange of prisoners and the return of displaced families.</p></article>"
      "</body></html>";
  Article a;
  ASSERT_TRUE(ReadHtmlArticleUtf8(page, {}, a).ok());
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.title, "Truce holds");
  EXPECT_TRUE(Has(a.text, "Mediators plan"));
  EXPECT_FALSE(Has(a.text, "Home"));
}

TEST(HtmlFragment, FeedDescriptionToText) {
  std::string t = HtmlFragmentToText(
      "<p>الفقرة الأولى من الخبر.</p><p>الفقرة <b>الثانية</b>.</p><script>x()</script><p><a href=\"/\">اقرأ المزيد</a></p>");
  EXPECT_EQ(t, "الفقرة الأولى من الخبر.\nالفقرة الثانية.");
}

TEST(HtmlMetadata, StripSiteSuffix) {
  EXPECT_EQ(StripSiteSuffix("هدنة في الإقليم | الكرمل", "الكرمل"), "هدنة في الإقليم");
  EXPECT_EQ(StripSiteSuffix("الكرمل - هدنة في الإقليم الشمالي", "الكرمل"), "هدنة في الإقليم الشمالي");
  EXPECT_EQ(StripSiteSuffix("هدنة جديدة في الإقليم الشمالي بعد أسابيع من القتال - الوطن نيوز", ""),
            "هدنة جديدة في الإقليم الشمالي بعد أسابيع من القتال");
  EXPECT_EQ(StripSiteSuffix("أرمينيا - أذربيجان", ""), "أرمينيا - أذربيجان");
  EXPECT_EQ(DomainOf("https://www.Example.com/a/b?c"), "example.com");
}

}  // namespace
}  // namespace marsad::ingest::web

namespace marsad::ingest::web {
namespace {

// A page of ~10 MB: 900,000 nested <div>s around the article (a hostile or
// broken page). The tags beyond the nesting limit are dropped before gumbo
// sees them; the text at every depth is kept and a warning says so.
std::string DeepPage(size_t levels) {
  std::string html = "<!DOCTYPE html><html><head><title>صفحة عميقة</title></head><body><h1>هدنة في المدينة</h1>";
  html.reserve(levels * 11 + 4096);
  const std::string shallow = "<p>أعلن الوسطاء هدنة إنسانية لمدة ثلاثة أيام تبدأ فجر الجمعة في المدينة المحاصرة.</p>";
  const std::string deep = "<p>وقال المتحدث إن لجنة مشتركة ستراقب التزام الطرفين بالهدنة طوال الأيام الثلاثة.</p>";
  for (size_t i = 0; i < levels; ++i) {
    html += "<div>";
    if (i == 50) html += shallow;
  }
  html += deep;
  for (size_t i = 0; i < levels; ++i) html += "</div>";
  html += "<p>انتهى النص.</p></body></html>";
  return html;
}

TEST(HtmlExtract, DeepNestingIsFlattenedWithAWarning) {
  const std::string html = DeepPage(900000);
  ASSERT_GT(html.size(), 9u << 20);
  Article a;
  HtmlInput in;
  in.origin = "deep.html";
  std::vector<std::string> notices;
  in.notices = &notices;
  ASSERT_TRUE(ReadHtmlArticleUtf8(html, in, a).ok());
  EXPECT_TRUE(Has(a.text, "أعلن الوسطاء هدنة إنسانية")) << a.text;
  EXPECT_TRUE(Has(a.text, "لجنة مشتركة ستراقب التزام الطرفين")) << a.text;
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_TRUE(Has(notices[0], "nested deeper than 256 levels")) << notices[0];
  EXPECT_TRUE(Has(notices[0], std::to_string(2 * (900000 - 256)) + " tags dropped")) << notices[0];
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0], notices[0]);
  // The fragment reader (feeds) is capped too.
  EXPECT_TRUE(Has(HtmlFragmentToText(html), "لجنة مشتركة"));
}

TEST(HtmlReader, DeepNestingWarningNamesTheFile) {
  const std::string path = ::testing::TempDir() + "/marsad_deep_nesting_" + std::to_string(::getpid()) + ".html";
  std::ofstream(path, std::ios::binary) << DeepPage(1000);
  std::vector<Problem> problems;
  HtmlReader reader(path);
  Article a;
  ASSERT_TRUE(reader.Next(a, problems));
  std::remove(path.c_str());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, path);
  EXPECT_FALSE(problems[0].skipped);
  EXPECT_TRUE(Has(problems[0].message, "nested deeper than 256 levels")) << problems[0].message;
  EXPECT_TRUE(Has(a.text, "لجنة مشتركة"));
}

TEST(HtmlExtract, SpacedColonSplitsTheTitleOnlyWhenThePageShowsThePart) {
  const std::string body =
      "<p>قال المتحدث باسم الأمم المتحدة إن الهدنة صامدة منذ ثلاثة أيام رغم خروقات محدودة في الشمال.</p>"
      "<p>وأضاف أن فرق المراقبة سجلت تراجعاً كبيراً في القصف منذ بدء سريان الاتفاق مساء الجمعة.</p>";
  Article quote;
  ASSERT_TRUE(ReadHtmlArticleUtf8("<html><head><title>الأمم المتحدة : الهدنة صامدة</title></head><body>" + body +
                                      "</body></html>",
                                  {}, quote)
                  .ok());
  EXPECT_EQ(quote.title, "الأمم المتحدة : الهدنة صامدة");
  Article site;
  ASSERT_TRUE(ReadHtmlArticleUtf8("<html><head><title>وكالة المثال : الهدنة صامدة في الشمال</title></head><body>"
                                  "<span class=title>الهدنة صامدة في الشمال</span><br>" + body + "</body></html>",
                                  {}, site)
                  .ok());
  EXPECT_EQ(site.title, "الهدنة صامدة في الشمال");
  EXPECT_EQ(std::count(site.text.begin(), site.text.end(), '\n'), 2) << site.text;
}

TEST(HtmlExtract, ModerateNestingIsLeftAlone) {
  // 200 levels (under the limit), script and SVG content with '<' and
  // self-closed tags that must not count as nesting.
  std::string html = "<html><body><script>for (i=0;i<9;i++) x='<div>';</script>";
  html += "<svg>" + std::string("") ;
  for (int i = 0; i < 400; ++i) html += "<path d='M0 0'/>";
  html += "</svg>";
  for (int i = 0; i < 200; ++i) html += "<div class='x'>";
  html += "<p>أعلن الوسطاء هدنة إنسانية لمدة ثلاثة أيام تبدأ فجر الجمعة في المدينة المحاصرة.</p>";
  for (int i = 0; i < 200; ++i) html += "</div>";
  Article a;
  HtmlInput in;
  in.origin = "moderate.html";
  ASSERT_TRUE(ReadHtmlArticleUtf8(html, in, a).ok());
  EXPECT_TRUE(a.warnings.empty()) << a.warnings[0];
  EXPECT_TRUE(Has(a.text, "أعلن الوسطاء هدنة إنسانية"));
}

}  // namespace
}  // namespace marsad::ingest::web
