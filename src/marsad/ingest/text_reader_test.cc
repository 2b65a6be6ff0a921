#include "marsad/ingest/text_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "marsad/ingest/ingest_test_util.h"
#include "marsad/core/utf8.h"
#include "marsad/ingest/text_decode.h"

namespace marsad::ingest {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

// Reads one file through the Reader interface.
std::vector<Article> ReadAll(const std::string& path, std::vector<Problem>& problems, TextOptions options = {}) {
  TextReader reader(path, options);
  std::vector<Article> out;
  Article a;
  while (reader.Next(a, problems)) out.push_back(a);
  return out;
}

TEST(TextReaderTest, ReadsUtf8WithIdFromStemAndStripsBom) {
  TempDir dir;
  std::string path = dir.Write("005_abc.txt", "\xEF\xBB\xBFاتفق الطرفان على هدنة.\nسطر ثان");
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(articles[0].id, "005_abc");
  EXPECT_EQ(articles[0].text, "اتفق الطرفان على هدنة.\nسطر ثان");
  EXPECT_EQ(articles[0].format, "txt");
  EXPECT_EQ(articles[0].origin, path);
}

TEST(TextReaderTest, EmptyAndWhitespaceFilesAreRejected) {
  TempDir dir;
  std::string empty = dir.Write("empty.txt", "");
  std::string blank = dir.Write("blank.txt", " \n\t\r\n \xC2\xA0\n");
  std::vector<Problem> problems;
  EXPECT_TRUE(ReadAll(empty, problems).empty());
  EXPECT_TRUE(ReadAll(blank, problems).empty());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].origin, empty);
  EXPECT_EQ(problems[0].message, "empty file");
  EXPECT_TRUE(problems[0].skipped);
  EXPECT_EQ(problems[1].origin, blank);
  EXPECT_THAT(problems[1].message, HasSubstr("empty file"));
}

TEST(TextReaderTest, BinaryFilesAreRejected) {
  TempDir dir;
  std::string png = dir.Write("image.txt", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
  std::string ctl;
  for (int i = 0; i < 200; ++i) ctl += static_cast<char>(1 + i % 8);
  std::string noisy = dir.Write("noise.txt", ctl);
  std::vector<Problem> problems;
  EXPECT_TRUE(ReadAll(png, problems).empty());
  EXPECT_TRUE(ReadAll(noisy, problems).empty());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].origin, png);
  EXPECT_THAT(problems[0].message, HasSubstr("binary file (contains NUL bytes)"));
  EXPECT_EQ(problems[1].origin, noisy);
  EXPECT_THAT(problems[1].message, HasSubstr("binary file"));
  EXPECT_THAT(problems[1].message, HasSubstr("control characters"));
}

TEST(TextReaderTest, InvalidUtf8IsRepairedAndWarned) {
  TempDir dir;
  std::string path = dir.Write("latin.txt", "Ceasefire in Gaza \xE9t\xE9 agreed, \xFF end");
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_TRUE(utf8::IsValid(articles[0].text));
  EXPECT_THAT(articles[0].text, HasSubstr("\xEF\xBF\xBD"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, path);
  EXPECT_THAT(problems[0].message, HasSubstr("invalid UTF-8: 3 byte(s) replaced with U+FFFD"));
  EXPECT_FALSE(problems[0].skipped);
  EXPECT_EQ(articles[0].warnings.size(), 1u);
}

TEST(TextReaderTest, Windows1256IsDetectedAndConverted) {
  // "هدنة في غزة" in windows-1256.
  TempDir dir;
  std::string path = dir.Write("cp1256.txt", "\xE5\xCF\xE4\xC9 \xDD\xED \xDB\xD2\xC9\n");
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].text, "هدنة في غزة\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("windows-1256"));
  EXPECT_FALSE(problems[0].skipped);
}

TEST(TextReaderTest, Utf16WithBomIsConverted) {
  TempDir dir;
  // "هدنة" in UTF-16LE with BOM.
  std::string path = dir.Write("u16.txt", std::string("\xFF\xFE\x47\x06\x2F\x06\x46\x06\x29\x06", 10));
  std::vector<Problem> problems;
  auto articles = ReadAll(path, problems);
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].text, "هدنة");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("UTF-16LE"));
}

TEST(TextReaderTest, AHundredMegabyteFileIsRejectedWithoutReadingIt) {
  TempDir dir;
  std::string path = dir.path() + "/huge.txt";
  int fd = ::open(path.c_str(), O_CREAT | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, off_t{100} << 20), 0);  // sparse: instant, no disk use
  ::close(fd);
  std::vector<Problem> problems;
  EXPECT_TRUE(ReadAll(path, problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, path);
  EXPECT_THAT(problems[0].message, HasSubstr("file too large (100.0 MB > limit of 64.0 MB)"));
}

TEST(TextReaderTest, LimitIsConfigurable) {
  TempDir dir;
  std::string path = dir.Write("a.txt", std::string(2000, 'a'));
  std::vector<Problem> problems;
  TextOptions small;
  small.max_file_bytes = 1000;
  EXPECT_TRUE(ReadAll(path, problems, small).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("file too large"));
  problems.clear();
  EXPECT_EQ(ReadAll(path, problems).size(), 1u);
}

TEST(TextReaderTest, MissingFileAndDirectory) {
  TempDir dir;
  std::vector<Problem> problems;
  EXPECT_TRUE(ReadAll(dir.path() + "/gone.txt", problems).empty());
  EXPECT_TRUE(ReadAll(dir.path(), problems).empty());
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].message, "no such file or directory");
  EXPECT_THAT(problems[1].message, HasSubstr("is a directory"));
}

TEST(TextDecodeTest, LatinWithHighBytesIsNotMistakenForArabic) {
  // Mostly Latin-1 accents: windows-1256 would give few Arabic letters.
  auto d = DecodeText("caf\xE9 cr\xE8me br\xFBl\xE9" "e na\xEFve");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->encoding, "utf-8");
  EXPECT_THAT(d->warnings.at(0), HasSubstr("U+FFFD"));
}

}  // namespace
}  // namespace marsad::ingest
