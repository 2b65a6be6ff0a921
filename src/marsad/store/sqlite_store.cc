#include "marsad/store/sqlite_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <string_view>

#include <nlohmann/json.hpp>

#include "marsad/core/article_json.h"

namespace marsad::store {

using sqlite::Stmt;

namespace {

// 'MRSD' in the SQLite header (PRAGMA application_id): tells a marsad store
// from any other SQLite file without reading a table.
constexpr int64_t kApplicationId = 0x4D525344;

// Forward migrations: kMigrations[i] takes schema version i to i + 1. Never
// edit a released step; append a new one.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the initial schema.
    R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles(
  seq          INTEGER PRIMARY KEY,          -- ingest order
  id           TEXT NOT NULL UNIQUE,
  content_hash INTEGER NOT NULL,             -- ContentHash(), as signed 64-bit
  url          TEXT NOT NULL DEFAULT '',
  source       TEXT NOT NULL DEFAULT '',
  published    TEXT NOT NULL DEFAULT '',
  title        TEXT NOT NULL DEFAULT '',
  language     TEXT NOT NULL DEFAULT '',
  format       TEXT NOT NULL DEFAULT '',
  origin       TEXT NOT NULL DEFAULT '',
  story        TEXT NOT NULL DEFAULT '',
  event_type   TEXT NOT NULL DEFAULT '',
  duplicate_of TEXT NOT NULL DEFAULT '',
  text         TEXT NOT NULL,
  analysis     TEXT NOT NULL                 -- ArticleToJson without text and the columns above
);
CREATE UNIQUE INDEX articles_content_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_story ON articles(story);

CREATE TABLE mentions(
  article    INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
  start_byte INTEGER NOT NULL,               -- span in articles.text, bytes
  end_byte   INTEGER NOT NULL,
  surface    TEXT NOT NULL,
  type       TEXT NOT NULL,
  entity     TEXT NOT NULL,
  name       TEXT NOT NULL,
  country    TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity, article);
CREATE INDEX mentions_article ON mentions(article);

CREATE TABLE stories(
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL DEFAULT '',
  summary    TEXT NOT NULL DEFAULT '',
  first_seen TEXT NOT NULL DEFAULT '',
  last_seen  TEXT NOT NULL DEFAULT '',
  articles   TEXT NOT NULL DEFAULT '[]',     -- JSON array of article ids, arrival order
  state      BLOB NOT NULL DEFAULT x''       -- the clusterer's opaque state
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, text, content='articles', content_rowid='seq', tokenize='marsad');

CREATE VIEW entities AS
  SELECT entity, max(name) AS name, max(type) AS type, max(country) AS country,
         count(*) AS mentions, count(DISTINCT article) AS articles
  FROM mentions WHERE entity <> '' GROUP BY entity;
CREATE VIEW entity_variants AS
  SELECT entity, surface, count(*) AS occurrences
  FROM mentions WHERE entity <> '' GROUP BY entity, surface;

INSERT INTO meta(key, value) VALUES('schema_version', '0');
)sql",
    // 1 -> 2: every arrival of an article (feed item, page, WARC record ...).
    // The stored articles' own arrivals are filled in by BackfillSources.
    R"sql(
CREATE TABLE article_sources(
  article    TEXT NOT NULL,                 -- articles.id
  url        TEXT NOT NULL DEFAULT '',
  source     TEXT NOT NULL DEFAULT '',      -- outlet
  format     TEXT NOT NULL DEFAULT '',      -- txt jsonl html rss atom warc
  path       TEXT NOT NULL DEFAULT '',      -- input file
  first_seen TEXT NOT NULL DEFAULT '',      -- UTC ISO 8601; '' for arrivals before this table
  UNIQUE(article, url, path)
);
)sql",
};
constexpr int kLatestVersion = static_cast<int>(std::size(kMigrations));

// Metadata kept in columns; left out of the analysis JSON so each lives in
// one place.
constexpr const char* kColumnFields[] = {"id",    "url",   "source",     "published",   "title", "language",
                                         "format", "origin", "story", "event_type", "duplicate_of"};

constexpr const char* kArticleColumns =
    "id, url, source, published, title, language, format, origin, story, event_type, duplicate_of, text, "
    "analysis";

std::string AnalysisJson(const Article& a) {
  nlohmann::json j = ArticleToJson(a, {.include_text = false});
  for (const char* key : kColumnFields) j.erase(key);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<int64_t> QueryInt(sqlite3* db, std::string_view sql, std::string_view what) {
  ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(db, sql));
  const int rc = s.Step();
  if (rc == SQLITE_ROW) return s.Int(0);
  if (rc == SQLITE_DONE) return int64_t{0};
  return sqlite::Error(db, rc, what);
}

// UTC now, ISO 8601 to the second: when a source was first recorded.
std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

int SqliteStore::LatestSchemaVersion() { return kLatestVersion; }

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, const SqliteOptions& options) {
  if (path.empty()) return InvalidArgument("store path is empty: give a file path for the SQLite store");
  if (IsDirectory(path)) return InvalidArgument("store path " + path + " is a directory, not a database file");
  std::unique_ptr<SqliteStore> store(new SqliteStore());
  Status st = store->Init(path, options);
  if (!st.ok()) return st;
  return store;
}

SqliteStore::~SqliteStore() {
  // close_v2 defers the close until the cached statements (members) are
  // finalized; the tokenizer object outlives them all.
  if (db_) sqlite3_close_v2(db_);
}

Status SqliteStore::Init(const std::string& path, const SqliteOptions& options) {
  path_ = path;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status st = Err(rc, "opening the store " + path);
    if ((rc & 0xFF) == SQLITE_CANTOPEN) {
      st = IoError("cannot open the store " + path + ": does its directory exist and is it writable?");
    }
    return st;
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  RETURN_IF_ERROR(tokenizer_->Register(db_));

  // The first statement that reads the file: a file that is not SQLite
  // fails here with SQLITE_NOTADB.
  {
    auto s = Stmt::Prepare(db_, "PRAGMA journal_mode=WAL");
    rc = s.ok() ? s->Step() : sqlite3_extended_errcode(db_);
    if (rc != SQLITE_ROW) {
      if ((rc & 0xFF) == SQLITE_NOTADB || (rc & 0xFF) == SQLITE_CORRUPT) {
        return DataLoss(path + " is not a marsad store: SQLite cannot read it (" + sqlite3_errmsg(db_) +
                        "); give the path of a store or of a new file");
      }
      return Err(rc, "reading the store " + path);
    }
    const std::string mode(s->Text(0));
    if (mode != "wal" && mode != "memory") {
      return IoError("the store " + path + " cannot use WAL journaling (got '" + mode +
                     "'); is it on a network file system?");
    }
  }
  RETURN_IF_ERROR(sqlite::Exec(db_, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", "configuring " + path));
  RETURN_IF_ERROR(Migrate());
  RETURN_IF_ERROR(CheckFtsTokenizer());
  return PrepareStatements();
}

Status SqliteStore::Migrate() {
  ASSIGN_OR_RETURN(int64_t app_id, QueryInt(db_, "PRAGMA application_id", "reading " + path_));
  ASSIGN_OR_RETURN(int64_t objects,
                   QueryInt(db_, "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'",
                            "reading the schema of " + path_));
  if (app_id != kApplicationId && (app_id != 0 || objects > 0)) {
    return FailedPrecondition(path_ + " is an SQLite database of another program, not a marsad store; "
                              "refusing to modify it (choose another --db path)");
  }
  auto read_version = [&]() -> StatusOr<int64_t> {
    ASSIGN_OR_RETURN(int64_t has_meta,
                     QueryInt(db_, "SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='meta'",
                              "reading the schema of " + path_));
    if (!has_meta) return int64_t{0};
    return QueryInt(db_, "SELECT CAST(value AS INTEGER) FROM meta WHERE key='schema_version'",
                    "reading the schema version of " + path_);
  };
  ASSIGN_OR_RETURN(int64_t version, read_version());
  if (version > kLatestVersion) {
    return FailedPrecondition(path_ + " has schema version " + std::to_string(version) +
                              ", newer than this marsad understands (" + std::to_string(kLatestVersion) +
                              "); upgrade marsad");
  }
  while (version < kLatestVersion) {
    ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(db_));
    // Another process may have migrated while we waited for the lock.
    ASSIGN_OR_RETURN(version, read_version());
    if (version >= kLatestVersion) break;
    const std::string step = "migrating " + path_ + " to schema version " + std::to_string(version + 1);
    RETURN_IF_ERROR(sqlite::Exec(db_, kMigrations[version], step));
    if (version + 1 == 2) RETURN_IF_ERROR(BackfillSources().WithContext(step));
    RETURN_IF_ERROR(sqlite::Exec(db_,
                                 "UPDATE meta SET value='" + std::to_string(version + 1) +
                                     "' WHERE key='schema_version'; PRAGMA application_id=" +
                                     std::to_string(kApplicationId) + ";",
                                 step));
    RETURN_IF_ERROR(tx.Commit());
    ++version;
  }
  schema_version_ = static_cast<int>(version);
  return Status::Ok();
}

// Schema 2: the articles stored before it get their own arrival as a source
// (first_seen unknown). In C++ because the input path is cut out of the
// origin (InputPathOf), which SQLite's SQL cannot do.
Status SqliteStore::BackfillSources() {
  ASSIGN_OR_RETURN(Stmt read, Stmt::Prepare(db_, "SELECT id, url, source, format, origin FROM articles ORDER BY seq"));
  ASSIGN_OR_RETURN(Stmt write, Stmt::Prepare(db_,
                                             "INSERT INTO article_sources(article, url, source, format, path) "
                                             "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING"));
  for (;;) {
    int rc = read.Step();
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return Err(rc, "reading articles");
    const std::string path = InputPathOf(read.Text(4));
    write.Reset();
    for (int i = 0; i < 4; ++i) write.Bind(i + 1, std::string(read.Text(i)));
    write.Bind(5, path);
    rc = write.Step();
    if (rc != SQLITE_DONE) return Err(rc, "recording the source of article " + std::string(read.Text(0)));
  }
}

Status SqliteStore::CheckFtsTokenizer() {
  const std::string fingerprint = FtsTokenizer::Fingerprint();
  auto read = [&]() -> StatusOr<std::string> {
    ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(db_, "SELECT value FROM meta WHERE key='fts_tokenizer'"));
    const int rc = s.Step();
    if (rc == SQLITE_ROW) return std::string(s.Text(0));
    if (rc == SQLITE_DONE) return std::string();
    return Err(rc, "reading " + path_);
  };
  ASSIGN_OR_RETURN(std::string stored, read());
  if (stored == fingerprint) return Status::Ok();
  ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(db_));
  ASSIGN_OR_RETURN(stored, read());
  if (stored == fingerprint) return Status::Ok();
  // The tokenizer changed since the index was written (or this is a new
  // store): reindex from the articles table, which holds the text.
  RETURN_IF_ERROR(sqlite::Exec(db_, "INSERT INTO articles_fts(articles_fts) VALUES('rebuild')",
                               "rebuilding the search index of " + path_));
  ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES('fts_tokenizer', ?1)"));
  s.Bind(1, fingerprint);
  const int rc = s.Step();
  if (rc != SQLITE_DONE) return Err(rc, "writing " + path_);
  return tx.Commit();
}

Status SqliteStore::PrepareStatements() {
  ASSIGN_OR_RETURN(contains_,
                   Stmt::Prepare(db_, "SELECT 1 FROM articles WHERE id = ?1 OR content_hash = ?2 LIMIT 1", true));
  ASSIGN_OR_RETURN(insert_article_,
                   Stmt::Prepare(db_,
                                 "INSERT INTO articles(id, content_hash, url, source, published, title, language, "
                                 "format, origin, story, event_type, duplicate_of, text, analysis) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                                 "ON CONFLICT DO NOTHING",
                                 true));
  ASSIGN_OR_RETURN(insert_mention_,
                   Stmt::Prepare(db_,
                                 "INSERT INTO mentions(article, start_byte, end_byte, surface, type, entity, name, "
                                 "country) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                 true));
  ASSIGN_OR_RETURN(insert_fts_,
                   Stmt::Prepare(db_, "INSERT INTO articles_fts(rowid, title, text) VALUES(?1, ?2, ?3)", true));
  ASSIGN_OR_RETURN(upsert_story_,
                   Stmt::Prepare(db_,
                                 "INSERT INTO stories(id, title, summary, first_seen, last_seen, articles, state) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET "
                                 "title=excluded.title, summary=excluded.summary, first_seen=excluded.first_seen, "
                                 "last_seen=excluded.last_seen, articles=excluded.articles, state=excluded.state",
                                 true));
  ASSIGN_OR_RETURN(get_article_, Stmt::Prepare(db_,
                                               std::string("SELECT ") + kArticleColumns +
                                                   " FROM articles WHERE id = ?1",
                                               true));
  // The stored article an arrival belongs to: same content first, else same id.
  ASSIGN_OR_RETURN(find_stored_,
                   Stmt::Prepare(db_,
                                 "SELECT id FROM articles WHERE content_hash = ?2 UNION ALL "
                                 "SELECT id FROM articles WHERE id = ?1 LIMIT 1",
                                 true));
  ASSIGN_OR_RETURN(insert_source_,
                   Stmt::Prepare(db_,
                                 "INSERT INTO article_sources(article, url, source, format, path, first_seen) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                                 true));
  ASSIGN_OR_RETURN(list_sources_,
                   Stmt::Prepare(db_,
                                 "SELECT article, url, source, format, path, first_seen FROM article_sources "
                                 "WHERE article = ?1 ORDER BY rowid",
                                 true));
  ASSIGN_OR_RETURN(get_story_, Stmt::Prepare(db_,
                                             "SELECT id, title, summary, first_seen, last_seen, articles, state "
                                             "FROM stories WHERE id = ?1",
                                             true));
  return Status::Ok();
}

// ------------------------------------------------------------------ writes

StatusOr<bool> SqliteStore::Contains(std::string_view id, uint64_t content_hash) {
  contains_.Reset();
  contains_.BindStatic(1, id);
  contains_.Bind(2, static_cast<int64_t>(content_hash));
  const int rc = contains_.Step();
  contains_.Reset();
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Err(rc, "looking up article " + std::string(id));
}

Status SqliteStore::InsertArticle(const Article& a, uint64_t hash, const std::string& analysis, bool* inserted) {
  Stmt& s = insert_article_;
  s.Reset();
  s.BindStatic(1, a.id);
  s.Bind(2, static_cast<int64_t>(hash));
  s.BindStatic(3, a.url);
  s.BindStatic(4, a.source);
  s.BindStatic(5, a.published);
  s.BindStatic(6, a.title);
  s.BindStatic(7, a.language);
  s.BindStatic(8, a.format);
  s.BindStatic(9, a.origin);
  s.BindStatic(10, a.story);
  s.BindStatic(11, a.event_type);
  s.BindStatic(12, a.duplicate_of);
  s.BindStatic(13, a.text);
  s.BindStatic(14, analysis);
  int rc = s.Step();
  s.Reset();
  if (rc != SQLITE_DONE) return Err(rc, "writing article " + a.id);
  *inserted = sqlite3_changes(db_) > 0;  // 0: same id or same content already stored
  if (!*inserted) return Status::Ok();
  const int64_t seq = sqlite3_last_insert_rowid(db_);

  Stmt& m = insert_mention_;
  for (const Mention& mention : a.mentions) {
    m.Reset();
    m.Bind(1, seq);
    m.Bind(2, static_cast<int64_t>(mention.span.begin));
    m.Bind(3, static_cast<int64_t>(mention.span.end));
    m.BindStatic(4, mention.span.In(a.text));
    m.BindStatic(5, EntityTypeName(mention.type));
    m.BindStatic(6, mention.entity);
    m.BindStatic(7, mention.name);
    m.BindStatic(8, mention.country);
    rc = m.Step();
    if (rc != SQLITE_DONE) {
      m.Reset();
      return Err(rc, "writing the mentions of article " + a.id);
    }
  }
  m.Reset();

  Stmt& f = insert_fts_;
  f.Reset();
  f.Bind(1, seq);
  f.BindStatic(2, a.title);
  f.BindStatic(3, a.text);
  if (!a.tokens.empty()) tokenizer_->SetHint(a.text, &a.tokens);
  rc = f.Step();
  tokenizer_->ClearHint();
  f.Reset();
  if (rc != SQLITE_DONE) return Err(rc, "indexing article " + a.id + " for search");
  return Status::Ok();
}

Status SqliteStore::UpsertStory(const StoryRecord& story) {
  const std::string members = nlohmann::json(story.articles).dump(-1, ' ', false,
                                                                  nlohmann::json::error_handler_t::replace);
  Stmt& s = upsert_story_;
  s.Reset();
  s.BindStatic(1, story.id);
  s.BindStatic(2, story.title);
  s.BindStatic(3, story.summary);
  s.BindStatic(4, story.first_seen);
  s.BindStatic(5, story.last_seen);
  s.BindStatic(6, members);
  s.BindBlobStatic(7, story.state);
  const int rc = s.Step();
  s.Reset();
  if (rc != SQLITE_DONE) return Err(rc, "writing story " + story.id);
  return Status::Ok();
}

Status SqliteStore::RecordSource(std::string_view id, uint64_t hash, bool stored_as_is, const ArticleSource& src,
                                 const std::string& now) {
  std::string article;
  if (stored_as_is) {
    article = std::string(id);
  } else {
    Stmt& f = find_stored_;
    f.Reset();
    f.BindStatic(1, id);
    f.Bind(2, static_cast<int64_t>(hash));
    const int rc = f.Step();
    if (rc == SQLITE_ROW) article = f.Text(0);
    f.Reset();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Err(rc, "looking up the stored copy of " + std::string(id));
    if (article.empty()) return Status::Ok();
  }
  Stmt& s = insert_source_;
  s.Reset();
  s.BindStatic(1, article);
  s.BindStatic(2, src.url);
  s.BindStatic(3, src.source);
  s.BindStatic(4, src.format);
  s.BindStatic(5, src.path);
  s.BindStatic(6, now);
  const int rc = s.Step();
  s.Reset();
  if (rc != SQLITE_DONE) return Err(rc, "recording a source of article " + article);
  return Status::Ok();
}

StatusOr<CommitResult> SqliteStore::Commit(const std::vector<Article>& articles,
                                           const std::vector<StoryRecord>& stories,
                                           const std::vector<DuplicateArrival>& duplicates) {
  // Everything that can be checked or computed without the write lock is
  // done first, so the transaction is short.
  std::vector<uint64_t> hashes;
  std::vector<std::string> analyses;
  hashes.reserve(articles.size());
  analyses.reserve(articles.size());
  for (const Article& a : articles) {
    if (a.id.empty()) return InvalidArgument("cannot store an article without an id (origin " + a.origin + ")");
    Status spans = ValidateSpans(a);
    if (!spans.ok()) return spans.WithContext("article " + a.id);
    hashes.push_back(ContentHash(a.text));
    analyses.push_back(AnalysisJson(a));
  }
  for (const StoryRecord& s : stories) {
    if (s.id.empty()) return InvalidArgument("cannot store a story without an id (title '" + s.title + "')");
  }

  const std::string now = UtcNow();

  CommitResult result;
  ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::Begin(db_));
  for (size_t i = 0; i < articles.size(); ++i) {
    bool inserted = false;
    RETURN_IF_ERROR(InsertArticle(articles[i], hashes[i], analyses[i], &inserted));
    (inserted ? result.inserted : result.skipped).push_back(articles[i].id);
    RETURN_IF_ERROR(RecordSource(articles[i].id, hashes[i], inserted, SourceOf(articles[i]), now));
  }
  for (const DuplicateArrival& d : duplicates) RETURN_IF_ERROR(RecordSource(d.id, d.content_hash, false, d.source, now));
  for (const StoryRecord& s : stories) RETURN_IF_ERROR(UpsertStory(s));
  RETURN_IF_ERROR(tx.Commit());
  return result;
}

// ------------------------------------------------------------------- reads

Status SqliteStore::ReadArticle(const Stmt& s, Article* out) {
  Article& a = *out;
  a.id = s.Text(0);
  a.url = s.Text(1);
  a.source = s.Text(2);
  a.published = s.Text(3);
  a.title = s.Text(4);
  a.language = s.Text(5);
  a.format = s.Text(6);
  a.origin = s.Text(7);
  a.story = s.Text(8);
  a.event_type = s.Text(9);
  a.duplicate_of = s.Text(10);
  a.text = s.Text(11);
  Status st = ArticleFromJsonString(s.Text(12), &a);
  if (!st.ok()) return st.WithContext(path_ + ": article " + a.id);
  return Status::Ok();
}

StatusOr<std::optional<Article>> SqliteStore::GetArticle(std::string_view id) {
  Stmt& s = get_article_;
  s.Reset();
  s.BindStatic(1, id);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) {
    s.Reset();
    return std::optional<Article>();
  }
  if (rc != SQLITE_ROW) {
    s.Reset();
    return Err(rc, "reading article " + std::string(id));
  }
  Article a;
  Status st = ReadArticle(s, &a);
  s.Reset();
  if (!st.ok()) return st;
  return std::optional<Article>(std::move(a));
}

Status SqliteStore::ForEachArticle(const std::function<bool(const Article&)>& visit) {
  // A statement of its own, so the visitor may call back into the store.
  ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(db_, std::string("SELECT ") + kArticleColumns +
                                                  " FROM articles ORDER BY seq"));
  for (;;) {
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return Err(rc, "reading articles");
    Article a;
    RETURN_IF_ERROR(ReadArticle(s, &a));
    if (!visit(a)) return Status::Ok();
  }
}

StatusOr<std::vector<ArticleSource>> SqliteStore::ListSources(std::string_view article_id) {
  std::vector<ArticleSource> out;
  Stmt& s = list_sources_;
  s.Reset();
  s.BindStatic(1, article_id);
  for (;;) {
    const int rc = s.Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      s.Reset();
      return Err(rc, "reading the sources of article " + std::string(article_id));
    }
    out.push_back({std::string(s.Text(0)), std::string(s.Text(1)), std::string(s.Text(2)), std::string(s.Text(3)),
                   std::string(s.Text(4)), std::string(s.Text(5))});
  }
  s.Reset();
  return out;
}

Status SqliteStore::ForEachArticleFacets(int64_t after_seq,
                                         const std::function<bool(const ArticleFacets&)>& visit) {
  // Two ordered cursors merged on seq: the articles' metadata columns with
  // only the events of the analysis JSON (SQLite's own parser), and their
  // mentions from the mentions table. Neither the text nor the spans are read.
  ASSIGN_OR_RETURN(Stmt arts, Stmt::Prepare(db_, "SELECT seq, id, story, published, source, event_type, "
                                                 "json_extract(analysis, '$.events') FROM articles "
                                                 "WHERE seq > ?1 ORDER BY seq"));
  ASSIGN_OR_RETURN(Stmt ments, Stmt::Prepare(db_, "SELECT article, entity, country, surface, name, type FROM mentions "
                                                  "WHERE article > ?1 AND (entity <> '' OR country <> '') "
                                                  "ORDER BY article"));
  sqlite3_bind_int64(arts.get(), 1, after_seq);
  sqlite3_bind_int64(ments.get(), 1, after_seq);
  int mrc = ments.Step();
  ArticleFacets f;
  for (;;) {
    const int rc = arts.Step();
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return Err(rc, "reading article facets");
    f.seq = arts.Int(0);
    f.id = arts.Text(1);
    f.story = arts.Text(2);
    f.published = arts.Text(3);
    f.source = arts.Text(4);
    f.event_type = arts.Text(5);
    f.entities.clear();
    f.countries.clear();
    f.events.clear();
    f.entity_mentions.clear();
    while (mrc == SQLITE_ROW && ments.Int(0) < f.seq) mrc = ments.Step();  // rows of vanished articles
    for (; mrc == SQLITE_ROW && ments.Int(0) == f.seq; mrc = ments.Step()) {
      if (!ments.Text(1).empty()) {
        f.entities.emplace_back(ments.Text(1));
        f.entity_mentions.push_back({std::string(ments.Text(1)), std::string(ments.Text(3)),
                                     std::string(ments.Text(4)), std::string(ments.Text(5)),
                                     std::string(ments.Text(2))});
      }
      if (!ments.Text(2).empty()) f.countries.emplace_back(ments.Text(2));
    }
    if (mrc != SQLITE_ROW && mrc != SQLITE_DONE) return Err(mrc, "reading mention facets");
    const std::string_view events = arts.Text(6);
    if (!events.empty()) {
      auto j = nlohmann::json::parse(events, nullptr, false);
      if (j.is_discarded() || !j.is_array()) return DataLoss(path_ + ": article " + f.id + ": its events are not a JSON array");
      for (const auto& e : j) {
        if (!e.is_object()) continue;
        ArticleFacets::EventFacet ev;
        ev.type = e.value("type", "");
        ev.mode = e.value("mode", "");
        if (auto it = e.find("parties"); it != e.end() && it->is_array())
          for (const auto& p : *it)
            if (p.is_string()) ev.parties.push_back(p.get<std::string>());
        f.events.push_back(std::move(ev));
      }
    }
    if (!visit(f)) return Status::Ok();
  }
}

StatusOr<int64_t> SqliteStore::CountArticles() {
  // count(*) walks the smallest index (content hashes), not the text pages.
  return QueryInt(db_, "SELECT count(*) FROM articles", "counting articles in " + path_);
}

namespace {

StatusOr<StoryRecord> ReadStory(const Stmt& s, const std::string& path) {
  StoryRecord r;
  r.id = s.Text(0);
  r.title = s.Text(1);
  r.summary = s.Text(2);
  r.first_seen = s.Text(3);
  r.last_seen = s.Text(4);
  const std::string_view members = s.Text(5);
  const nlohmann::json j = nlohmann::json::parse(members.begin(), members.end(), nullptr, false);
  if (!j.is_array()) return DataLoss(path + ": story " + r.id + ": member list is not a JSON array");
  r.articles.reserve(j.size());
  for (const auto& id : j) {
    if (!id.is_string()) return DataLoss(path + ": story " + r.id + ": member list holds a non-string");
    r.articles.push_back(id.get<std::string>());
  }
  r.state = s.Blob(6);
  return r;
}

}  // namespace

StatusOr<std::vector<StoryRecord>> SqliteStore::ListStories() {
  ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(db_,
                                         "SELECT id, title, summary, first_seen, last_seen, articles, state "
                                         "FROM stories ORDER BY rowid"));
  std::vector<StoryRecord> out;
  for (;;) {
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return out;
    if (rc != SQLITE_ROW) return Err(rc, "reading stories");
    ASSIGN_OR_RETURN(StoryRecord r, ReadStory(s, path_));
    out.push_back(std::move(r));
  }
}

StatusOr<std::optional<StoryRecord>> SqliteStore::GetStory(std::string_view id) {
  Stmt& s = get_story_;
  s.Reset();
  s.BindStatic(1, id);
  const int rc = s.Step();
  if (rc == SQLITE_DONE) {
    s.Reset();
    return std::optional<StoryRecord>();
  }
  if (rc != SQLITE_ROW) {
    s.Reset();
    return Err(rc, "reading story " + std::string(id));
  }
  auto r = ReadStory(s, path_);
  s.Reset();
  if (!r.ok()) return r.status();
  return std::optional<StoryRecord>(std::move(r).value());
}

StatusOr<std::vector<EntityRow>> SqliteStore::QueryEntities(std::string_view only_id) {
  const bool one = !only_id.empty();
  const std::string filter = one ? " AND entity = ?1" : "";
  // Per entity: articles mentioning it.
  ASSIGN_OR_RETURN(Stmt counts, Stmt::Prepare(db_, "SELECT entity, count(DISTINCT article) FROM mentions "
                                                   "WHERE entity <> ''" +
                                                       filter + " GROUP BY entity"));
  // Per entity and surface/name/type/country: occurrences. Name, type and
  // country are taken from the most frequent non-empty reading.
  ASSIGN_OR_RETURN(Stmt details,
                   Stmt::Prepare(db_, "SELECT entity, surface, name, type, country, count(*) FROM mentions "
                                      "WHERE entity <> ''" +
                                          filter + " GROUP BY entity, surface, name, type, country"));
  if (one) {
    counts.BindStatic(1, only_id);
    details.BindStatic(1, only_id);
  }
  EntityRowBuilder rows;
  for (;;) {
    const int rc = counts.Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return Err(rc, "counting entities");
    rows.SetArticles(counts.Text(0), static_cast<int>(counts.Int(1)));
  }
  for (;;) {
    const int rc = details.Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return Err(rc, "reading entity variants");
    rows.AddReading(details.Text(0), details.Text(1), details.Text(2), details.Text(3), details.Text(4),
                    static_cast<int>(details.Int(5)));
  }
  return rows.Finish();
}

StatusOr<std::vector<EntityRow>> SqliteStore::ListEntities() { return QueryEntities(""); }

StatusOr<std::optional<EntityRow>> SqliteStore::GetEntity(std::string_view id) {
  if (id.empty()) return std::optional<EntityRow>();
  ASSIGN_OR_RETURN(std::vector<EntityRow> rows, QueryEntities(id));
  if (rows.empty()) return std::optional<EntityRow>();
  return std::optional<EntityRow>(std::move(rows.front()));
}

// ------------------------------------------------------------------ search

StatusOr<std::vector<SearchHit>> SqliteStore::Search(std::string_view query, const SearchOptions& options) {
  std::vector<SearchHit> hits;
  const std::string match = BuildMatchExpression(query);
  if (match.empty()) return hits;
  const int limit = std::clamp(options.limit, 1, 1000);
  const int snippet_tokens = std::clamp(options.snippet_tokens, 1, 64);

  std::string sql =
      "SELECT a.id, a.story, a.title, a.published, a.source, "
      "snippet(articles_fts, 1, ?2, ?3, ?4, ?5), articles_fts.rank "
      "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
      "WHERE articles_fts MATCH ?1 AND articles_fts.rank MATCH 'bm25(2.0, 1.0)'";
  // The entity hook: today exact ids via mentions; name variants (بوتن ->
  // بوتين) will map to ids through the knowledge base before this point.
  if (!options.entity.empty()) sql += " AND a.seq IN (SELECT article FROM mentions WHERE entity = ?6)";
  if (!options.date_from.empty()) sql += " AND a.published <> '' AND a.published >= ?7";
  // date_to is inclusive at its own precision: "2020-10" keeps 2020-10-31T23:00.
  if (!options.date_to.empty()) sql += " AND a.published <> '' AND substr(a.published, 1, length(?8)) <= ?8";
  // ORDER BY rank lets FTS5 sort the matches itself and the LIMIT stop the
  // scan, so snippet() runs only for the rows returned (ORDER BY bm25()
  // would build a snippet for every match first: 30 ms vs 1 ms a query).
  sql += " ORDER BY articles_fts.rank LIMIT ?9";

  ASSIGN_OR_RETURN(Stmt s, Stmt::Prepare(db_, sql));
  s.BindStatic(1, match);
  s.BindStatic(2, options.highlight_begin);
  s.BindStatic(3, options.highlight_end);
  s.BindStatic(4, options.ellipsis);
  s.Bind(5, static_cast<int64_t>(snippet_tokens));
  if (!options.entity.empty()) s.BindStatic(6, options.entity);
  if (!options.date_from.empty()) s.BindStatic(7, options.date_from);
  if (!options.date_to.empty()) s.BindStatic(8, options.date_to);
  s.Bind(9, static_cast<int64_t>(limit));
  for (;;) {
    const int rc = s.Step();
    if (rc == SQLITE_DONE) return hits;
    if (rc != SQLITE_ROW) return Err(rc, "searching for '" + std::string(query) + "'");
    SearchHit h;
    h.article = s.Text(0);
    h.story = s.Text(1);
    h.title = s.Text(2);
    h.published = s.Text(3);
    h.source = s.Text(4);
    h.snippet = s.Text(5);
    h.score = -s.Double(6);
    hits.push_back(std::move(h));
  }
}

}  // namespace marsad::store
