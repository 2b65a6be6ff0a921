// The API without sockets: every endpoint, its filters, 404s, traversal
// attempts, hostile search input and the write token.
#include "marsad/serve/service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "marsad/serve/serve_test_util.h"
#include "marsad/store/store.h"
#include "marsad/watch/state.h"

namespace marsad::serve {
namespace {

using nlohmann::json;
namespace t = marsad::serve::testing;

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new t::TempDir();
    ServiceOptions o;
    o.db = (dir_->path() / "store.db").string();
    o.web_dir = t::MakeWebDir(dir_->path()).string();
    o.write_token = t::kToken;
    o.rate_per_second = 0;  // the rate limit has its own test
    auto s = Service::Create(o);
    ASSERT_TRUE(s.ok()) << s.status().message();
    service_ = s->release();
    Request r;
    r.method = "POST";
    r.path = "/api/ingest";
    r.headers["Authorization"] = std::string("Bearer ") + t::kToken;
    r.body = t::FixtureJsonl();
    Response resp = service_->Handle(r);
    ASSERT_EQ(resp.status, 200) << resp.body;
    ASSERT_EQ(json::parse(resp.body)["inserted"], 4) << resp.body;
  }
  static void TearDownTestSuite() {
    delete service_;
    delete dir_;
  }

  static Response Get(const std::string& path, std::map<std::string, std::string> query = {}) {
    Request r;
    r.path = path;
    r.query = std::move(query);
    return service_->Handle(r);
  }
  static json GetJson(const std::string& path, std::map<std::string, std::string> query = {}, int status = 200) {
    Response r = Get(path, std::move(query));
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    EXPECT_NE(r.content_type.find("application/json"), std::string::npos);
    return json::parse(r.body);
  }
  static std::set<std::string> HitIds(const json& j) {
    std::set<std::string> ids;
    for (const auto& h : j["hits"]) ids.insert(h["article"].get<std::string>());
    return ids;
  }
  static std::string StoryOf(const std::string& article) {
    return GetJson("/api/articles/" + article)["story"].get<std::string>();
  }

  static t::TempDir* dir_;
  static Service* service_;
};
t::TempDir* ServiceTest::dir_ = nullptr;
Service* ServiceTest::service_ = nullptr;

TEST_F(ServiceTest, Health) {
  json j = GetJson("/api/health");
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["articles"], 4);
  EXPECT_EQ(j["writable"], true);
}

TEST_F(ServiceTest, ArticleHasTextAndCodePointSpans) {
  json a = GetJson("/api/articles/fx-1");
  EXPECT_EQ(a["id"], "fx-1");
  EXPECT_EQ(a["source"], "وكالة الرصد");
  const std::u32string text = [&] {
    std::string s = a["text"];
    std::u32string out;
    for (size_t i = 0; i < s.size();) {
      unsigned char c = s[i];
      int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
      for (int k = 1; k < n; ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
      out += cp;
      i += n;
    }
    return out;
  }();
  EXPECT_EQ(a["chars"], text.size());
  ASSERT_FALSE(a["mentions"].empty());
  bool putin = false;
  for (const auto& m : a["mentions"]) {
    // Spans are code points of the original text: text[start:end] == surface.
    const size_t s = m["start"], e = m["end"];
    ASSERT_LE(e, text.size());
    std::string surface;
    for (size_t i = s; i < e; ++i) {
      char32_t c = text[i];
      if (c < 0x80) surface += char(c);
      else if (c < 0x800) surface += char(0xC0 | (c >> 6)), surface += char(0x80 | (c & 0x3F));
      else surface += char(0xE0 | (c >> 12)), surface += char(0x80 | ((c >> 6) & 0x3F)), surface += char(0x80 | (c & 0x3F));
    }
    EXPECT_EQ(surface, m["surface"].get<std::string>());
    if (m["entity"] == "Vladimir_Putin") putin = true;
  }
  EXPECT_TRUE(putin);
  EXPECT_FALSE(a["timexes"].empty());
  EXPECT_FALSE(a["numbers"].empty());
  EXPECT_TRUE(a["quotes"].is_array());
  EXPECT_TRUE(a["events"].is_array());
  EXPECT_FALSE(a["mentions"][0].contains("article"));
}

TEST_F(ServiceTest, MissingThingsAre404) {
  EXPECT_EQ(GetJson("/api/articles/nope", {}, 404)["error"], "no such article");
  EXPECT_EQ(GetJson("/api/stories/nope", {}, 404)["error"], "no such story");
  EXPECT_EQ(GetJson("/api/entities/Nobody_At_All", {}, 404)["error"], "no such entity");
  GetJson("/api/unknown", {}, 404);
  GetJson("/api/articles/a/b", {}, 404);
  GetJson("/api/export/nothing.csv", {}, 404);
  GetJson("/api/export/articles.xml", {}, 404);
  GetJson("/api/export/articles", {}, 404);
}

TEST_F(ServiceTest, StoriesListAndFilters) {
  json all = GetJson("/api/stories");
  ASSERT_GE(all["total"].get<int>(), 2);
  const std::string truce = StoryOf("fx-1"), flood = StoryOf("fx-3");
  ASSERT_NE(truce, flood);
  auto ids = [](const json& j) {
    std::set<std::string> s;
    for (const auto& x : j["stories"]) s.insert(x["id"].get<std::string>());
    return s;
  };
  EXPECT_TRUE(ids(all).count(truce));
  // Activity per day sums the reports.
  int reports = 0;
  for (const auto& d : all["activity"]) reports += d["count"].get<int>();
  EXPECT_EQ(reports, 4);

  json y2020 = GetJson("/api/stories", {{"from", "2020-01-01"}, {"to", "2020-12"}});
  EXPECT_TRUE(ids(y2020).count(truce));
  EXPECT_FALSE(ids(y2020).count(flood));
  json y2021 = GetJson("/api/stories", {{"from", "2021-01-01"}});
  EXPECT_FALSE(ids(y2021).count(truce));
  EXPECT_TRUE(ids(y2021).count(flood));

  // Entity by id and by a variant spelling, through the knowledge base.
  EXPECT_TRUE(ids(GetJson("/api/stories", {{"entity", "Vladimir_Putin"}})).count(truce));
  EXPECT_FALSE(ids(GetJson("/api/stories", {{"entity", "Vladimir_Putin"}})).count(flood));
  EXPECT_TRUE(ids(GetJson("/api/stories", {{"entity", "بوتن"}})).count(truce));
  EXPECT_TRUE(ids(GetJson("/api/stories", {{"country", "arm"}})).count(truce));
  EXPECT_FALSE(ids(GetJson("/api/stories", {{"country", "ARM"}})).count(flood));
  EXPECT_TRUE(ids(GetJson("/api/stories", {{"q", "السيول"}})).count(flood));
  EXPECT_FALSE(ids(GetJson("/api/stories", {{"q", "السيول"}})).count(truce));
  EXPECT_EQ(GetJson("/api/stories", {{"event_type", "no_such_type"}})["total"], 0);
  EXPECT_EQ(GetJson("/api/stories", {{"status", "no_such_status"}})["total"], 0);
  EXPECT_EQ(GetJson("/api/stories", {{"limit", "1"}})["stories"].size(), 1u);
  GetJson("/api/stories", {{"limit", "lots"}}, 400);

  // Each story's own event types and status filter back to it.
  for (const auto& s : all["stories"]) {
    for (const auto& et : s["event_types"])
      EXPECT_TRUE(ids(GetJson("/api/stories", {{"event_type", et.get<std::string>()}})).count(s["id"]));
    if (!s["status"].is_null())
      EXPECT_TRUE(ids(GetJson("/api/stories", {{"status", s["status"].get<std::string>()}})).count(s["id"]));
  }
}

TEST_F(ServiceTest, StoryPage) {
  const std::string truce = StoryOf("fx-1");
  json s = GetJson("/api/stories/" + truce);
  EXPECT_EQ(s["id"], truce);
  bool has_fx1 = false;
  for (const auto& a : s["articles"]) has_fx1 |= a["id"] == "fx-1";
  EXPECT_TRUE(has_fx1);
  EXPECT_TRUE(s["timeline"].is_array());
  EXPECT_TRUE(s["ceasefires"].is_array());
  EXPECT_TRUE(s["claims"].is_array());
  EXPECT_FALSE(s["sources"].empty());
  // Disputed is true exactly when sources give different values for a figure.
  std::map<std::string, std::set<double>> values;
  for (const auto& c : s["claims"]) values[c["what"]].insert(c["value"].get<double>());
  for (const auto& c : s["claims"]) EXPECT_EQ(c["disputed"].get<bool>(), values[c["what"]].size() > 1);
}

TEST_F(ServiceTest, EntitiesAndEntityPage) {
  json list = GetJson("/api/entities");
  ASSERT_FALSE(list["entities"].empty());
  json putin = GetJson("/api/entities", {{"q", "بوتن"}});
  ASSERT_GE(putin["total"].get<int>(), 1);
  EXPECT_EQ(putin["entities"][0]["entity"], "Vladimir_Putin");
  json e = GetJson("/api/entities/Vladimir_Putin");
  std::set<std::string> variants;
  for (const auto& v : e["variants"]) variants.insert(v["surface"]);
  EXPECT_TRUE(variants.count("فلاديمير بوتين") || variants.count("بوتين")) << e.dump();
  ASSERT_FALSE(e["stories"].empty());
  EXPECT_EQ(e["stories"][0]["id"], StoryOf("fx-1"));
  EXPECT_FALSE(e["kb_names"].empty());
  EXPECT_EQ(e["stories_total"].get<size_t>(), e["stories"].size());
  json capped = GetJson("/api/entities/Vladimir_Putin", {{"limit", "1"}});
  EXPECT_EQ(capped["stories"].size(), 1u);
  EXPECT_EQ(capped["stories_total"], e["stories_total"]);
  EXPECT_EQ(GetJson("/api/entities", {{"type", "PER"}})["total"].get<int>() <= list["total"].get<int>(), true);
}

TEST_F(ServiceTest, SearchSeesThroughHarakatCliticsAndInflection) {
  EXPECT_TRUE(HitIds(GetJson("/api/search", {{"q", "يوقع"}})).count("fx-1"));
  EXPECT_TRUE(HitIds(GetJson("/api/search", {{"q", "وقّع"}})).count("fx-1"));
  for (const char* q : {"الرئيس", "رئيس", "والرئيس"}) EXPECT_TRUE(HitIds(GetJson("/api/search", {{"q", q}})).count("fx-1")) << q;
  json j = GetJson("/api/search", {{"q", "يوقع"}});
  EXPECT_NE(j["hits"][0]["snippet_html"].get<std::string>().find("<mark>"), std::string::npos);
}

TEST_F(ServiceTest, SearchFindsANameWhateverItsSpelling) {
  // بوتن: fx-2 writes it so, fx-1 writes بوتين; the knowledge base joins them.
  json j = GetJson("/api/search", {{"q", "بوتن"}});
  std::set<std::string> ids = HitIds(j);
  EXPECT_TRUE(ids.count("fx-1")) << j.dump();
  EXPECT_TRUE(ids.count("fx-2")) << j.dump();
  EXPECT_FALSE(ids.count("fx-3"));
  ASSERT_FALSE(j["entities"].empty());
  EXPECT_EQ(j["entities"][0]["entity"], "Vladimir_Putin");
  // Date range applies.
  EXPECT_TRUE(HitIds(GetJson("/api/search", {{"q", "بوتن"}, {"from", "2021-01-01"}})).empty());
}

TEST_F(ServiceTest, SnippetsAreEscaped) {
  json j = GetJson("/api/search", {{"q", "الخرطوم"}});
  bool saw = false;
  for (const auto& h : j["hits"]) {
    const std::string html = h["snippet_html"];
    EXPECT_EQ(html.find("<script"), std::string::npos) << html;
    EXPECT_EQ(html.find("<b>"), std::string::npos) << html;
    if (h["article"] == "fx-4") {
      saw = true;
      EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos) << html;
    }
  }
  EXPECT_TRUE(saw);
  EXPECT_EQ(SnippetToHtml("a\x01" "b\x02<c>\x02\x01", "\x01", "\x02"), "a<mark>b</mark>&lt;c&gt;<mark></mark>");
  EXPECT_EQ(SnippetToHtml("\x01\x01x", "\x01", "\x02"), "<mark>x</mark>");
}

TEST_F(ServiceTest, HostileSearchInput) {
  for (const std::string& q : std::vector<std::string>{"\"", "\"\"\"", "*", "NEAR(", "a OR", ") AND (", "^", "-", "title:x", "'; DROP TABLE articles;--",
                              std::string(1000, 'x'), "{}[]", "الرئيس\" OR \"x", "\xD8"}) {
    Response r = Get("/api/search", {{"q", q}});
    EXPECT_TRUE(r.status == 200 || r.status == 400) << q << " -> " << r.status << " " << r.body;
    json j = json::parse(r.body);
    if (r.status == 400) {
      EXPECT_TRUE(j.contains("error"));
    }
  }
  EXPECT_EQ(Get("/api/search", {{"q", std::string(2000, 'x')}}).status, 400);
  EXPECT_EQ(Get("/api/search", {{"q", "\xFF\xFE"}}).status, 400);
  EXPECT_EQ(Get("/api/search", {{"q", std::string("a\0b", 3)}}).status, 400);
  EXPECT_EQ(Get("/api/search").status, 400);
  EXPECT_EQ(GetJson("/api/health")["articles"], 4);  // nothing dropped
}

TEST_F(ServiceTest, ExportDownloads) {
  Response r = Get("/api/export/mentions.csv");
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(r.writer);
  EXPECT_NE(r.headers["Content-Disposition"].find("marsad-mentions.csv"), std::string::npos);
  std::ostringstream out;
  EXPECT_TRUE(r.writer(out));
  EXPECT_EQ(out.str().rfind("article,start,end,surface,type,entity,name\r\n", 0), 0u);
  Response j = Get("/api/export/stories.jsonl");
  std::ostringstream jo;
  ASSERT_TRUE(j.writer && j.writer(jo));
  std::istringstream lines(jo.str());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    json row = json::parse(line);
    EXPECT_TRUE(row.contains("story"));
    ++n;
  }
  EXPECT_GE(n, 2);
}

TEST_F(ServiceTest, StaticFilesAndTraversal) {
  Response index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.content_type.find("text/html"), std::string::npos);
  EXPECT_EQ(Get("/app.js").content_type.rfind("text/javascript", 0), 0u);
  EXPECT_EQ(Get("/sub/page.html").body, "sub page");
  for (const char* p : {"/../secret.txt", "/sub/../../secret.txt", "/..", "/sub/..%2f..%2fsecret.txt", "/link/secret.txt",
                        "/./../secret.txt", "/..\\secret.txt", "//etc/passwd", "/sub/../../../../../../etc/passwd"}) {
    Response r = Get(p);
    EXPECT_EQ(r.status, 404) << p;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << p;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << p;
  }
  EXPECT_EQ(Get("/missing.html").status, 404);
  EXPECT_EQ(index.headers.count("Content-Security-Policy"), 1u);
}

TEST_F(ServiceTest, WriteTokenEnforced) {
  Request r;
  r.method = "POST";
  r.path = "/api/ingest";
  r.body = t::FixtureJsonl();
  EXPECT_EQ(service_->Handle(r).status, 401);
  r.headers["Authorization"] = "Bearer wrong-token-123456";
  EXPECT_EQ(service_->Handle(r).status, 401);
  r.headers["Authorization"] = std::string("Basic ") + t::kToken;
  EXPECT_EQ(service_->Handle(r).status, 401);
  r.headers.clear();
  r.headers["authorization"] = std::string("Bearer ") + t::kToken;  // header names in any case
  Response ok = service_->Handle(r);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["inserted"], 0);  // all already stored
  EXPECT_EQ(json::parse(ok.body)["already_stored"], 4);
  // Bad lines are reported, not fatal.
  r.body = "not json\n{\"id\": \"x\"}\n";
  Response bad = service_->Handle(r);
  EXPECT_EQ(bad.status, 200) << bad.body;
  EXPECT_EQ(json::parse(bad.body)["rejected"].size(), 2u);
  // GET on ingest, POST elsewhere.
  EXPECT_EQ(Get("/api/ingest").status, 405);
  Request post;
  post.method = "POST";
  post.path = "/api/stories";
  EXPECT_EQ(service_->Handle(post).status, 405);
  EXPECT_EQ(GetJson("/api/health")["articles"], 4);
}

TEST_F(ServiceTest, BodySizeLimit) {
  Request r;
  r.method = "POST";
  r.path = "/api/ingest";
  r.headers["Authorization"] = std::string("Bearer ") + t::kToken;
  r.body.assign((8u << 20) + 1, 'x');
  EXPECT_EQ(service_->Handle(r).status, 413);
}

TEST(ServiceStandalone, ReadOnlyWithoutTokenAndRateLimited) {
  t::TempDir dir;
  ServiceOptions o;
  o.db = (dir.path() / "s.db").string();
  o.rate_per_second = 0.001;  // refills far slower than the test runs: no timing
  o.rate_burst = 3;
  o.load_kb = false;
  auto s = Service::Create(o);
  ASSERT_TRUE(s.ok()) << s.status().message();
  Request post;
  post.method = "POST";
  post.path = "/api/ingest";
  post.headers["Authorization"] = "Bearer anything-at-all";
  post.body = t::FixtureJsonl();
  post.remote_addr = "10.0.0.1";
  Response ro = (*s)->Handle(post);
  EXPECT_EQ(ro.status, 403);
  EXPECT_NE(json::parse(ro.body)["error"].get<std::string>().find("read-only"), std::string::npos);
  Request get;
  get.path = "/api/health";
  get.remote_addr = "10.0.0.2";
  int ok = 0, limited = 0;
  for (int i = 0; i < 6; ++i) {
    Response r = (*s)->Handle(get);
    (r.status == 200 ? ok : limited) += 1;
    if (r.status == 429) {
      EXPECT_TRUE(json::parse(r.body).contains("error"));
    }
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(limited, 3);
  get.remote_addr = "10.0.0.3";  // other clients are not affected
  EXPECT_EQ((*s)->Handle(get).status, 200);
  // No UI directory: static paths are JSON 404s.
  get.path = "/index.html";
  EXPECT_EQ((*s)->Handle(get).status, 404);
}

TEST(ServiceStandalone, BadOptions) {
  ServiceOptions o;
  EXPECT_FALSE(Service::Create(o).ok());
  t::TempDir dir;
  o.db = (dir.path() / "s.db").string();
  o.web_dir = (dir.path() / "no-such-web").string();
  o.load_kb = false;
  EXPECT_FALSE(Service::Create(o).ok());
  o.web_dir.clear();
  o.write_token = "short";
  auto s = Service::Create(o);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("at least 8"), std::string::npos);
}

TEST(ServiceStandalone, WatchStatusAndAlerts) {
  t::TempDir dir;
  ServiceOptions o;
  o.db = (dir.path() / "s.db").string();
  o.load_kb = false;
  o.rate_per_second = 0;
  auto s = Service::Create(o);
  ASSERT_TRUE(s.ok()) << s.status().message();
  Request get;
  get.path = "/api/watch";
  // Nothing watched yet: an empty list and a hint, not an error.
  Response none = (*s)->Handle(get);
  ASSERT_EQ(none.status, 200) << none.body;
  json j = json::parse(none.body);
  EXPECT_FALSE(j["watching"].get<bool>());
  EXPECT_TRUE(j["sources"].empty());
  EXPECT_NE(j["message"].get<std::string>().find("marsad watch"), std::string::npos);
  {
    auto st = watch::WatchState::Open(o.db + ".watch");
    ASSERT_TRUE(st.ok()) << st.status().message();
    watch::SourceState good;
    good.source = "https://news.example/feed.xml";
    good.last_success = "2026-11-22T18:00:00Z";
    good.articles = 7;
    good.polls = 3;
    good.not_modified = 1;
    good.next_due = 1795377600;
    watch::SourceState bad;
    bad.source = "https://down.example/rss";
    bad.last_error = "HTTP 500";
    bad.last_error_at = "2026-11-22T18:01:00Z";
    bad.failures = 2;
    ASSERT_TRUE((*st)->PutSource(good).ok());
    ASSERT_TRUE((*st)->PutSource(bad).ok());
  }
  Response r = (*s)->Handle(get);
  ASSERT_EQ(r.status, 200) << r.body;
  j = json::parse(r.body);
  EXPECT_TRUE(j["watching"].get<bool>());
  ASSERT_EQ(j["sources"].size(), 2u);
  EXPECT_EQ(j["totals"]["failing"], 1);
  EXPECT_EQ(j["totals"]["articles"], 7);
  for (const auto& src : j["sources"]) {
    if (src["source"] == "https://down.example/rss") {
      EXPECT_EQ(src["state"], "failing");
      EXPECT_EQ(src["last_error"], "HTTP 500");
      EXPECT_TRUE(src["last_success"].is_null());
    } else {
      EXPECT_EQ(src["state"], "ok");
      EXPECT_EQ(src["articles"], 7);
      EXPECT_EQ(src["not_modified"], 1);
      EXPECT_EQ(src["next_due"], "2026-11-22T20:00:00Z");
    }
  }

  // Alerts: newest first, a torn last line skipped, limit honoured.
  get.path = "/api/alerts";
  EXPECT_TRUE(json::parse((*s)->Handle(get).body)["alerts"].empty());
  {
    std::ofstream log(o.db + ".alerts.jsonl");
    log << R"({"time":"2026-11-22T18:00:00Z","rule":"new_ceasefire_story","story":"s1","change":"new"})" << "\n";
    log << R"({"time":"2026-11-22T18:05:00Z","rule":"ceasefire_status_change","story":"s1","change":"violated"})" << "\n";
    log << R"({"time":"2026-11-22T18:06:00Z","rule":"men)";
  }
  json alerts = json::parse((*s)->Handle(get).body)["alerts"];
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0]["change"], "violated");
  get.query["limit"] = "1";
  EXPECT_EQ(json::parse((*s)->Handle(get).body)["alerts"].size(), 1u);
  get.query["limit"] = "x";
  EXPECT_EQ((*s)->Handle(get).status, 400);

  // Not a watch state: a JSON error without internals.
  {
    std::ofstream(o.db + ".watch", std::ios::trunc) << "garbage, not SQLite";
  }
  std::filesystem::remove(o.db + ".watch-wal");
  std::filesystem::remove(o.db + ".watch-shm");
  get.path = "/api/watch";
  get.query.clear();
  Response broken = (*s)->Handle(get);
  EXPECT_EQ(broken.status, 500);
  EXPECT_TRUE(json::parse(broken.body).contains("error"));
}

// Options of a writable service on a new store in `dir`, without its own KB.
ServiceOptions WritableOptions(const t::TempDir& dir) {
  ServiceOptions o;
  o.db = (dir.path() / "s.db").string();
  o.load_kb = false;
  o.rate_per_second = 0;
  o.write_token = t::kToken;
  return o;
}

Response PostIngest(Service& s, const std::string& body) {
  Request r;
  r.method = "POST";
  r.path = "/api/ingest";
  r.headers["Authorization"] = std::string("Bearer ") + t::kToken;
  r.body = body;
  return s.Handle(r);
}

TEST(ServiceStandalone, CachedAnswersFollowNewArticles) {
  t::TempDir dir;
  auto s = Service::Create(WritableOptions(dir));
  ASSERT_TRUE(s.ok()) << s.status().message();
  auto post = [&](const std::string& body) { return PostIngest(**s, body); };
  ASSERT_EQ(post(t::FixtureJsonl()).status, 200);
  Request search;
  search.path = "/api/search";
  search.query["q"] = "الخرطوم";
  const json before = json::parse((*s)->Handle(search).body);
  EXPECT_EQ(json::parse((*s)->Handle(search).body), before);  // answered again, the same
  Request stories;
  stories.path = "/api/stories";
  const int total_before = json::parse((*s)->Handle(stories).body)["total"].get<int>();
  json a = {{"id", "fx-new"}, {"source", "نشرة"}, {"published", "2022-07-01"},
            {"text", "زلزال في الخرطوم\nضرب زلزال قوي مدينة الخرطوم صباح الجمعة الأول من يوليو 2022."}};
  ASSERT_EQ(post(a.dump() + "\n").status, 200);
  const json after = json::parse((*s)->Handle(search).body);
  EXPECT_EQ(after["total"].get<int>(), before["total"].get<int>() + 1);
  EXPECT_EQ(json::parse((*s)->Handle(stories).body)["total"].get<int>(), total_before + 1);
  Request one;
  one.path = "/api/articles/fx-new";
  EXPECT_EQ((*s)->Handle(one).status, 200);
}

// The entity list folds in only the articles each ingest adds; what it gives
// must be what a list built at once over the whole store gives.
TEST(ServiceStandalone, EntityListAfterTwoIngestsIsTheFullOne) {
  t::TempDir dir;
  const ServiceOptions o = WritableOptions(dir);
  auto s = Service::Create(o);
  ASSERT_TRUE(s.ok()) << s.status().message();
  std::vector<std::string> lines;
  std::istringstream fixture(t::FixtureJsonl());
  for (std::string l; std::getline(fixture, l);) lines.push_back(l + "\n");
  ASSERT_EQ(lines.size(), 4u);
  Request list;
  list.path = "/api/entities";
  list.query["limit"] = "1000";
  auto putin_articles = [](const json& j) {
    for (const auto& e : j["entities"])
      if (e["entity"] == "Vladimir_Putin") return e["articles"].get<int>();
    return 0;
  };

  ASSERT_EQ(PostIngest(**s, lines[0] + lines[2]).status, 200);
  const json first = json::parse((*s)->Handle(list).body);
  EXPECT_EQ(putin_articles(first), 1);
  // The second step adds articles to entities already listed and new ones.
  json more = {{"id", "fx-5"}, {"source", "نشرة"}, {"published", "2020-10-11"},
               {"text", "قال الرئيس الروسي فلاديمير بوتين إن الهدنة بين أرمينيا وأذربيجان صامدة في الخرطوم."}};
  ASSERT_EQ(PostIngest(**s, lines[1] + lines[3] + more.dump() + "\n").status, 200);
  const json second = json::parse((*s)->Handle(list).body);
  EXPECT_GT(putin_articles(second), putin_articles(first));

  // From scratch: a new server on the same store, and the store's own list.
  ServiceOptions read_only = o;
  read_only.write_token.clear();
  auto fresh = Service::Create(read_only);
  ASSERT_TRUE(fresh.ok()) << fresh.status().message();
  EXPECT_EQ(json::parse((*fresh)->Handle(list).body), second);
  auto st = store::Store::Open(o.db);
  ASSERT_TRUE(st.ok()) << st.status().message();
  auto rows = (*st)->ListEntities();
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(second["entities"].size(), rows->size());
  EXPECT_EQ(second["total"].get<size_t>(), rows->size());
  for (size_t i = 0; i < rows->size(); ++i) {
    const store::EntityRow& want = (*rows)[i];
    const json& got = second["entities"][i];
    EXPECT_EQ(got["entity"], want.entity) << i;
    EXPECT_EQ(got["articles"], want.articles) << want.entity;
    EXPECT_EQ(got["name"], want.name) << want.entity;
    EXPECT_EQ(got["type"], want.type) << want.entity;
    EXPECT_EQ(got["country"], want.country.empty() ? json() : json(want.country)) << want.entity;
    ASSERT_EQ(got["variants"].size(), std::min<size_t>(5, want.variants.size())) << want.entity;
    for (size_t v = 0; v < got["variants"].size(); ++v) {
      EXPECT_EQ(got["variants"][v]["surface"], want.variants[v].first) << want.entity;
      EXPECT_EQ(got["variants"][v]["count"], want.variants[v].second) << want.entity;
    }
  }
}

}  // namespace
}  // namespace marsad::serve
