// End-to-end: one report arriving three ways (a saved page, a full-content
// RSS item, a gzipped WARC response) is stored once with three sources, which
// `marsad show` lists; ingesting the folder again changes nothing.
// The report and the pages are written for this test.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "e2e_util.h"

namespace fs = std::filesystem;

namespace {

using marsad::e2e::CmdResult;
using marsad::e2e::Marsad;
using marsad::e2e::Write;

void WriteGzip(const fs::path& p, const std::string& data) {
  gzFile f = gzopen(p.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, data.data(), static_cast<unsigned>(data.size())), static_cast<int>(data.size()));
  ASSERT_EQ(gzclose(f), Z_OK);
}

const char* kTitle = "الوسطاء يعلنون هدنة إنسانية لثلاثة أيام في مدينة الساحل";
const char* kParagraphs[] = {
    "أعلن الوسطاء مساء الخميس التوصل إلى هدنة إنسانية لمدة ثلاثة أيام في مدينة الساحل، تبدأ عند فجر الجمعة "
    "وتسمح بدخول قوافل الإغاثة إلى الأحياء المحاصرة.",
    "وقال المتحدث باسم فريق الوساطة إن الطرفين وافقا على فتح ممرين آمنين لخروج المدنيين، وعلى تبادل جثامين "
    "القتلى عبر الصليب الأحمر.",
    "وأضاف أن لجنة مشتركة ستراقب التزام الطرفين بالهدنة، وأن أي خرق سيُبلَّغ به الوسطاء فوراً.",
};
const char* kUrl = "https://news.example/2031/03/06/sahel-truce";

std::string Paragraphs(const char* open, const char* close) {
  std::string out;
  for (const char* p : kParagraphs) out += std::string(open) + p + close + "\n";
  return out;
}

std::string Page() {
  return std::string("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\n<title>") + kTitle +
         " | أخبار المثال</title>\n<meta property=\"og:title\" content=\"" + kTitle +
         "\">\n<link rel=\"canonical\" href=\"" + kUrl +
         "\">\n</head><body>\n<nav><a href=\"/\">الرئيسية</a> <a href=\"/world\">العالم</a></nav>\n"
         "<article class=\"story\"><h1>" + kTitle + "</h1>\n<div class=\"story-body\">\n" + Paragraphs("<p>", "</p>") +
         "</div></article>\n<footer>جميع الحقوق محفوظة</footer>\n</body></html>\n";
}

std::string Feed() {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n"
                     "<channel><title>أخبار المثال</title><link>https://news.example/</link>\n"
                     "<item><title>") + kTitle + "</title><link>" + kUrl +
         "</link><pubDate>Thu, 06 Mar 2031 18:00:00 GMT</pubDate>\n<description>" + kParagraphs[0] +
         "</description>\n<content:encoded><![CDATA[" + Paragraphs("<p>", "</p>") +
         "]]></content:encoded></item>\n</channel></rss>\n";
}

std::string Warc() {
  const std::string page = Page();
  const std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                           std::to_string(page.size()) + "\r\n\r\n" + page;
  return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + std::string(kUrl) +
         "\r\nWARC-Date: 2031-03-06T19:00:00Z\r\n"
         "WARC-Record-ID: <urn:uuid:5b7c1e2a-0d1f-4c4e-9a51-2f7e3c9d8a10>\r\n"
         "Content-Type: application/http; msgtype=response\r\nContent-Length: " +
         std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
}

class WebSourcesTest : public marsad::e2e::TempDirTest {
 protected:
  WebSourcesTest() : TempDirTest("marsad-web-e2e-") {}
  void SetUp() override {
    TempDirTest::SetUp();
    fs::create_directories(dir_ / "in");
  }
};

TEST_F(WebSourcesTest, OneArticleThreeSources) {
  Write(dir_ / "in" / "truce.html", Page());
  Write(dir_ / "in" / "feed.rss", Feed());
  WriteGzip(dir_ / "in" / "crawl.warc.gz", Warc());
  const std::string in = (dir_ / "in").string();

  CmdResult r = Marsad("ingest --db " + Db() + " " + in);
  ASSERT_EQ(r.code, 0) << r.out;
  CmdResult ex = Marsad("export --db " + Db() + " --what articles --format jsonl");
  ASSERT_EQ(ex.code, 0) << ex.out;
  std::vector<nlohmann::json> rows;
  {
    std::istringstream lines(ex.out);
    std::string line;
    while (std::getline(lines, line))
      if (!line.empty() && line[0] == '{') rows.push_back(nlohmann::json::parse(line));
  }
  ASSERT_EQ(rows.size(), 1u) << "the three arrivals must be one article:\n" << ex.out << "\ningest said:\n" << r.out;
  const std::string id = rows[0]["id"];

  auto show_sources = [&]() {
    CmdResult s = Marsad("show --db " + Db() + " --json " + id);
    EXPECT_EQ(s.code, 0) << s.out;
    return nlohmann::json::parse(s.out)["sources"];
  };
  nlohmann::json sources = show_sources();
  ASSERT_EQ(sources.size(), 3u) << sources.dump(2);
  std::vector<std::string> formats;
  for (const auto& s : sources) {
    formats.push_back(s["format"]);
    EXPECT_FALSE(s["first_seen"].get<std::string>().empty());
    EXPECT_EQ(s["path"].get<std::string>().rfind(in, 0), 0u) << s["path"];
  }
  std::sort(formats.begin(), formats.end());
  EXPECT_EQ(formats, (std::vector<std::string>{"html", "rss", "warc"}));
  for (const auto& s : sources) {
    if (s["format"] == "rss") EXPECT_EQ(s["path"], (dir_ / "in" / "feed.rss").string());
    if (s["format"] == "rss" || s["format"] == "warc") EXPECT_EQ(s["url"], kUrl);
  }

  // The human-readable report lists them too.
  CmdResult text = Marsad("show --db " + Db() + " " + id);
  ASSERT_EQ(text.code, 0) << text.out;
  EXPECT_NE(text.out.find("sources (3):"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("crawl.warc.gz"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("feed.rss"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("truce.html"), std::string::npos) << text.out;

  // The sources export (outside DESIGN.md's contract tables) has the same three rows.
  CmdResult table = Marsad("export --db " + Db() + " --what sources --format jsonl");
  ASSERT_EQ(table.code, 0) << table.out;
  EXPECT_EQ(std::count(table.out.begin(), table.out.end(), '\n'), 3) << table.out;
  EXPECT_NE(table.out.find("\"format\":\"warc\""), std::string::npos) << table.out;

  // Ingesting the same folder again is a no-op: no article, no source.
  CmdResult again = Marsad("ingest --db " + Db() + " " + in);
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_EQ(show_sources(), sources);
  CmdResult ex2 = Marsad("export --db " + Db() + " --what articles --format jsonl");
  EXPECT_EQ(ex2.out, ex.out);
}

}  // namespace
