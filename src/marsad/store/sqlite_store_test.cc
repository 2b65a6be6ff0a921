#include "marsad/store/sqlite_store.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "marsad/core/article_json.h"
#include "marsad/text/tokenizer.h"

namespace marsad::store {
namespace {

namespace fs = std::filesystem;

// A fresh database path per test, removed (with its WAL files) afterwards.
class TempDb {
 public:
  TempDb() {
    static int counter = 0;
    dir_ = fs::path(testing::TempDir()) /
           ("marsad_store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir_);
    path_ = (dir_ / "marsad.db").string();
  }
  ~TempDb() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  const std::string& path() const { return path_; }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  std::string path_;
};

std::unique_ptr<SqliteStore> MustOpen(const std::string& path) {
  auto s = SqliteStore::Open(path);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return nullptr;
  return std::move(s).value();
}

// Articles written for these tests (not taken from any corpus).
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

// Adds a mention of the first occurrence of `surface`.
void Mention(Article& a, std::string_view surface, std::string entity, std::string name, EntityType type,
             std::string country = "") {
  const size_t at = a.text.find(surface);
  ASSERT_NE(at, std::string::npos) << surface;
  marsad::Mention m;
  m.span = {static_cast<uint32_t>(at), static_cast<uint32_t>(at + surface.size())};
  m.entity = std::move(entity);
  m.name = std::move(name);
  m.type = type;
  m.country = std::move(country);
  a.mentions.push_back(m);
}

int64_t QueryInt(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  int64_t v = -1;
  if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return v;
}

void ExecRaw(sqlite3* db, const char* sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> Ids(const std::vector<SearchHit>& hits) {
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(h.article);
  return ids;
}

const char* kTruce =
    "قال مسؤول إن الطرفين سيُوقِّعان اتفاق الهدنة في الدوحة، وأكد والرئيسُ الجديد أن الهدنة ستبدأ ظهر السبت.";
const char* kTalks = "عقد الوفدان جولة محادثات جديدة في جنيف دون نتائج تذكر، وفق بيان رسمي.";
const char* kSigned = "سيُوقَّع الاتفاق غداً بحضور الوسطاء في القاهرة.";

TEST(SqliteStore, OpenMigratesAndReopens) {
  TempDb db;
  {
    auto store = MustOpen(db.path());
    ASSERT_TRUE(store);
    EXPECT_EQ(store->schema_version(), SqliteStore::LatestSchemaVersion());
    EXPECT_EQ(QueryInt(store->db(), "PRAGMA foreign_keys"), 1);
    auto r = store->Commit({MakeArticle("a1", kTruce)}, {});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), SqliteStore::LatestSchemaVersion());
  auto n = store->CountArticles();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  // WAL journaling persists in the file.
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "wal");
  sqlite3_finalize(s);
  EXPECT_EQ(QueryInt(raw, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'"),
            SqliteStore::LatestSchemaVersion());
  sqlite3_close(raw);
}

TEST(SqliteStore, StoreOpenDispatchesOnUri) {
  TempDb db;
  auto s = Store::Open(db.path());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  // A postgresql:// URI goes to the PostgreSQL store (or, in a build without
  // libpqxx, to a message saying so), never to SQLite: port 1 has no server.
  auto pg = Store::Open("postgresql://user@127.0.0.1:1/marsad?connect_timeout=2");
  ASSERT_FALSE(pg.ok());
  EXPECT_NE(pg.status().code(), StatusCode::kOk);
  EXPECT_NE(pg.status().message().find("PostgreSQL"), std::string::npos) << pg.status().message();
}

TEST(SqliteStore, RefusesNewerSchema) {
  TempDb db;
  {
    auto store = MustOpen(db.path());
    ASSERT_TRUE(store);
    ExecRaw(store->db(), "UPDATE meta SET value='99' WHERE key='schema_version'");
  }
  auto s = SqliteStore::Open(db.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("newer"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find(db.path()), std::string::npos) << s.status().message();
}

TEST(SqliteStore, NonSqliteFileGivesClearError) {
  TempDb db;
  {
    std::ofstream out(db.path(), std::ios::binary);
    for (int i = 0; i < 200; ++i) out << "this is a plain text file, not a database\n";
  }
  const auto size_before = fs::file_size(db.path());
  auto s = SqliteStore::Open(db.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kDataLoss) << s.status().ToString();
  EXPECT_NE(s.status().message().find(db.path()), std::string::npos) << s.status().message();
  // The file is left untouched.
  EXPECT_EQ(fs::file_size(db.path()), size_before);
}

TEST(SqliteStore, TruncatedHeaderGivesClearError) {
  TempDb db;
  {
    std::ofstream out(db.path(), std::ios::binary);
    out << "SQLite format 3";  // 15 bytes: looks like SQLite, is not
    out << std::string(200, '\xee');
  }
  auto s = SqliteStore::Open(db.path());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(db.path()), std::string::npos) << s.status().message();
}

TEST(SqliteStore, ForeignSqliteDatabaseIsNotModified) {
  TempDb db;
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &raw), SQLITE_OK);
  ExecRaw(raw, "CREATE TABLE contacts(name TEXT)");
  sqlite3_close(raw);
  auto s = SqliteStore::Open(db.path());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("another program"), std::string::npos) << s.status().message();
  ASSERT_EQ(sqlite3_open(db.path().c_str(), &raw), SQLITE_OK);
  EXPECT_EQ(QueryInt(raw, "SELECT count(*) FROM sqlite_schema"), 1);
  sqlite3_close(raw);
}

TEST(SqliteStore, BadPathsGiveClearErrors) {
  TempDb db;
  auto dir = SqliteStore::Open(db.dir().string());
  ASSERT_FALSE(dir.ok());
  EXPECT_NE(dir.status().message().find("directory"), std::string::npos);
  const std::string missing = (db.dir() / "no" / "such" / "dir" / "x.db").string();
  auto m = SqliteStore::Open(missing);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), StatusCode::kIoError);
  EXPECT_NE(m.status().message().find(missing), std::string::npos) << m.status().message();
  EXPECT_EQ(SqliteStore::Open("").status().code(), StatusCode::kInvalidArgument);
}

TEST(SqliteStore, TwoConnectionsShareOneFile) {
  TempDb db;
  auto first = MustOpen(db.path());
  auto second = MustOpen(db.path());
  ASSERT_TRUE(first && second);
  auto r1 = first->Commit({MakeArticle("a1", kTruce)}, {});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  // The second writer sees the first one's article and skips it.
  auto r2 = second->Commit({MakeArticle("b1", kTruce), MakeArticle("b2", kTalks)}, {});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->skipped, (std::vector<std::string>{"b1"}));
  EXPECT_EQ(*first->CountArticles(), 2);
  EXPECT_EQ(Ids(*first->Search("جنيف", {})), (std::vector<std::string>{"b2"}));
}

TEST(SqliteStore, InMemoryStoreWorks) {
  auto store = MustOpen(":memory:");
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit({MakeArticle("m1", kTalks)}, {}).ok());
  EXPECT_EQ(*store->CountArticles(), 1);
}

TEST(SqliteStore, ArticleRoundTrip) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  Article a = MakeArticle("a1", kTruce, "2020-10-10T12:00");
  a.canonical_url = "https://example.org/c/a1";
  a.author = "مراسل";
  a.published_from = "jsonld";
  a.story = "s1";
  a.event_type = "ceasefire";
  a.duplicate_of = "a0";
  a.warnings = {"charset guessed"};
  Mention(a, "الدوحة", "Q3861", "Doha", EntityType::kGPE, "QAT");
  Timex t;
  t.span = {0, 6};
  t.value = "2020-10-10";
  t.kind = "date";
  a.timexes.push_back(t);
  Event e;
  e.id = "a1.e1";
  e.type = "ceasefire_agreed";
  e.parties = {"ARM", "AZE"};
  e.killed = 3;
  a.events.push_back(e);
  text::Analyze(a);  // tokens are not stored, but must not hurt either
  ASSERT_TRUE(store->Commit({a}, {}).ok());

  auto got = store->GetArticle("a1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_TRUE(got->has_value());
  Article b = **got;
  EXPECT_TRUE(b.tokens.empty());
  EXPECT_TRUE(b.sentences.empty());
  EXPECT_EQ(ArticleToJson(a), ArticleToJson(b));

  auto none = store->GetArticle("nope");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST(SqliteStore, SkipsDuplicatesByIdAndContent) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  auto r1 = store->Commit({MakeArticle("a1", kTruce), MakeArticle("a2", kTalks)}, {});
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1->inserted, (std::vector<std::string>{"a1", "a2"}));
  EXPECT_TRUE(r1->skipped.empty());

  // Same id, other text: skipped. Other id, same content up to harakat and
  // tatweel: skipped. Same content twice inside one batch: second skipped.
  const std::string same_talks_other_marks = "عقـد الوفدانِ جولةَ محادثات جديدة في جنيف دون نتائج تذكر، وفق بيان رسمي.";
  ASSERT_EQ(ContentHash(same_talks_other_marks), ContentHash(kTalks));
  auto r2 = store->Commit({MakeArticle("a1", kSigned), MakeArticle("a3", same_talks_other_marks),
                           MakeArticle("a4", "نص جديد تماماً عن الحدود."),
                           MakeArticle("a5", "نص جديد تماماً عن الحدود.")},
                          {});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->inserted, (std::vector<std::string>{"a4"}));
  EXPECT_EQ(r2->skipped, (std::vector<std::string>{"a1", "a3", "a5"}));
  EXPECT_EQ(*store->CountArticles(), 3);
  // The stored a1 is the first one.
  EXPECT_EQ((*store->GetArticle("a1"))->text, kTruce);

  EXPECT_TRUE(*store->Contains("a1", 0));
  EXPECT_TRUE(*store->Contains("zzz", ContentHash(kTalks)));
  EXPECT_FALSE(*store->Contains("zzz", ContentHash("غير موجود")));
}

DuplicateArrival Arrival(std::string id, std::string_view text, std::string format, std::string path,
                         std::string url = "") {
  return {std::move(id), ContentHash(text), {"", std::move(url), "example.org", std::move(format), std::move(path), ""}};
}

std::vector<std::string> Formats(const std::vector<ArticleSource>& sources) {
  std::vector<std::string> v;
  for (const auto& s : sources) v.push_back(s.format + " " + s.path);
  return v;
}

TEST(SqliteStore, InputPathOfCutsRecordSuffixes) {
  EXPECT_EQ(InputPathOf("in/a.jsonl:12"), "in/a.jsonl");
  EXPECT_EQ(InputPathOf("in/f.rss#item 3"), "in/f.rss");
  EXPECT_EQ(InputPathOf("c:/x/c.warc.gz#record 2 @1024"), "c:/x/c.warc.gz");
  EXPECT_EQ(InputPathOf("in/page.html"), "in/page.html");
  EXPECT_EQ(InputPathOf("in/odd:name.html"), "in/odd:name.html");
  EXPECT_EQ(InputPathOf("https://example.org/a"), "https://example.org/a");
  EXPECT_EQ(InputPathOf("https://example.org:8080"), "https://example.org:8080");
  EXPECT_EQ(InputPathOf("https://example.org/feed#item 2"), "https://example.org/feed");
}

TEST(SqliteStore, EveryArrivalIsASource) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  Article page = MakeArticle("h1", kTruce);
  page.format = "html";
  page.origin = "in/truce.html";
  // The page is stored; the same report in a feed (same batch) and a
  // second page with the same id but another text are recorded against it.
  auto r1 = store->Commit({page}, {},
                          {Arrival("f1", kTruce, "rss", "in/feed.rss"), Arrival("h1", kSigned, "html", "in/v2.html"),
                           Arrival("nobody", "نص لم يخزن قط.", "txt", "in/lost.txt")});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  // A later batch: the WARC record, and the article itself given again
  // (skipped by Commit) from a JSONL line.
  Article again = MakeArticle("j1", kTruce);
  again.format = "jsonl";
  again.origin = "in/dump.jsonl:7";
  auto r2 = store->Commit({again}, {}, {Arrival("w1", kTruce, "warc", "in/crawl.warc.gz", "https://x.org/t")});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  EXPECT_EQ(r2->skipped, (std::vector<std::string>{"j1"}));

  auto sources = store->ListSources("h1");
  ASSERT_TRUE(sources.ok()) << sources.status().ToString();
  EXPECT_EQ(Formats(*sources), (std::vector<std::string>{"html in/truce.html", "rss in/feed.rss", "html in/v2.html",
                                                         "jsonl in/dump.jsonl", "warc in/crawl.warc.gz"}));
  for (const auto& src : *sources) {
    EXPECT_EQ(src.article, "h1");
    EXPECT_EQ(src.first_seen.size(), 20u) << src.first_seen;  // 2026-11-22T20:00:00Z
  }
  EXPECT_EQ((*sources)[4].url, "https://x.org/t");
  EXPECT_EQ((*sources)[0].url, "https://example.org/h1");
  EXPECT_TRUE(store->ListSources("nobody")->empty());
  EXPECT_TRUE(store->ListSources("f1")->empty());

  // Re-reading the same inputs adds nothing.
  ASSERT_TRUE(store->Commit({page, again}, {}, {Arrival("f1", kTruce, "rss", "in/feed.rss")}).ok());
  EXPECT_EQ(store->ListSources("h1")->size(), 5u);
  EXPECT_EQ(QueryInt(store->db(), "SELECT count(*) FROM article_sources"), 5);
}

TEST(SqliteStore, SourcesRollBackWithTheBatch) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit({MakeArticle("a1", kTruce)}, {}).ok());
  // The story, written last, fails: the batch's sources go with it.
  ExecRaw(store->db(),
          "CREATE TRIGGER fail_story BEFORE INSERT ON stories WHEN NEW.id = 'boom' "
          "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  StoryRecord boom;
  boom.id = "boom";
  auto r = store->Commit({MakeArticle("a2", kTalks)}, {boom}, {Arrival("x", kTruce, "rss", "in/f.rss")});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(store->ListSources("a1")->size(), 1u);
  EXPECT_EQ(QueryInt(store->db(), "SELECT count(*) FROM article_sources"), 1);
}

TEST(SqliteStore, OldStoreGetsTheSourcesTable) {
  TempDb db;
  {
    auto store = MustOpen(db.path());
    ASSERT_TRUE(store);
    Article a = MakeArticle("a1", kTruce);
    a.format = "jsonl";
    a.origin = "old/dump.jsonl:3";
    ASSERT_TRUE(store->Commit({a}, {}).ok());
    // Make it a schema-1 store, as the previous marsad wrote it.
    ExecRaw(store->db(), "DROP TABLE article_sources; UPDATE meta SET value='1' WHERE key='schema_version'");
  }
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), SqliteStore::LatestSchemaVersion());
  auto sources = store->ListSources("a1");
  ASSERT_TRUE(sources.ok()) << sources.status().ToString();
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].path, "old/dump.jsonl");
  EXPECT_EQ((*sources)[0].format, "jsonl");
  EXPECT_EQ((*sources)[0].first_seen, "");
  // Re-ingesting the same line adds no row.
  Article a = MakeArticle("a1", kTruce);
  a.format = "jsonl";
  a.origin = "old/dump.jsonl:3";
  ASSERT_TRUE(store->Commit({a}, {}).ok());
  EXPECT_EQ(store->ListSources("a1")->size(), 1u);
}

TEST(SqliteStore, InvalidArticlesAreRejectedBeforeWriting) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  Article bad = MakeArticle("bad", "قصير");
  bad.mentions.push_back({});
  bad.mentions.back().span = {0, 500};
  auto r = store->Commit({MakeArticle("ok", kTalks), bad}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(r.status().message().find("bad"), std::string::npos);
  auto r2 = store->Commit({MakeArticle("", kTalks)}, {});
  EXPECT_EQ(r2.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*store->CountArticles(), 0);
}

TEST(SqliteStore, FullDiskSaysSoAndNamesTheFile) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit({MakeArticle("a0", kSigned)}, {}).ok());
  std::vector<Article> batch;
  for (int i = 0; i < 40; ++i) {
    std::string text = kTruce;
    for (int j = 0; j < 400; ++j) text += " كلمة" + std::to_string(i * 1000 + j);
    batch.push_back(MakeArticle("big" + std::to_string(i), text));
  }
  // Files may not grow past 64 KiB more than now; with SIGXFSZ ignored the
  // write fails with EFBIG, as on a full disk.
  uintmax_t biggest = 0;
  for (const auto& e : fs::directory_iterator(db.dir())) biggest = std::max(biggest, e.file_size());
  struct rlimit old;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  struct rlimit lim = old;
  lim.rlim_cur = biggest + (64 << 10);
  void (*old_handler)(int) = std::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &lim), 0);
  auto r = store->Commit(batch, {});
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(r.ok());
  const std::string msg = r.status().message();
  EXPECT_NE(msg.find("is the disk full?"), std::string::npos) << msg;
  EXPECT_NE(msg.find(db.path()), std::string::npos) << msg;
  // Nothing of the batch is stored, the store still works, the rerun completes it.
  EXPECT_EQ(*store->CountArticles(), 1);
  auto again = store->Commit(batch, {});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*store->CountArticles(), 41);
}

TEST(SqliteStore, FailedCommitLeavesNothing) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit({MakeArticle("a0", kSigned)}, {}).ok());
  // A trigger makes the LAST write of the batch (the story) fail, after the
  // articles, mentions and index entries were written.
  ExecRaw(store->db(),
          "CREATE TRIGGER fail_story BEFORE INSERT ON stories WHEN NEW.id = 'boom' "
          "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  Article a1 = MakeArticle("a1", kTruce);
  Mention(a1, "الدوحة", "Q3861", "Doha", EntityType::kGPE);
  StoryRecord s;
  s.id = "boom";
  s.articles = {"a1"};
  auto r = store->Commit({a1, MakeArticle("a2", kTalks)}, {s});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("injected failure"), std::string::npos) << r.status().message();

  EXPECT_EQ(*store->CountArticles(), 1);
  EXPECT_FALSE((*store->GetArticle("a1")).has_value());
  EXPECT_EQ(QueryInt(store->db(), "SELECT count(*) FROM mentions"), 0);
  EXPECT_EQ(QueryInt(store->db(), "SELECT count(*) FROM stories"), 0);
  EXPECT_TRUE(store->Search("الدوحة", {})->empty());
  EXPECT_TRUE(store->Search("جنيف", {})->empty());
  // The store is still usable, and the rerun completes the batch.
  ExecRaw(store->db(), "DROP TRIGGER fail_story");
  auto again = store->Commit({a1, MakeArticle("a2", kTalks)}, {s});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->inserted.size(), 2u);
  EXPECT_EQ(*store->CountArticles(), 3);
  EXPECT_EQ(Ids(*store->Search("الدوحة", {})), (std::vector<std::string>{"a1"}));
}

TEST(SqliteStore, StoriesAreUpserted) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  StoryRecord s1{"s1", "هدنة", "ملخص", "2020-10-10", "2020-10-10", {"a1"}, std::string("v1\0bin", 6)};
  StoryRecord s2{"s2", "محادثات", "", "2020-10-11", "2020-10-12", {"a2"}, "v1"};
  ASSERT_TRUE(store->Commit({MakeArticle("a1", kTruce), MakeArticle("a2", kTalks)}, {s1, s2}).ok());
  s1.title = "هدنة في الدوحة";
  s1.last_seen = "2020-10-13";
  s1.articles.push_back("a3");
  s1.state = std::string("v2\0\xff", 4);
  ASSERT_TRUE(store->Commit({MakeArticle("a3", kSigned)}, {s1}).ok());

  auto list = store->ListStories();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, "s1");  // creation order survives the update
  EXPECT_EQ((*list)[1].id, "s2");
  auto got = store->GetStory("s1");
  ASSERT_TRUE(got.ok() && got->has_value());
  const StoryRecord& g = **got;
  EXPECT_EQ(g.title, "هدنة في الدوحة");
  EXPECT_EQ(g.summary, "ملخص");
  EXPECT_EQ(g.first_seen, "2020-10-10");
  EXPECT_EQ(g.last_seen, "2020-10-13");
  EXPECT_EQ(g.articles, (std::vector<std::string>{"a1", "a3"}));
  EXPECT_EQ(g.state, std::string("v2\0\xff", 4));
  EXPECT_FALSE((*store->GetStory("s9")).has_value());
}

TEST(SqliteStore, ForEachArticleStreamsInIngestOrder) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit({MakeArticle("z", kTruce), MakeArticle("a", kTalks)}, {}).ok());
  ASSERT_TRUE(store->Commit({MakeArticle("m", kSigned)}, {}).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(store->ForEachArticle([&](const Article& a) {
                     seen.push_back(a.id);
                     // The visitor may use the store while it streams.
                     EXPECT_TRUE((*store->GetArticle(a.id)).has_value());
                     return true;
                   })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"z", "a", "m"}));
  seen.clear();
  ASSERT_TRUE(store->ForEachArticle([&](const Article& a) {
                     seen.push_back(a.id);
                     return false;
                   })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"z"}));
}

TEST(SqliteStore, EntitiesAggregateVariantsAndArticles) {
  TempDb db;
  auto store = MustOpen(db.path());
  ASSERT_TRUE(store);
  Article a1 = MakeArticle("a1", "التقى بوتين وأردوغان في موسكو، وقال بوتين إن الهدنة صامدة.");
  Mention(a1, "بوتين", "Q7747", "Vladimir Putin", EntityType::kPER, "RUS");
  a1.mentions.push_back(a1.mentions.back());
  a1.mentions.back().span.begin = static_cast<uint32_t>(a1.text.rfind("بوتين"));
  a1.mentions.back().span.end = a1.mentions.back().span.begin + static_cast<uint32_t>(std::string("بوتين").size());
  Mention(a1, "موسكو", "Q649", "Moscow", EntityType::kGPE, "RUS");
  Article a2 = MakeArticle("a2", "صرّح الرئيس بوتن بأن المحادثات مستمرة.");
  Mention(a2, "بوتن", "Q7747", "Vladimir Putin", EntityType::kPER, "RUS");
  Article a3 = MakeArticle("a3", "لا كيان مرتبطاً في هذا النص.");
  Mention(a3, "كيان", "", "", EntityType::kMISC);
  ASSERT_TRUE(store->Commit({a1, a2, a3}, {}).ok());

  auto list = store->ListEntities();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);  // unlinked mentions are not entities
  const EntityRow& putin = (*list)[0];
  EXPECT_EQ(putin.entity, "Q7747");
  EXPECT_EQ(putin.name, "Vladimir Putin");
  EXPECT_EQ(putin.type, "PER");
  EXPECT_EQ(putin.country, "RUS");
  EXPECT_EQ(putin.articles, 2);
  ASSERT_EQ(putin.variants.size(), 2u);
  EXPECT_EQ(putin.variants[0], (std::pair<std::string, int>{"بوتين", 2}));
  EXPECT_EQ(putin.variants[1], (std::pair<std::string, int>{"بوتن", 1}));
  EXPECT_EQ((*list)[1].entity, "Q649");
  EXPECT_EQ((*list)[1].articles, 1);

  auto one = store->GetEntity("Q649");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->name, "Moscow");
  EXPECT_FALSE((*store->GetEntity("Q0")).has_value());
  EXPECT_FALSE((*store->GetEntity("")).has_value());
}

class SearchTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = MustOpen(db_.path());
    ASSERT_TRUE(store_);
    Article a1 = MakeArticle("a1", kTruce, "2020-10-10T09:00");
    Mention(a1, "الدوحة", "Q3861", "Doha", EntityType::kGPE, "QAT");
    Article a2 = MakeArticle("a2", kTalks, "2020-11-02");
    Article a3 = MakeArticle("a3", kSigned, "2021-01-05");
    a3.title = "توقيع الاتفاق في القاهرة";
    Article a4 = MakeArticle("a4", "President Biden said the UN Security Council would meet; 2020 talks.", "");
    text::Analyze(a2);  // a2 indexes through the token hint, the rest tokenize
    ASSERT_TRUE(store_->Commit({a1, a2, a3, a4}, {}).ok());
  }

  std::vector<std::string> Find(std::string_view q, SearchOptions o = {}) {
    auto r = store_->Search(q, o);
    EXPECT_TRUE(r.ok()) << q << ": " << r.status().ToString();
    return r.ok() ? Ids(*r) : std::vector<std::string>{"<error>"};
  }

  TempDb db_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SearchTest, SeesThroughHarakatAndClitics) {
  // a3 has سيُوقَّع, a1 the dual سيُوقِّعان: both are forms of يوقع.
  EXPECT_EQ(Sorted(Find("يوقع")), (std::vector<std::string>{"a1", "a3"}));
  EXPECT_EQ(Sorted(Find("سيوقع")), (std::vector<std::string>{"a1", "a3"}));
  EXPECT_EQ(Find("الرئيس"), (std::vector<std::string>{"a1"}));  // والرئيسُ
  EXPECT_EQ(Find("رئيس"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(Find("الدَّوحة"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(Find("والدوحة"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(Find("وجنيف"), (std::vector<std::string>{"a2"}));
  EXPECT_EQ(Find("محادثات جنيف"), (std::vector<std::string>{"a2"}));
  EXPECT_TRUE(Find("محادثات الدوحة").empty());  // all words must match
  EXPECT_EQ(Find("security COUNCIL"), (std::vector<std::string>{"a4"}));
  EXPECT_EQ(Find("2020"), (std::vector<std::string>{"a4"}));
}

TEST_F(SearchTest, PhrasesKeepWordOrder) {
  EXPECT_EQ(Find("\"اتفاق الهدنة\""), (std::vector<std::string>{"a1"}));
  EXPECT_TRUE(Find("\"الهدنة اتفاق\"").empty());
}

TEST_F(SearchTest, SnippetHighlightsOriginalSurface) {
  auto r = store_->Search("الرئيس", {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  const SearchHit& h = (*r)[0];
  EXPECT_NE(h.snippet.find("[والرئيسُ]"), std::string::npos) << h.snippet;
  EXPECT_EQ(h.title, "خبر a1");
  EXPECT_EQ(h.published, "2020-10-10T09:00");
  EXPECT_EQ(h.source, "example.org");
  EXPECT_GT(h.score, 0);

  SearchOptions o;
  o.highlight_begin = "<b>";
  o.highlight_end = "</b>";
  o.entity = "";
  o.date_from = "2021";
  auto r2 = store_->Search("سيوقع", o);
  ASSERT_TRUE(r2.ok());
  ASSERT_EQ(r2->size(), 1u);
  EXPECT_EQ((*r2)[0].article, "a3");
  EXPECT_NE((*r2)[0].snippet.find("<b>سيُوقَّع</b>"), std::string::npos) << (*r2)[0].snippet;
}

TEST_F(SearchTest, TitleMatchesRankFirst) {
  // a3 has الاتفاق in its title and text, a1 only in its text.
  const auto ids = Find("الاتفاق");
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0], "a3");
}

TEST_F(SearchTest, HostileQueriesNeverError) {
  const std::string hostile[] = {"\"", "*", "NEAR(", ")))", "(((", "AND", "OR NOT", "title:", "^", "-", "+",
                                 "'", "''", "\"\"", "\"\"\"", "'; DROP TABLE articles; --", "الدوحة\"",
                                 "\"الدوحة", "NEAR(الدوحة الهدنة, 3)", "{title}: الدوحة", "الدوحة*",
                                 "\xff\xfe\x80", std::string("\0x", 2), std::string(20000, 'a'),
                                 std::string(3000, '"'), "ـــ", "ًٌٍَُِّْ", "؟!،", "\\", "%_"};
  for (const std::string& q : hostile) {
    auto r = store_->Search(q, {});
    EXPECT_TRUE(r.ok()) << "query [" << q.substr(0, 40) << "]: " << r.status().ToString();
  }
  // Operators are searched as words; the surrounding word still matches.
  EXPECT_EQ(Find("NEAR(الدوحة"), std::vector<std::string>{});  // "NEAR" is not in a1
  EXPECT_EQ(Find("الدوحة*"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(Find("(الدوحة)"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(*store_->CountArticles(), 4);  // nothing dropped
}

TEST_F(SearchTest, NulAndBrokenBytesInsideWordsNeverError) {
  // Found by search_fuzz: a NUL inside a word reached the MATCH string and
  // ended FTS5's parse ("unterminated string", an internal error).
  using namespace std::string_literals;
  EXPECT_EQ(Find("الدو\0حة"s), std::vector<std::string>{});  // two words now, neither in a1
  EXPECT_EQ(Find("الدوحة \0"s), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(Find("\0الدوحة"s), (std::vector<std::string>{"a1"}));
  const std::string fragments[] = {"\0"s, "\xff"s, "\xd9"s, "\"", "*", "^", ":", "(", ")", "NEAR", "AND",
                                   "OR", "NOT", "-", "+", "{", "}", ",", "الدوحة", "x"};
  // Every pair and triple of fragments glued together, with and without a
  // space: results or an empty list, never an error.
  for (const auto& a : fragments)
    for (const auto& b : fragments)
      for (const auto& c : {""s, " "s, "\0"s})
        for (const auto& d : fragments) {
          const std::string q = a + b + c + d;
          auto r = store_->Search(q, {});
          ASSERT_TRUE(r.ok()) << "query of " << q.size() << " bytes: " << r.status().ToString();
        }
  // 100 KB of FTS5 syntax, NULs and broken UTF-8.
  std::string big;
  while (big.size() < 100 * 1024) big += "NEAR(\"الدو\0حة\" x*, 2) OR ^title: \xd9\xff AND NOT (\"\"\" ";
  EXPECT_TRUE(store_->Search(big, {}).ok());
  EXPECT_EQ(*store_->CountArticles(), 4);
}

TEST_F(SearchTest, FiltersByEntityAndDate) {
  SearchOptions o;
  o.entity = "Q3861";
  EXPECT_EQ(Find("الهدنة", o), (std::vector<std::string>{"a1"}));
  EXPECT_TRUE(Find("جنيف", o).empty());

  SearchOptions d;
  d.date_from = "2020-11-01";
  auto ids = Find("في", d);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"a2", "a3"}));
  d.date_to = "2020-11";  // inclusive at month precision
  EXPECT_EQ(Find("في", d), (std::vector<std::string>{"a2"}));
  SearchOptions day;
  day.date_from = "2020-10-10";
  day.date_to = "2020-10-10";  // keeps 2020-10-10T09:00
  EXPECT_EQ(Find("في", day), (std::vector<std::string>{"a1"}));
  SearchOptions lim;
  lim.limit = 1;
  EXPECT_EQ(Find("في", lim).size(), 1u);
}

TEST_F(SearchTest, IndexMatchesFreshTokenization) {
  // FTS5 re-tokenizes the content table and compares with the index: proves
  // the token hint (a2) indexed exactly what tokenizing would have.
  EXPECT_EQ(store_->tokenizer().hinted(), 1u);
  ExecRaw(store_->db(), "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')");
}

TEST_F(SearchTest, ChangedTokenizerRebuildsIndex) {
  ExecRaw(store_->db(), "UPDATE meta SET value='stale' WHERE key='fts_tokenizer'");
  // Wipe the index so only a rebuild can make search work again.
  ExecRaw(store_->db(), "INSERT INTO articles_fts(articles_fts) VALUES('delete-all')");
  EXPECT_TRUE(Find("الدوحة").empty());
  store_.reset();
  store_ = MustOpen(db_.path());
  ASSERT_TRUE(store_);
  EXPECT_EQ(Find("الدوحة"), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(QueryInt(store_->db(), "SELECT value = 'stale' FROM meta WHERE key='fts_tokenizer'"), 0);
}

}  // namespace
}  // namespace marsad::store
