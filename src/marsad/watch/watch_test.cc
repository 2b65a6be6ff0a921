// Unit tests of the watcher's pure parts: robots.txt, the sources file,
// alert rules and their evaluation, URL handling, and the state file.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include "marsad/watch/alerts.h"
#include "marsad/watch/http_client.h"
#include "marsad/watch/robots.h"
#include "marsad/watch/sources_file.h"
#include "marsad/watch/state.h"

namespace marsad::watch {
namespace {

TEST(Robots, AgentGroupWinsOverStar) {
  auto r = RobotsRules::Parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: marsad\nUser-agent: other\nDisallow: /private/\nAllow: /private/ok\n");
  EXPECT_TRUE(r.Allowed("/news/1.html"));
  EXPECT_FALSE(r.Allowed("/private/x.html"));
  EXPECT_TRUE(r.Allowed("/private/ok.html"));
}

TEST(Robots, StarGroupWildcardsAndAnchors) {
  auto r = RobotsRules::Parse("# c\nUser-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp\nDisallow:\n");
  EXPECT_FALSE(r.Allowed("/a/b.pdf"));
  EXPECT_TRUE(r.Allowed("/a/b.pdf?x"));
  EXPECT_FALSE(r.Allowed("/tmpfile"));
  EXPECT_TRUE(r.Allowed("/"));
  EXPECT_TRUE(RobotsRules::Parse("User-agent: google\nDisallow: /\n").Allowed("/x"));
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("/x"));
  EXPECT_TRUE(RobotsRules::DisallowAll().Allowed("/robots.txt"));
}

TEST(SourcesFile, ParsesLinesAndRejectsBadOnes) {
  auto s = ParseSources("# feeds\nhttp://a.example/feed.xml 60\n\n/tmp/drops   # local\nfile:///x/y.jsonl\n", "S");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->size(), 3u);
  EXPECT_TRUE((*s)[0].remote);
  EXPECT_EQ((*s)[0].interval, 60);
  EXPECT_FALSE((*s)[1].remote);
  EXPECT_EQ((*s)[1].path, "/tmp/drops");
  EXPECT_EQ((*s)[1].interval, kDefaultIntervalSeconds);
  EXPECT_EQ((*s)[2].path, "/x/y.jsonl");
  auto bad = ParseSources("http://a/x 0\n", "S");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("S:1:"), std::string::npos);
  EXPECT_FALSE(ParseSources("ftp://a/x\n", "S").ok());
  EXPECT_FALSE(ParseSources("http://a/x 5 extra\n", "S").ok());
  EXPECT_FALSE(ParseSources("http://a/x\nhttp://a/x\n", "S").ok());
}

TEST(Url, SplitAndResolve) {
  UrlParts p;
  ASSERT_TRUE(SplitUrl("HTTP://Example.COM:8080/a/b?c=1#frag", p));
  EXPECT_EQ(p.host, "example.com:8080");
  EXPECT_EQ(p.path, "/a/b?c=1");
  EXPECT_FALSE(SplitUrl("file:///etc/passwd", p));
  EXPECT_EQ(ResolveUrl("http://h/f/feed.xml", "a.html"), "http://h/f/a.html");
  EXPECT_EQ(ResolveUrl("http://h/f/feed.xml", "/a.html"), "http://h/a.html");
  EXPECT_EQ(ResolveUrl("https://h/f/feed.xml", "//g/x"), "https://g/x");
  EXPECT_EQ(ResolveUrl("http://h/f/feed.xml", "http://z/y"), "http://z/y");
}

TEST(AlertRules, ParseAndValidate) {
  auto r = ParseAlertRules(
      "# rules\n{\"webhook\": \"http://127.0.0.1:1/hook\"}\n{\"rule\": \"mentions\", \"countries\": [\"ARM\"]}\n"
      "{\"rule\": \"claims_disagree\", \"factor\": 3, \"name\": \"dis\"}\n",
      "R");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->webhook, "http://127.0.0.1:1/hook");
  ASSERT_EQ(r->rules.size(), 2u);
  EXPECT_EQ(r->rules[1].name, "dis");
  EXPECT_DOUBLE_EQ(r->rules[1].factor, 3);
  EXPECT_FALSE(ParseAlertRules("{\"rule\": \"nope\"}\n", "R").ok());
  EXPECT_FALSE(ParseAlertRules("{\"rule\": \"mentions\"}\n", "R").ok());
  EXPECT_FALSE(ParseAlertRules("{\"rule\": \"claims_disagree\", \"factor\": 0.5}\n", "R").ok());
  EXPECT_FALSE(ParseAlertRules("not json\n", "R").ok());
}

stories::Claim Claim(const char* what, double value, const char* source, const char* article) {
  stories::Claim c;
  c.what = what;
  c.value = value;
  c.source = source;
  c.article = article;
  return c;
}

TEST(AlertRules, EvaluateMentionsClaimsAndStatusChange) {
  auto rules = ParseAlertRules(
      "{\"rule\": \"mentions\", \"countries\": [\"ARM\"]}\n{\"rule\": \"claims_disagree\", \"factor\": 2}\n"
      "{\"rule\": \"new_ceasefire_story\"}\n{\"rule\": \"ceasefire_status_change\"}\n",
      "R");
  ASSERT_TRUE(rules.ok());
  StoryRecord story;
  story.id = "s1";
  story.title = "t";
  story.articles = {"a1", "a2"};
  Article a1, a2;
  a1.id = "a1";
  a1.source = "X";
  Mention m;
  m.entity = "Q399";
  m.country = "ARM";
  a1.mentions.push_back(m);
  a2.id = "a2";
  a2.source = "Y";
  stories::StoryAnalysis an;
  an.claims.push_back(Claim("killed", 10, "X", "a1"));
  an.claims.push_back(Claim("killed", 30, "Y", "a2"));
  an.claims.push_back(Claim("wounded", 10, "X", "a1"));
  an.claims.push_back(Claim("wounded", 15, "Y", "a2"));
  stories::CeasefireRecord cf;
  cf.parties = {"Q227", "Q399"};
  cf.status = "violated";
  cf.sources = {"X"};
  an.ceasefires.push_back(cf);
  std::map<std::string, std::string> seen;
  auto alerts = EvaluateRules(
      *rules, story, {&a1, &a2}, an, [](const std::string&) { return std::string("agreed"); },
      [&](const std::string& k, const std::string& s) { seen[k] = s; });
  std::set<std::string> kinds;
  for (const auto& a : alerts) kinds.insert(a.json["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::set<std::string>{"mentions", "claims_disagree", "new_ceasefire_story",
                                          "ceasefire_status_change"}));
  ASSERT_EQ(alerts.size(), 4u);  // wounded 10 vs 15 is within the factor
  for (const auto& a : alerts) {
    if (a.json["kind"] == "claims_disagree") {
      EXPECT_EQ(a.json["change"], "claims killed 10 vs 30");
    } else if (a.json["kind"] == "ceasefire_status_change") {
      EXPECT_EQ(a.json["change"], "ceasefire Q227+Q399: agreed -> violated");
    } else if (a.json["kind"] == "mentions") {
      EXPECT_EQ(a.json["articles"], nlohmann::json::array({"a1"}));
    }
  }
  EXPECT_EQ(seen["Q227+Q399"], "violated");
  // Never seen before: no status-change alert.
  auto first = EvaluateRules(*rules, story, {&a1, &a2}, an, [](const std::string&) { return std::string(); },
                             [](const std::string&, const std::string&) {});
  EXPECT_EQ(first.size(), 3u);
}

TEST(WatchState, PersistsSourcesSeenAndAlerts) {
  auto dir = std::filesystem::temp_directory_path() / ("watch_state_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "w.watch").string();
  {
    auto st = WatchState::Open(path);
    ASSERT_TRUE(st.ok()) << st.status().message();
    SourceState s;
    s.source = "http://h/f";
    s.etag = "\"e1\"";
    s.failures = 2;
    s.articles = 7;
    ASSERT_TRUE((*st)->Begin().ok());
    ASSERT_TRUE((*st)->PutSource(s).ok());
    ASSERT_TRUE((*st)->MarkSeen("http://h/f", "item1").ok());
    ASSERT_TRUE((*st)->PutAlert({"k", "{}", false}).ok());
    ASSERT_TRUE((*st)->Commit().ok());
  }
  auto st = WatchState::Open(path);
  ASSERT_TRUE(st.ok());
  auto s = (*st)->GetSource("http://h/f");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->etag, "\"e1\"");
  EXPECT_EQ(s->failures, 2);
  EXPECT_EQ(s->articles, 7);
  EXPECT_TRUE(*(*st)->Seen("http://h/f", "item1"));
  EXPECT_FALSE(*(*st)->Seen("http://h/f", "item2"));
  EXPECT_EQ((*st)->UndeliveredAlerts()->size(), 1u);
  auto rows = ReadStatus(path);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
  EXPECT_FALSE(ReadStatus((dir / "missing.watch").string()).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace marsad::watch
