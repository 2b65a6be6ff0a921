// PostgresStore against a throw-away server started by scripts/pg-test-cluster
// (skipped when PostgreSQL is not installed or marsad was built without
// libpqxx). Articles are written for these tests.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "marsad/store/store.h"

#ifdef MARSAD_HAVE_PQXX
#include "marsad/store/postgres_store.h"
#endif

namespace marsad::store {
namespace {

#ifdef MARSAD_HAVE_PQXX

std::string Shell(const std::string& cmd, int* rc) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) {
    *rc = -1;
    return out;
  }
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int st = ::pclose(p);
  *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// One server for the whole binary; each test gets a fresh database.
class PgServer : public ::testing::Environment {
 public:
  static inline std::string dir, uri, skip_reason;
  void SetUp() override {
    char tmpl[] = "/tmp/marsad-pgtest-XXXXXX";
    if (!::mkdtemp(tmpl)) {
      skip_reason = "cannot create a temp dir";
      return;
    }
    dir = tmpl;
    int rc = 0;
    uri = Shell(std::string(MARSAD_SOURCE_DIR) + "/scripts/pg-test-cluster start " + dir + " 2>&1", &rc);
    if (rc != 0) {
      skip_reason = rc == 77 ? "PostgreSQL is not installed" : "cannot start a PostgreSQL server: " + uri;
      uri.clear();
    }
  }
  void TearDown() override {
    if (dir.empty()) return;
    int rc = 0;
    Shell(std::string(MARSAD_SOURCE_DIR) + "/scripts/pg-test-cluster stop " + dir + " 2>&1", &rc);
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};
const auto* const kServer = ::testing::AddGlobalTestEnvironment(new PgServer);

Article MakeArticle(std::string id, std::string text, std::string published = "2020-10-10") {
  Article a;
  a.id = std::move(id);
  a.url = "https://example.org/" + a.id;
  a.source = "example.org";
  a.published = std::move(published);
  a.title = "خبر " + a.id;
  a.language = "ar";
  a.format = "txt";
  a.origin = "test";
  a.text = std::move(text);
  a.body = {0, static_cast<uint32_t>(a.text.size())};
  return a;
}

void AddMention(Article& a, std::string_view surface, std::string entity, std::string name, EntityType type) {
  const size_t at = a.text.find(surface);
  ASSERT_NE(at, std::string::npos);
  Mention m;
  m.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + surface.size())};
  m.entity = std::move(entity);
  m.name = std::move(name);
  m.type = type;
  a.mentions.push_back(m);
}

StoryRecord MakeStory(std::string id, std::vector<std::string> members, std::string state) {
  StoryRecord s;
  s.id = std::move(id);
  s.title = "قصة " + s.id;
  s.first_seen = "2020-10-10";
  s.last_seen = "2020-10-11";
  s.articles = std::move(members);
  s.state = std::move(state);
  return s;
}

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (PgServer::uri.empty()) GTEST_SKIP() << PgServer::skip_reason;
    // A database per test: CREATE DATABASE cannot run in a transaction.
    static int n = 0;
    db_ = "t" + std::to_string(++n) + "_" + std::to_string(::getpid());
    int rc = 0;
    const std::string port = PgServer::uri.substr(PgServer::uri.find("port=") + 5,
                                                  PgServer::uri.find("&user") - PgServer::uri.find("port=") - 5);
    Shell("psql -q -X -h " + PgServer::dir + " -p " + port + " -U marsad -d postgres -c 'CREATE DATABASE " + db_ +
            "' 2>&1",
        &rc);
    ASSERT_EQ(rc, 0) << "createdb failed";
    uri_ = "postgresql:///" + db_ + PgServer::uri.substr(PgServer::uri.find('?'));
  }
  std::unique_ptr<Store> Open() {
    auto s = Store::Open(uri_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  std::string db_, uri_;
};

TEST_F(PostgresStoreTest, EveryArrivalIsASource) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::string truce = "أعلن الوسطاء هدنة إنسانية لمدة ثلاثة أيام تبدأ فجر الجمعة في المدينة.";
  const std::string other = "نص آخر لم يخزن في هذا المخزن.";
  Article page = MakeArticle("h1", truce);
  page.format = "html";
  page.origin = "in/truce.html";
  auto arrival = [](std::string id, const std::string& text, std::string format, std::string path) {
    return DuplicateArrival{std::move(id), ContentHash(text), {"", "", "example.org", std::move(format), std::move(path), ""}};
  };
  auto r1 = store->Commit({page}, {},
                          {arrival("f1", truce, "rss", "in/feed.rss"), arrival("nobody", other, "txt", "in/lost.txt")});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  Article again = MakeArticle("j1", truce);
  again.format = "jsonl";
  again.origin = "in/dump.jsonl:7";
  auto r2 = store->Commit({again}, {}, {arrival("w1", truce, "warc", "in/crawl.warc.gz")});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  auto sources = store->ListSources("h1");
  ASSERT_TRUE(sources.ok()) << sources.status().ToString();
  std::vector<std::string> got;
  for (const auto& s : *sources) {
    got.push_back(s.format + " " + s.path);
    EXPECT_EQ(s.article, "h1");
    EXPECT_EQ(s.first_seen.size(), 20u);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"html in/truce.html", "rss in/feed.rss", "jsonl in/dump.jsonl",
                                           "warc in/crawl.warc.gz"}));
  // Re-reading the same inputs adds nothing.
  ASSERT_TRUE(store->Commit({page, again}, {}, {arrival("f1", truce, "rss", "in/feed.rss")}).ok());
  EXPECT_EQ(store->ListSources("h1")->size(), 4u);
  EXPECT_TRUE(store->ListSources("nobody")->empty());

  // An old (schema 1) store opens and gets the table, with its articles' own arrivals.
  store.reset();
  int rc = 0;
  const std::string port = PgServer::uri.substr(PgServer::uri.find("port=") + 5,
                                                PgServer::uri.find("&user") - PgServer::uri.find("port=") - 5);
  Shell("psql -q -X -h " + PgServer::dir + " -p " + port + " -U marsad -d " + db_ +
            " -c \"DROP TABLE article_sources; UPDATE meta SET value = '1' WHERE key = 'schema_version'\" 2>&1",
        &rc);
  ASSERT_EQ(rc, 0);
  store = Open();
  ASSERT_TRUE(store);
  sources = store->ListSources("h1");
  ASSERT_TRUE(sources.ok()) << sources.status().ToString();
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].path, "in/truce.html");
  EXPECT_EQ((*sources)[0].first_seen, "");
}

TEST_F(PostgresStoreTest, CommitDedupAndRoundTrip) {
  auto store = Open();
  ASSERT_TRUE(store);
  Article a = MakeArticle("a1", "أعلن وزير الخارجية الروسي سيرغي لافروف وقف إطلاق النار في ناغورنو قره باغ.");
  AddMention(a, "سيرغي لافروف", "Q80137", "Sergey Lavrov", EntityType::kPER);
  a.story = "s000001";
  Article b = MakeArticle("a2", "واصلت القوات الأذربيجانية تقدمها في الإقليم رغم الهدنة الإنسانية.");
  b.story = "s000001";
  std::string state("\x01\x00\xff\x7f", 4);  // bytea must keep NUL and high bytes
  auto r = store->Commit({a, b}, {MakeStory("s000001", {"a1", "a2"}, state)});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->inserted.size(), 2u);

  // Same id, and same content under another id: both skipped.
  Article same_content = MakeArticle("a3", a.text);
  auto again = store->Commit({a, same_content}, {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->inserted.empty());
  EXPECT_EQ(again->skipped.size(), 2u);
  EXPECT_EQ(*store->CountArticles(), 2);
  EXPECT_TRUE(*store->Contains("a1", 0));
  EXPECT_TRUE(*store->Contains("nope", ContentHash(b.text)));
  EXPECT_FALSE(*store->Contains("nope", 42));

  auto got = store->GetArticle("a1");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->text, a.text);
  EXPECT_EQ((*got)->title, a.title);
  EXPECT_EQ((*got)->story, "s000001");
  ASSERT_EQ((*got)->mentions.size(), 1u);
  EXPECT_EQ((*got)->mentions[0].entity, "Q80137");
  EXPECT_FALSE(store->GetArticle("zz")->has_value());

  auto stories = store->ListStories();
  ASSERT_TRUE(stories.ok());
  ASSERT_EQ(stories->size(), 1u);
  EXPECT_EQ((*stories)[0].state, state);
  EXPECT_EQ((*stories)[0].articles, (std::vector<std::string>{"a1", "a2"}));
  auto one = store->GetStory("s000001");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->title, "قصة s000001");

  auto entities = store->ListEntities();
  ASSERT_TRUE(entities.ok());
  ASSERT_EQ(entities->size(), 1u);
  EXPECT_EQ((*entities)[0].name, "Sergey Lavrov");
  EXPECT_EQ((*entities)[0].articles, 1);
  EXPECT_TRUE(store->GetEntity("Q80137")->has_value());
  EXPECT_FALSE(store->GetEntity("Q1")->has_value());
}

TEST_F(PostgresStoreTest, ForEachArticlePagesInIngestOrderAndAllowsCallbacks) {
  auto store = Open();
  ASSERT_TRUE(store);
  std::vector<Article> batch;
  for (int i = 0; i < 1100; ++i) batch.push_back(MakeArticle("n" + std::to_string(i), "نص رقم " + std::to_string(i)));
  ASSERT_TRUE(store->Commit(batch, {}).ok());
  int seen = 0;
  bool order_ok = true;
  Status st = store->ForEachArticle([&](const Article& a) {
    order_ok &= a.id == "n" + std::to_string(seen);
    ++seen;
    return store->GetArticle(a.id).ok();  // a callback into the store
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(seen, 1100);
  EXPECT_TRUE(order_ok);
}

TEST_F(PostgresStoreTest, SearchSeesThroughHarakatAndRanksTitles) {
  auto store = Open();
  ASSERT_TRUE(store);
  Article a = MakeArticle("x1", "وقّعت الأطراف اتفاقاً لوقف إطلاق النار في العاصمة.", "2020-10-10");
  Article b = MakeArticle("x2", "ناقش البرلمان الميزانية السنوية دون التطرق إلى الحرب.", "2021-01-05");
  b.title = "اتفاق جديد";
  ASSERT_TRUE(store->Commit({a, b}, {}).ok());
  // Harakat and hamza forms are normalized away (the `arabic` stemmer does
  // not strip every clitic: لوقف stays one lexeme, see docs/SCALE.md).
  auto hits = store->Search("إِطْلَاق", {});
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].article, "x1");
  EXPECT_NE((*hits)[0].snippet.find("["), std::string::npos) << (*hits)[0].snippet;

  SearchOptions later;
  later.date_from = "2020-12";
  auto filtered = store->Search("الميزانية", later);
  ASSERT_TRUE(filtered.ok());
  EXPECT_EQ(filtered->size(), 1u);
  later.date_from = "";
  later.date_to = "2020";
  filtered = store->Search("الميزانية", later);
  ASSERT_TRUE(filtered.ok());
  EXPECT_TRUE(filtered->empty());
  EXPECT_TRUE(store->Search("   ", {})->empty());
}

TEST_F(PostgresStoreTest, HostileQueriesNeverError) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit({MakeArticle("h1", "وقّعت الأطراف اتفاقاً لوقف إطلاق النار.", "2020-10-10")}, {}).ok());
  using namespace std::string_literals;
  const std::string hostile[] = {"\0"s, "إطلاق\0النار"s, "\xff\xfe\x80", "\xd9", "\"", "\"\"\"", "NEAR(a b, 2)",
                                 "a AND NOT b", "*", "^", ":", "(((", "!", "&|", "'; DROP TABLE articles; --",
                                 "\\", std::string(100 * 1024, '(') + "إطلاق"};
  for (const std::string& q : hostile) {
    auto r = store->Search(q, {});
    EXPECT_TRUE(r.ok()) << "query [" << q.substr(0, 40) << "]: " << r.status().ToString();
  }
}

TEST_F(PostgresStoreTest, BeginAssignReturnsOnlyOtherWritersStories) {
  auto w1 = Open();
  auto w2 = Open();
  ASSERT_TRUE(w1 && w2);
  ASSERT_TRUE(w1->ListStories().ok());
  ASSERT_TRUE(w2->ListStories().ok());

  auto c1 = w1->BeginAssign();
  ASSERT_TRUE(c1.ok()) << c1.status().ToString();
  EXPECT_TRUE(c1->empty());
  ASSERT_TRUE(w1->Commit({MakeArticle("p1", "نص أول للاختبار")}, {MakeStory("s000001", {"p1"}, "A")}).ok());

  // w2 sees w1's story; w1's next sync sees nothing new (it wrote it).
  auto c2 = w2->BeginAssign();
  ASSERT_TRUE(c2.ok());
  ASSERT_EQ(c2->size(), 1u);
  EXPECT_EQ((*c2)[0].state, "A");
  ASSERT_TRUE(w2->Commit({MakeArticle("p2", "نص ثان للاختبار")},
                         {MakeStory("s000001", {"p1", "p2"}, "B"), MakeStory("s000002", {}, "C")})
                  .ok());
  auto c3 = w1->BeginAssign();
  ASSERT_TRUE(c3.ok());
  ASSERT_EQ(c3->size(), 2u);
  EXPECT_EQ((*c3)[0].state, "B");
  EXPECT_EQ((*c3)[1].id, "s000002");
  ASSERT_TRUE(w1->Commit({}, {}).ok());
  EXPECT_TRUE(w1->BeginAssign()->empty());
  EXPECT_FALSE(w1->BeginAssign().ok());  // twice without a commit
  ASSERT_TRUE(w1->Commit({}, {}).ok());
  // Creation order is kept across updates.
  auto all = w2->ListStories();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "s000001");
}

TEST_F(PostgresStoreTest, BadInputGivesStatus) {
  auto store = Open();
  ASSERT_TRUE(store);
  Article no_id = MakeArticle("", "نص");
  EXPECT_FALSE(store->Commit({no_id}, {}).ok());
  Article nul = MakeArticle("z", std::string("a\0b", 3));
  EXPECT_FALSE(store->Commit({nul}, {}).ok());
  // The store stays usable after a failed commit.
  EXPECT_TRUE(store->Commit({MakeArticle("ok", "نص سليم")}, {}).ok());
  auto bad = Store::Open("postgresql:///nodb?host=/nonexistent&port=1");
  EXPECT_FALSE(bad.ok());
}

#else

TEST(PostgresStoreTest, UnavailableWithoutLibpqxx) {
  auto s = Store::Open("postgresql:///x");
  EXPECT_FALSE(s.ok());
}

#endif

}  // namespace
}  // namespace marsad::store
