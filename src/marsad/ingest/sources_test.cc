#include "marsad/ingest/sources.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "marsad/ingest/ingest_test_util.h"

namespace marsad::ingest {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

std::vector<std::string> Names(const std::vector<InputFile>& files, const std::string& root) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path.substr(root.size() + 1) + ":" + FormatName(f.format));
  return out;
}

const Problem* FindProblem(const std::vector<Problem>& problems, const std::string& origin) {
  for (const auto& p : problems) {
    if (p.origin == origin) return &p;
  }
  return nullptr;
}

TEST(SourcesTest, FormatFromName) {
  EXPECT_EQ(FormatFromName("a/b.txt"), Format::kTxt);
  EXPECT_EQ(FormatFromName("a.JSONL"), Format::kJsonl);
  EXPECT_EQ(FormatFromName("a.htm"), Format::kHtml);
  EXPECT_EQ(FormatFromName("a.html"), Format::kHtml);
  EXPECT_EQ(FormatFromName("a.rss"), Format::kRss);
  EXPECT_EQ(FormatFromName("a.atom"), Format::kAtom);
  EXPECT_EQ(FormatFromName("crawl.warc.gz"), Format::kWarc);
  EXPECT_EQ(FormatFromName("crawl.warc"), Format::kWarc);
  EXPECT_EQ(FormatFromName("feed.xml"), Format::kUnknown);  // sniffed
  EXPECT_EQ(FormatFromName("notes.md"), Format::kUnknown);
}

TEST(SourcesTest, Sniffing) {
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"), Format::kRss);
  EXPECT_EQ(SniffFormat("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"), Format::kAtom);
  EXPECT_EQ(SniffFormat("<!DOCTYPE html><html lang=ar>"), Format::kHtml);
  EXPECT_EQ(SniffFormat("  {\"id\": 1}"), Format::kJsonl);
  EXPECT_EQ(SniffFormat("WARC/1.0\r\nWARC-Type: warcinfo"), Format::kWarc);
  EXPECT_EQ(SniffFormat("\x1F\x8B\x08", "x.warc.gz"), Format::kWarc);
  EXPECT_EQ(SniffFormat("\x1F\x8B\x08", "x.tar.gz"), Format::kUnknown);
  EXPECT_EQ(SniffFormat("just words"), Format::kUnknown);
}

TEST(SourcesTest, DirectoryMixIsWalkedSortedSkippingHiddenAndUnknown) {
  TempDir dir;
  dir.Write("b.txt", "نص");
  dir.Write("a.jsonl", "{\"text\": \"x\"}\n");
  dir.Write("sub/c.html", "<html></html>");
  dir.Write("sub/deeper/d.warc.gz", "\x1F\x8B");
  dir.Write("sub/feed.xml", "<?xml version=\"1.0\"?><rss></rss>");
  dir.Write("sub/noext", "{\"text\": \"y\"}\n");
  dir.Write(".hidden.txt", "secret");
  dir.Write(".git/config.txt", "x");
  dir.Write("README.md", "# notes");
  std::vector<Problem> problems;
  auto files = ListInputs({dir.path()}, problems);
  EXPECT_THAT(Names(files, dir.path()),
              ::testing::ElementsAre("a.jsonl:jsonl", "b.txt:txt", "sub/c.html:html", "sub/deeper/d.warc.gz:warc",
                                     "sub/feed.xml:rss", "sub/noext:jsonl"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, dir.path() + "/README.md");
  EXPECT_THAT(problems[0].message, HasSubstr("skipped: unknown file type (.md)"));
  EXPECT_TRUE(problems[0].skipped);
}

TEST(SourcesTest, MissingPathIsAProblemOthersStillListed) {
  TempDir dir;
  std::string a = dir.Write("a.txt", "x");
  std::string missing = dir.path() + "/nope.jsonl";
  std::vector<Problem> problems;
  auto files = ListInputs({missing, a}, problems);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, a);
  EXPECT_EQ(files[0].size, 1u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, missing);
  EXPECT_EQ(problems[0].message, "no such file or directory");
}

TEST(SourcesTest, ListFilesAndDuplicates) {
  TempDir dir;
  std::string a = dir.Write("in/a.txt", "x");
  dir.Write("in/b.txt", "y");
  dir.Write("list.txt", "# my inputs\nin/a.txt\n\n  in/b.txt  \r\nin/missing.txt\n");
  std::vector<Problem> problems;
  auto files = ListInputs({"@" + dir.path() + "/list.txt", a}, problems);
  EXPECT_THAT(Names(files, dir.path()), ::testing::ElementsAre("in/a.txt:txt", "in/b.txt:txt"));
  const Problem* p = FindProblem(problems, dir.path() + "/in/missing.txt");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->message, "no such file or directory");
  p = FindProblem(problems, a);
  ASSERT_TRUE(p);
  EXPECT_THAT(p->message, HasSubstr("listed more than once"));
  problems.clear();
  ListInputs({"@" + dir.path() + "/nolist.txt"}, problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, HasSubstr("cannot read list file"));
}

TEST(SourcesTest, JsonArrayIsSkippedWithAHowTo) {
  TempDir dir;
  std::string arr = dir.Write("corpus.json", "[{\"text\": \"x\"}]");
  std::string obj = dir.Write("lines.json", "{\"text\": \"x\"}\n");
  std::vector<Problem> problems;
  auto files = ListInputs({arr, obj}, problems);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].format, Format::kJsonl);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, arr);
  EXPECT_THAT(problems[0].message, HasSubstr("jq -c"));
}

TEST(SourcesTest, OpenReaderBuiltinsAndRegistration) {
  TempDir dir;
  std::string t = dir.Write("one.txt", "هدنة");
  std::string j = dir.Write("two.jsonl", "{\"id\": \"j\", \"text\": \"نص\"}\n");
  std::string h = dir.Write("three.html", "<html><body>x</body></html>");
  std::vector<Problem> problems;
  auto files = ListInputs({dir.path()}, problems);
  ASSERT_EQ(files.size(), 3u);
  Article a;
  for (const auto& f : files) {
    if (f.format == Format::kHtml) continue;
    auto r = OpenReader(f, problems);
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->Next(a, problems));
    EXPECT_STREQ(r->format(), FormatName(f.format));
    EXPECT_FALSE(r->Next(a, problems));
  }
  EXPECT_TRUE(problems.empty());
  // No html reader in this module: a clear problem, not a crash.
  InputFile html{h, Format::kHtml, 0};
  EXPECT_EQ(OpenReader(html, problems), nullptr);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].origin, h);
  EXPECT_THAT(problems[0].message, HasSubstr("no reader for html"));

  // The web module plugs in like this.
  class Fake : public Reader {
   public:
    bool Next(Article& out, std::vector<Problem>&) override {
      if (done_) return false;
      done_ = true;
      out = Article();
      out.id = "fake";
      return true;
    }
    const char* format() const override { return "html"; }
    bool done_ = false;
  };
  RegisterReader(Format::kHtml, [](const InputFile&, std::vector<Problem>&) { return std::make_unique<Fake>(); });
  auto r = OpenReader(html, problems);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->Next(a, problems));
  EXPECT_EQ(a.id, "fake");
  RegisterReader(Format::kHtml, nullptr);  // back to none for other tests
}

}  // namespace
}  // namespace marsad::ingest
