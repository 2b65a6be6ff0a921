#include "marsad/ingest/web/warc_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "marsad/ingest/web/test_util.h"

namespace marsad::ingest::web {
namespace {

using testing::FixturePath;

std::vector<Article> ReadAll(WarcReader& r, std::vector<Problem>& problems) {
  std::vector<Article> out;
  Article a;
  while (r.Next(a, problems)) out.push_back(a);
  return out;
}

void ExpectSamplePages(const std::vector<Article>& pages) {
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].title, "الأمين العام يدعو إلى وقف فوري للقتال في الإقليم الشمالي");  // windows-1256 via HTTP
  EXPECT_EQ(pages[0].url, "https://site.example/news/2024/02/11/appeal");
  EXPECT_EQ(pages[0].published, "2024-02-11");
  EXPECT_EQ(pages[0].format, "warc");
  EXPECT_NE(pages[0].text.find("كارثة إنسانية وشيكة"), std::string::npos);
  EXPECT_EQ(pages[1].url, "file:///local/page.html");  // resource record
  EXPECT_NE(pages[1].text.find("انهار وقف إطلاق النار"), std::string::npos);
  EXPECT_NE(pages[2].text.find("جولة جديدة من المفاوضات"), std::string::npos);  // chunked + gzip body
  EXPECT_NE(pages[0].id, pages[1].id);
}

TEST(WarcReader, PlainWarc) {
  std::vector<Problem> problems;
  WarcReader r(FixturePath("sample.warc"), problems);
  auto pages = ReadAll(r, problems);
  ExpectSamplePages(pages);
  EXPECT_TRUE(problems.empty()) << problems[0].message;
  EXPECT_EQ(r.stats().records, 7u);
  EXPECT_EQ(r.stats().skipped_type, 2u);  // warcinfo, request
  EXPECT_EQ(r.stats().skipped_status, 1u);
  EXPECT_EQ(r.stats().skipped_not_html, 1u);
  EXPECT_EQ(r.stats().html_pages, 3u);
}

TEST(WarcReader, MultiMemberGzip) {
  std::vector<Problem> problems;
  WarcReader r(FixturePath("sample.warc.gz"), problems);
  ExpectSamplePages(ReadAll(r, problems));
  EXPECT_TRUE(problems.empty());
}

TEST(WarcReader, TruncatedGzipKeepsWhatWasRead) {
  std::vector<Problem> problems;
  WarcReader r(FixturePath("truncated.warc.gz"), problems);
  auto pages = ReadAll(r, problems);
  // The two complete HTML records, and what could be inflated of the cut one.
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_TRUE(pages[0].warnings.empty());
  EXPECT_TRUE(std::any_of(pages[2].warnings.begin(), pages[2].warnings.end(),
                          [](const std::string& w) { return w.find("truncated") != std::string::npos; }));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_FALSE(problems[0].skipped);
  EXPECT_NE(problems[0].origin.find("truncated.warc.gz#record 7 @"), std::string::npos) << problems[0].origin;
  EXPECT_NE(problems[0].message.find("truncated"), std::string::npos) << problems[0].message;
  EXPECT_EQ(r.stats().truncated, 1u);
}

TEST(WarcReader, TruncatedRecordInPlainFile) {
  std::vector<Problem> problems;
  WarcReader r(FixturePath("truncated_record.warc"), problems);
  auto pages = ReadAll(r, problems);
  ASSERT_EQ(pages.size(), 2u);  // the 1256 page and the partial resource page
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_FALSE(problems[0].skipped);
  EXPECT_NE(problems[0].message.find("truncated record"), std::string::npos);
  EXPECT_FALSE(pages[1].warnings.empty());
}

TEST(WarcReader, OversizeRecordsAndBombsAreSkipped) {
  // A gzip member that inflates to 64 MiB of zeros inside one record.
  const std::string path = (std::filesystem::temp_directory_path() / "marsad_web_bomb.warc.gz").string();
  {
    gzFile gz = gzopen(path.c_str(), "wb9");
    ASSERT_NE(gz, nullptr);
    const size_t n = 64u << 20;
    std::string head = "WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: " +
                       std::to_string(n) + "\r\n\r\n";
    gzwrite(gz, head.data(), static_cast<unsigned>(head.size()));
    std::string zeros(1 << 20, ' ');
    for (size_t i = 0; i < n; i += zeros.size()) gzwrite(gz, zeros.data(), static_cast<unsigned>(zeros.size()));
    const std::string page = "<html><body><p>\xD9\x86\xD8\xB5 \xD9\x82\xD8\xB5\xD9\x8A\xD8\xB1.</p></body></html>";
    std::string tail = "\r\n\r\nWARC/1.0\r\nWARC-Type: resource\r\nContent-Type: text/html\r\nContent-Length: " +
                       std::to_string(page.size()) + "\r\n\r\n" + page + "\r\n\r\n";
    gzwrite(gz, tail.data(), static_cast<unsigned>(tail.size()));
    gzclose(gz);
  }
  {
    std::vector<Problem> problems;
    WarcReader r(path, problems);  // default limits: skipped, the next record is read
    auto pages = ReadAll(r, problems);
    EXPECT_EQ(pages.size(), 1u);
    EXPECT_EQ(r.stats().skipped_oversize, 1u);
    ASSERT_FALSE(problems.empty());
    EXPECT_NE(problems[0].message.find("over the limit"), std::string::npos);
  }
  {
    std::vector<Problem> problems;
    WarcOptions opt;
    opt.max_skip_bytes = 1 << 20;  // too big even to skip: stop the file
    WarcReader r(path, problems, opt);
    auto pages = ReadAll(r, problems);
    EXPECT_TRUE(pages.empty());
    ASSERT_GE(problems.size(), 2u);
    EXPECT_NE(problems[1].message.find("rest of the file"), std::string::npos);
  }
  std::filesystem::remove(path);
}

TEST(WarcReader, GarbageAndMissingFiles) {
  std::vector<Problem> problems;
  WarcReader missing("/nonexistent.warc", problems);
  Article a;
  EXPECT_FALSE(missing.Next(a, problems));
  ASSERT_EQ(problems.size(), 1u);

  const std::string path = (std::filesystem::temp_directory_path() / "marsad_web_garbage.warc").string();
  FILE* f = std::fopen(path.c_str(), "wb");
  const std::string junk = "this is not a warc\nat all\nWARC/1.0\r\nWARC-Type: resource\r\nContent-Length: x\r\n\r\n";
  std::fwrite(junk.data(), 1, junk.size(), f);
  std::fclose(f);
  problems.clear();
  WarcReader r(path, problems);
  EXPECT_FALSE(r.Next(a, problems));
  EXPECT_EQ(problems.size(), 2u);  // not a header; bad Content-Length
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace marsad::ingest::web
