// End-to-end tests of the marsad CLI: the binary is run as a user runs it,
// on inputs written here, and its exit codes, messages and exports checked.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "e2e_util.h"

namespace fs = std::filesystem;

namespace {

using marsad::e2e::CmdResult;
using marsad::e2e::Marsad;
using marsad::e2e::Write;

std::vector<nlohmann::json> ReadJsonl(const fs::path& p) {
  std::vector<nlohmann::json> rows;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

// Byte offset of each code point, plus the end.
std::vector<size_t> CodepointStarts(const std::string& s) {
  std::vector<size_t> v;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) v.push_back(i);
  v.push_back(s.size());
  return v;
}

class CliTest : public marsad::e2e::TempDirTest {
 protected:
  CliTest() : TempDirTest("marsad-e2e-") {}
};

const char* kArticleA =
    "أعلن المبعوث الأممي هانس غروندبرغ اليوم هدنة في اليمن لمدة شهرين تبدأ مساء السبت.\n"
    "وقال المبعوث إن الهدنة تشمل وقف العمليات العسكرية ودخول سفن الوقود إلى الحديدة.\n";
const char* kArticleB =
    "اتفقت أرمينيا وأذربيجان على وقف إطلاق النار في ناغورني كاراباخ بعد محادثات في موسكو.\n"
    "وقال وزير الخارجية الروسي سيرغي لافروف إن الهدنة إنسانية لتبادل الأسرى.\n";

TEST_F(CliTest, HelpListsEveryCommand) {
  CmdResult r = Marsad("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* c : {"ingest", "stories", "show", "analyze", "export", "entities"})
    EXPECT_NE(r.out.find(c), std::string::npos) << c;
  for (const char* c : {"ingest", "stories", "show", "analyze", "export", "entities"})
    EXPECT_EQ(Marsad(std::string(c) + " --help").code, 0) << c;
}

TEST_F(CliTest, UnknownCommandIsAUsageError) { EXPECT_EQ(Marsad("frobnicate").code, 2); }

TEST_F(CliTest, IngestExportAndReingestChangesNothing) {
  nlohmann::json a = {{"id", "a1"}, {"url", nullptr}, {"source", "x"}, {"published", "2022-04-01"}, {"text", kArticleA}};
  nlohmann::json b = {{"id", "b1"}, {"url", nullptr}, {"source", "y"}, {"published", "2020-10-10"}, {"text", kArticleB}};
  Write(dir_ / "in" / "c.jsonl", a.dump() + "\n" + b.dump() + "\n");
  CmdResult r = Marsad("ingest --db " + Db() + " " + (dir_ / "in").string());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("stored 2 new"), std::string::npos) << r.out;

  CmdResult again = Marsad("ingest --db " + Db() + " " + (dir_ / "in").string());
  ASSERT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("stored 0 new"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("2 already stored"), std::string::npos) << again.out;

  ASSERT_EQ(Marsad("export --db " + Db() + " --what all --out " + (dir_ / "out").string()).code, 0);
  auto articles = ReadJsonl(dir_ / "out" / "articles.jsonl");
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0]["id"], "a1");
  EXPECT_EQ(articles[0]["text"], kArticleA);
  auto stories = ReadJsonl(dir_ / "out" / "stories.jsonl");
  EXPECT_EQ(stories.size(), 2u) << "a Yemen truce and a Karabakh truce are different stories";
  // Offsets are code points of the original text.
  for (const char* what : {"mentions", "timexes", "numbers"}) {
    for (const auto& m : ReadJsonl(dir_ / "out" / (std::string(what) + ".jsonl"))) {
      const auto& art = m["article"] == "a1" ? articles[0] : articles[1];
      std::vector<size_t> starts = CodepointStarts(art["text"].get<std::string>());
      size_t s = m["start"], e = m["end"];
      ASSERT_LT(e, starts.size());
      ASSERT_LT(s, e);
      std::string t = art["text"];
      EXPECT_EQ(t.substr(starts[s], starts[e] - starts[s]), m["surface"].get<std::string>()) << what;
    }
  }
}

TEST_F(CliTest, BadInputsAreNamedAndTheRestIsIngested) {
  Write(dir_ / "in" / "good.txt", kArticleA);
  Write(dir_ / "in" / "empty.txt", "");
  Write(dir_ / "in" / "binary.txt", std::string("\x7f" "ELF\0\0\0\x01\x02\x03", 10) + std::string(2000, '\0'));
  Write(dir_ / "in" / "bad.jsonl",
        std::string("{\"id\":\"ok1\",\"text\":\"") + "وقال الوزير إن المحادثات ستستمر غدا في القاهرة." +
            "\"}\nthis is not json\n{\"id\":\"nott\",\"text\":42}\n");
  CmdResult r = Marsad("ingest --db " + Db() + " " + (dir_ / "in").string() + " " + (dir_ / "missing.jsonl").string());
  EXPECT_EQ(r.code, 3) << r.out;  // done, but some inputs could not be read
  EXPECT_NE(r.out.find("empty.txt"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("binary.txt"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.jsonl:2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bad.jsonl:3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing.jsonl"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stored 2 new"), std::string::npos) << r.out;
}

TEST_F(CliTest, ShowAndAnalyze) {
  Write(dir_ / "a.txt", kArticleB);
  ASSERT_EQ(Marsad("ingest --db " + Db() + " " + (dir_ / "a.txt").string()).code, 0);
  CmdResult shown = Marsad("show --db " + Db() + " a");
  EXPECT_EQ(shown.code, 0) << shown.out;
  EXPECT_NE(shown.out.find("story"), std::string::npos);
  EXPECT_EQ(Marsad("show --db " + Db() + " no-such-id").code, 4);

  CmdResult an = Marsad("analyze --json " + (dir_ / "a.txt").string());
  ASSERT_EQ(an.code, 0) << an.out;
  auto j = nlohmann::json::parse(an.out);
  EXPECT_GE(j["sentences"].size(), 2u);
  EXPECT_GT(j["tokens"].size(), 10u);
  EXPECT_NE(j["normalized"].get<std::string>().find("ارمينيا"), std::string::npos) << "hamza folded (أرمينيا)";
}

TEST_F(CliTest, ExportRejectsUnknownTable) {
  Write(dir_ / "a.txt", kArticleA);
  ASSERT_EQ(Marsad("ingest --db " + Db() + " " + (dir_ / "a.txt").string()).code, 0);
  CmdResult r = Marsad("export --db " + Db() + " --what nonsense");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown table"), std::string::npos);
  CmdResult csv = Marsad("export --db " + Db() + " --what articles --format csv");
  EXPECT_EQ(csv.code, 0);
  EXPECT_EQ(csv.out.rfind("id,url,source,published,title,text,story,event_type", 0), 0u) << csv.out;
}

}  // namespace
