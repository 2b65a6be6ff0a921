#include "marsad/ingest/jsonl_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "marsad/ingest/ingest_test_util.h"

namespace marsad::ingest {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

std::vector<Article> ReadAll(const std::string& path, std::vector<Problem>& problems, JsonlOptions options = {}) {
  std::vector<Article> out;
  auto reader = JsonlReader::Open(path, problems, options);
  if (!reader) return out;
  Article a;
  while (reader->Next(a, problems)) out.push_back(a);
  return out;
}

TEST(JsonlReaderTest, ReadsTheCorpusFormatAndIgnoresGoldFields) {
  TempDir dir;
  std::string path = dir.Write("a.jsonl",
      "{\"id\": \"x-1\", \"url\": \"https://example.org/1\", \"source\": \"example.org\", \"published\": \"2020-10-10\", "
      "\"text\": \"اتفق الطرفان على هدنة.\", \"story\": \"S1\", \"event_type\": \"ceasefire_agreed\", "
      "\"persons\": [{\"name\": \"X\"}], \"notes\": \"n\"}\n"
      "{\"id\": 7, \"url\": null, \"source\": null, \"published\": null, \"text\": \"نص ثان\"}\n");
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(articles[0].id, "x-1");
  EXPECT_EQ(articles[0].url, "https://example.org/1");
  EXPECT_EQ(articles[0].source, "example.org");
  EXPECT_EQ(articles[0].published, "2020-10-10");
  EXPECT_EQ(articles[0].published_from, "input");
  EXPECT_EQ(articles[0].text, "اتفق الطرفان على هدنة.");
  EXPECT_EQ(articles[0].format, "jsonl");
  EXPECT_EQ(articles[0].origin, path + ":1");
  EXPECT_TRUE(articles[0].story.empty());        // gold never read
  EXPECT_TRUE(articles[0].event_type.empty());
  EXPECT_EQ(articles[1].id, "7");
  EXPECT_TRUE(articles[1].published.empty());
}

TEST(JsonlReaderTest, BadLinesAreReportedAndSkippedGoodOnesRead) {
  TempDir dir;
  std::string path = dir.Write("mixed.jsonl",
      "\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"أول\"}\n"      // 1 BOM tolerated
      "this is not json\n"                                     // 2
      "{\"id\": \"b\"}\n"                                      // 3 missing text
      "{\"id\": \"c\", \"text\": \"   \"}\n"                   // 4 empty text
      "{\"id\": \"d\", \"text\": 42}\n"                        // 5 text not a string
      "\n"                                                     // 6 blank: ignored
      "[1, 2]\n"                                               // 7 not an object
      "{\"id\": \"e\", \"text\": \"unterminated}\n"            // 8
      "{\"text\": \"بلا معرف\"}\r\n"                           // 9 no id, CRLF
      "{\"id\": \"f\", \"text\": \"ok\"} trailing\n"           // 10
      "{\"id\": \"g\", \"text\": \"آخر\", \"published\": \"10/10/2020\"}");  // 11 no final newline
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 3u);
  EXPECT_EQ(articles[0].id, "a");
  EXPECT_EQ(articles[0].text, "أول");
  EXPECT_EQ(articles[1].id, "mixed-L9");  // stable id from file name + line
  EXPECT_EQ(articles[1].text, "بلا معرف");
  EXPECT_EQ(articles[2].id, "g");
  EXPECT_TRUE(articles[2].published.empty());  // not ISO: dropped with a warning

  auto find = [&](const std::string& origin) -> const Problem* {
    for (const auto& p : problems) {
      if (p.origin == origin) return &p;
    }
    return nullptr;
  };
  const Problem* p;
  ASSERT_TRUE(p = find(path + ":2"));
  EXPECT_THAT(p->message, HasSubstr("not a JSON object"));
  EXPECT_TRUE(p->skipped);
  ASSERT_TRUE(p = find(path + ":3"));
  EXPECT_THAT(p->message, HasSubstr("missing \"text\""));
  ASSERT_TRUE(p = find(path + ":4"));
  EXPECT_THAT(p->message, HasSubstr("empty \"text\""));
  ASSERT_TRUE(p = find(path + ":5"));
  EXPECT_THAT(p->message, HasSubstr("\"text\" is not a string"));
  EXPECT_EQ(find(path + ":6"), nullptr);
  ASSERT_TRUE(p = find(path + ":7"));
  EXPECT_THAT(p->message, HasSubstr("not a JSON object"));
  ASSERT_TRUE(p = find(path + ":8"));
  EXPECT_THAT(p->message, HasSubstr("not JSON"));
  ASSERT_TRUE(p = find(path + ":9"));
  EXPECT_THAT(p->message, HasSubstr("no \"id\""));
  EXPECT_FALSE(p->skipped);
  ASSERT_TRUE(p = find(path + ":10"));
  EXPECT_THAT(p->message, HasSubstr("not JSON"));
  ASSERT_TRUE(p = find(path + ":11"));
  EXPECT_THAT(p->message, HasSubstr("not an ISO date"));
  EXPECT_FALSE(p->skipped);
}

TEST(JsonlReaderTest, InvalidUtf8IsRepairedKeptAndWarned) {
  TempDir dir;
  std::string path = dir.Write("bad.jsonl", "{\"id\": \"u\", \"text\": \"هدنة \xFF\xFE في غزة\"}\n");
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].text, "هدنة \xEF\xBF\xBD\xEF\xBF\xBD في غزة");
  ASSERT_EQ(articles[0].warnings.size(), 1u);
  EXPECT_THAT(articles[0].warnings[0], HasSubstr("invalid UTF-8"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, path + ":1");
  EXPECT_THAT(problems[0].message, HasSubstr("invalid UTF-8: 2 byte(s) replaced"));
  EXPECT_FALSE(problems[0].skipped);
}

TEST(JsonlReaderTest, ATenMegabyteLineIsRead) {
  TempDir dir;
  std::string big(10 << 20, 'x');
  std::string path = dir.Write("big.jsonl", "{\"id\": \"big\", \"text\": \"" + big + "\"}\n{\"id\": \"small\", \"text\": \"s\"}\n");
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0].text.size(), big.size());
  EXPECT_TRUE(problems.empty());
}

TEST(JsonlReaderTest, LineOverTheLimitIsSkippedAndTheNextRead) {
  TempDir dir;
  std::string path = dir.Write("long.jsonl", "{\"id\": \"big\", \"text\": \"" + std::string(3 << 20, 'x') +
                                                 "\"}\n{\"id\": \"small\", \"text\": \"s\"}\n");
  std::vector<Problem> problems;
  JsonlOptions options;
  options.max_line_bytes = 1 << 20;
  auto articles = ReadAll(path, problems, options);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].id, "small");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, path + ":1");
  EXPECT_THAT(problems[0].message, HasSubstr("line too long"));
}

TEST(JsonlReaderTest, ManyLinesStreamWithBoundedMemory) {
  // 20 MB in 40,000 lines: each line is parsed and dropped.
  TempDir dir;
  std::string path = (std::filesystem::path(dir.path()) / "many.jsonl").string();
  {
    std::ofstream out(path, std::ios::binary);
    std::string text(500, 'a');
    for (int i = 0; i < 40000; ++i) out << "{\"id\": \"n" << i << "\", \"text\": \"" << text << "\"}\n";
  }
  std::vector<Problem> problems;
  auto reader = JsonlReader::Open(path, problems);
  ASSERT_TRUE(reader);
  Article a;
  int n = 0;
  while (reader->Next(a, problems)) ++n;
  EXPECT_EQ(n, 40000);
  EXPECT_EQ(a.id, "n39999");
  EXPECT_TRUE(problems.empty());
}

TEST(JsonlReaderTest, NotJsonlAtAllGivesUpWithOneClearProblem) {
  TempDir dir;
  std::string lines;
  for (int i = 0; i < 500; ++i) lines += "plain text line " + std::to_string(i) + "\n";
  std::string path = dir.Write("notes.jsonl", lines);
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  EXPECT_TRUE(articles.empty());
  ASSERT_FALSE(problems.empty());
  EXPECT_LE(problems.size(), 60u);
  EXPECT_EQ(problems.back().origin, path);
  EXPECT_THAT(problems.back().message, HasSubstr("is this a JSONL file"));
}

TEST(JsonlReaderTest, GzipAndMissingFilesAreClearProblems) {
  TempDir dir;
  std::string gz = dir.Write("c.jsonl", std::string("\x1F\x8B\x08\x00\x00\x00", 6));
  std::vector<Problem> problems;
  EXPECT_EQ(JsonlReader::Open(gz, problems), nullptr);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, gz);
  EXPECT_THAT(problems[0].message, HasSubstr("gzip"));
  problems.clear();
  EXPECT_EQ(JsonlReader::Open(dir.path() + "/none.jsonl", problems), nullptr);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("No such file"));
}

TEST(JsonlReaderTest, IsoDates) {
  EXPECT_TRUE(LooksLikeIsoDate("2020"));
  EXPECT_TRUE(LooksLikeIsoDate("2020-10"));
  EXPECT_TRUE(LooksLikeIsoDate("2020-10-10"));
  EXPECT_TRUE(LooksLikeIsoDate("2020-10-10T12:00"));
  EXPECT_TRUE(LooksLikeIsoDate("2020-10-10T12:00:00Z"));
  EXPECT_FALSE(LooksLikeIsoDate("10/10/2020"));
  EXPECT_FALSE(LooksLikeIsoDate("2020-13-01"));
  EXPECT_FALSE(LooksLikeIsoDate("2020-10-10junk"));
  EXPECT_FALSE(LooksLikeIsoDate(""));
}

}  // namespace
}  // namespace marsad::ingest
