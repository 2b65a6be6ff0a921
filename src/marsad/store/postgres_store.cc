#include "marsad/store/postgres_store.h"

#ifdef MARSAD_HAVE_PQXX

#include <algorithm>
#include <ctime>
#include <map>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "marsad/core/article_json.h"
#include "marsad/text/normalizer.h"

namespace marsad::store {

namespace {

// Advisory lock keys (one 64-bit space per database). 'MRSD' + purpose.
constexpr int64_t kWriterLock = 0x4D52534400000001;
constexpr int64_t kMigrateLock = 0x4D52534400000002;

// kMigrations[i] takes schema version i to i + 1. Never edit a released step.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the initial schema.
    R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE articles(
  seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- ingest (= commit) order
  id           TEXT NOT NULL UNIQUE,
  content_hash BIGINT NOT NULL UNIQUE,       -- ContentHash(), as signed 64-bit
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
  analysis     TEXT NOT NULL,                -- ArticleToJson without text and the columns above
  search_title TEXT NOT NULL DEFAULT '',     -- NormalizeForMatch(title)
  search_text  TEXT NOT NULL DEFAULT '',     -- NormalizeForMatch(text)
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('arabic'::regconfig, search_title), 'A') ||
    setweight(to_tsvector('arabic'::regconfig, search_text), 'D')) STORED
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_story ON articles(story);
CREATE INDEX articles_tsv ON articles USING gin(tsv);

CREATE TABLE mentions(
  article    BIGINT NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
  start_byte INTEGER NOT NULL,
  end_byte   INTEGER NOT NULL,
  surface    TEXT NOT NULL,
  type       TEXT NOT NULL,
  entity     TEXT NOT NULL,
  name       TEXT NOT NULL,
  country    TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity, article);
CREATE INDEX mentions_article ON mentions(article);

CREATE SEQUENCE story_version;
CREATE TABLE stories(
  ord        BIGINT GENERATED ALWAYS AS IDENTITY,  -- creation order
  id         TEXT PRIMARY KEY,
  title      TEXT NOT NULL DEFAULT '',
  summary    TEXT NOT NULL DEFAULT '',
  first_seen TEXT NOT NULL DEFAULT '',
  last_seen  TEXT NOT NULL DEFAULT '',
  articles   TEXT NOT NULL DEFAULT '[]',     -- JSON array of article ids, arrival order
  state      BYTEA NOT NULL DEFAULT '',      -- the clusterer's opaque state
  version    BIGINT NOT NULL                 -- nextval('story_version') at the last write
);
CREATE INDEX stories_ord ON stories(ord);
CREATE INDEX stories_version ON stories(version);

CREATE VIEW entities AS
  SELECT entity, max(name) AS name, max(type) AS type, max(country) AS country,
         count(*) AS mentions, count(DISTINCT article) AS articles
  FROM mentions WHERE entity <> '' GROUP BY entity;

INSERT INTO meta(key, value) VALUES('schema_version', '0');
)sql",
    // 1 -> 2: every arrival of an article (feed item, page, WARC record ...);
    // the stored articles' own arrivals are filled in (path = InputPathOf(origin)).
    R"sql(
CREATE TABLE article_sources(
  seq        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- arrival order
  article    TEXT NOT NULL,                 -- articles.id
  url        TEXT NOT NULL DEFAULT '',
  source     TEXT NOT NULL DEFAULT '',      -- outlet
  format     TEXT NOT NULL DEFAULT '',      -- txt jsonl html rss atom warc
  path       TEXT NOT NULL DEFAULT '',      -- input file
  first_seen TEXT NOT NULL DEFAULT '',      -- UTC ISO 8601; '' for arrivals before this table
  UNIQUE(article, url, path)
);
INSERT INTO article_sources(article, url, source, format, path)
  SELECT id, url, source, format, regexp_replace(origin, '(#record .*|#item .*|:[0-9]+)$', '')
  FROM articles ORDER BY seq ON CONFLICT DO NOTHING;
)sql",
};
constexpr int kLatestVersion = static_cast<int>(std::size(kMigrations));

constexpr const char* kColumnFields[] = {"id",     "url",    "source", "published",  "title",       "language",
                                         "format", "origin", "story",  "event_type", "duplicate_of"};

constexpr const char* kArticleColumns =
    "id, url, source, published, title, language, format, origin, story, event_type, duplicate_of, text, "
    "analysis";
constexpr const char* kStoryColumns = "id, title, summary, first_seen, last_seen, articles, state, version";

constexpr int kPage = 512;

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string AnalysisJson(const Article& a) {
  nlohmann::json j = ArticleToJson(a, {.include_text = false});
  for (const char* key : kColumnFields) j.erase(key);
  return Dump(j);
}

std::string MentionsJson(const Article& a) {
  nlohmann::json rows = nlohmann::json::array();
  for (const Mention& m : a.mentions) {
    rows.push_back({m.span.begin, m.span.end, std::string(m.span.In(a.text)), EntityTypeName(m.type), m.entity,
                    m.name, m.country});
  }
  return Dump(rows);
}

// PostgreSQL text cannot hold NUL, and libpq would cut the value there.
bool HasNul(const Article& a) {
  for (const std::string* s : {&a.id, &a.url, &a.source, &a.published, &a.title, &a.text})
    if (s->find('\0') != std::string::npos) return true;
  return false;
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

std::string Str(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }

Status ReadArticle(const pqxx::row& r, int first, Article* out) {
  Article& a = *out;
  a.id = Str(r[first + 0]);
  a.url = Str(r[first + 1]);
  a.source = Str(r[first + 2]);
  a.published = Str(r[first + 3]);
  a.title = Str(r[first + 4]);
  a.language = Str(r[first + 5]);
  a.format = Str(r[first + 6]);
  a.origin = Str(r[first + 7]);
  a.story = Str(r[first + 8]);
  a.event_type = Str(r[first + 9]);
  a.duplicate_of = Str(r[first + 10]);
  a.text = Str(r[first + 11]);
  Status st = ArticleFromJsonString(Str(r[first + 12]), &a);
  if (!st.ok()) return st.WithContext("article " + a.id);
  return Status::Ok();
}

StatusOr<StoryRecord> ReadStory(const pqxx::row& r, int64_t* version) {
  StoryRecord s;
  s.id = Str(r[0]);
  s.title = Str(r[1]);
  s.summary = Str(r[2]);
  s.first_seen = Str(r[3]);
  s.last_seen = Str(r[4]);
  const std::string members = Str(r[5]);
  const nlohmann::json j = nlohmann::json::parse(members, nullptr, false);
  if (!j.is_array()) return DataLoss("story " + s.id + ": member list is not a JSON array");
  s.articles.reserve(j.size());
  for (const auto& id : j) {
    if (!id.is_string()) return DataLoss("story " + s.id + ": member list holds a non-string");
    s.articles.push_back(id.get<std::string>());
  }
  s.state = pqxx::binarystring(r[6]).str();
  if (version) *version = r[7].as<int64_t>();
  return s;
}

// ts_headline option values are double-quoted; a quote or comma inside
// cannot be expressed, so it is dropped.
std::string HeadlineValue(std::string_view v) {
  std::string out = "\"";
  for (char c : v)
    if (c != '"') out += c;
  return out + "\"";
}

}  // namespace

struct PostgresStore::Db {
  explicit Db(const std::string& uri) : conn(uri) {}
  pqxx::connection conn;
  // Open between BeginAssign() and Commit(): holds the writers' lock.
  std::unique_ptr<pqxx::transaction_base> assign_tx;
};

// The transaction a call runs in: the open assign transaction if there is
// one (libpqxx allows one per connection), else a fresh autocommit one.
class PostgresStore::Tx {
 public:
  explicit Tx(PostgresStore& s) {
    if (s.db_->assign_tx) {
      t_ = s.db_->assign_tx.get();
    } else {
      own_ = std::make_unique<pqxx::nontransaction>(s.db_->conn);
      t_ = own_.get();
    }
  }
  pqxx::transaction_base* operator->() { return t_; }
  pqxx::transaction_base& operator*() { return *t_; }

 private:
  std::unique_ptr<pqxx::transaction_base> own_;
  pqxx::transaction_base* t_ = nullptr;
};

namespace {

// Runs fn, turning libpqxx exceptions into a Status. A failed statement
// aborts the open assign transaction (PostgreSQL refuses further statements
// in it), which releases the writers' lock.
template <typename Fn>
auto Guard(std::unique_ptr<pqxx::transaction_base>& assign_tx, std::string_view what, Fn&& fn)
    -> decltype(fn()) {
  try {
    return fn();
  } catch (const pqxx::broken_connection& e) {
    assign_tx.reset();
    return IoError(std::string(what) + ": lost the connection to PostgreSQL (" + e.what() + ")");
  } catch (const pqxx::sql_error& e) {
    assign_tx.reset();
    return Internal(std::string(what) + ": PostgreSQL: " + e.what());
  } catch (const std::exception& e) {
    assign_tx.reset();
    return Internal(std::string(what) + ": " + e.what());
  }
}

}  // namespace

int PostgresStore::LatestSchemaVersion() { return kLatestVersion; }

PostgresStore::PostgresStore() = default;

PostgresStore::~PostgresStore() {
  try {
    if (db_) db_->assign_tx.reset();  // aborts an unfinished assign step
    db_.reset();
  } catch (...) {
  }
}

StatusOr<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& uri) {
  std::unique_ptr<PostgresStore> store(new PostgresStore());
  Status st = store->Init(uri);
  if (!st.ok()) return st;
  return store;
}

Status PostgresStore::Init(const std::string& uri) {
  // Messages name the database without a password that the URI may hold.
  uri_for_messages_ = uri;
  if (auto at = uri.find('@'); at != std::string::npos) {
    const auto scheme = uri.find("://");
    if (scheme != std::string::npos && scheme < at) uri_for_messages_ = uri.substr(0, scheme + 3) + "…" + uri.substr(at);
  }
  try {
    db_ = std::make_unique<Db>(uri);
  } catch (const std::exception& e) {
    return IoError("cannot connect to the PostgreSQL store " + uri_for_messages_ + ": " + e.what() +
                   " (is the server running and the URI right?)");
  }
  RETURN_IF_ERROR(Guard(db_->assign_tx, "setting up " + uri_for_messages_, [&]() -> Status {
    pqxx::nontransaction t(db_->conn);
    t.exec("SET client_min_messages = warning");
    return Status::Ok();
  }));
  RETURN_IF_ERROR(Migrate());
  return Guard(db_->assign_tx, "preparing statements", [&]() -> Status {
    auto& c = db_->conn;
    c.prepare("contains", "SELECT 1 FROM articles WHERE id = $1 OR content_hash = $2 LIMIT 1");
    c.prepare("insert_article",
              "WITH a AS (INSERT INTO articles(id, content_hash, url, source, published, title, language, format, "
              "origin, story, event_type, duplicate_of, text, analysis, search_title, search_text) "
              "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
              "ON CONFLICT DO NOTHING RETURNING seq), "
              "m AS (INSERT INTO mentions(article, start_byte, end_byte, surface, type, entity, name, country) "
              "SELECT a.seq, (x->>0)::int, (x->>1)::int, x->>2, x->>3, x->>4, x->>5, x->>6 "
              "FROM a, jsonb_array_elements($17::jsonb) x) "
              "SELECT seq FROM a");
    // The stored article an arrival belongs to: same content first, else same id.
    c.prepare("record_source",
              "INSERT INTO article_sources(article, url, source, format, path, first_seen) "
              "SELECT s.id, $3::text, $4::text, $5::text, $6::text, $7::text FROM (SELECT id, 0 AS o FROM articles "
              "WHERE content_hash = $2::bigint "
              "UNION ALL SELECT id, 1 FROM articles WHERE id = $1::text ORDER BY o LIMIT 1) s "
              "ON CONFLICT DO NOTHING");
    c.prepare("list_sources",
              "SELECT article, url, source, format, path, first_seen FROM article_sources WHERE article = $1 "
              "ORDER BY seq");
    c.prepare("upsert_story",
              "INSERT INTO stories(id, title, summary, first_seen, last_seen, articles, state, version) "
              "VALUES($1, $2, $3, $4, $5, $6, $7, nextval('story_version')) ON CONFLICT(id) DO UPDATE SET "
              "title=excluded.title, summary=excluded.summary, first_seen=excluded.first_seen, "
              "last_seen=excluded.last_seen, articles=excluded.articles, state=excluded.state, "
              "version=excluded.version RETURNING version");
    c.prepare("get_article", std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = $1");
    c.prepare("page_articles", std::string("SELECT seq, ") + kArticleColumns +
                                   " FROM articles WHERE seq > $1 ORDER BY seq LIMIT " + std::to_string(kPage));
    c.prepare("get_story", std::string("SELECT ") + kStoryColumns + " FROM stories WHERE id = $1");
    c.prepare("changed_stories",
              std::string("SELECT ") + kStoryColumns + " FROM stories WHERE version > $1 ORDER BY version");
    return Status::Ok();
  });
}

Status PostgresStore::Migrate() {
  return Guard(db_->assign_tx, "migrating " + uri_for_messages_, [&]() -> Status {
    pqxx::work t(db_->conn);
    // Several workers may open a new database at once.
    t.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrateLock) + ")");
    const bool has_meta =
        t.exec("SELECT to_regclass('meta') IS NOT NULL")[0][0].as<bool>();
    const bool has_articles = t.exec("SELECT to_regclass('articles') IS NOT NULL")[0][0].as<bool>();
    int64_t version = 0;
    if (has_meta) {
      auto r = t.exec("SELECT value FROM meta WHERE key = 'schema_version'");
      if (r.empty()) {
        return FailedPrecondition(uri_for_messages_ + " has a table 'meta' of another program; refusing to "
                                  "modify it (use another database)");
      }
      version = std::stoll(r[0][0].c_str());
    } else if (has_articles) {
      return FailedPrecondition(uri_for_messages_ + " has an 'articles' table but is not a marsad store; "
                                "refusing to modify it (use another database)");
    }
    if (version > kLatestVersion) {
      return FailedPrecondition(uri_for_messages_ + " has schema version " + std::to_string(version) +
                                ", newer than this marsad understands (" + std::to_string(kLatestVersion) +
                                "); upgrade marsad");
    }
    for (; version < kLatestVersion; ++version) {
      t.exec(kMigrations[version]);
      t.exec("UPDATE meta SET value = '" + std::to_string(version + 1) + "' WHERE key = 'schema_version'");
    }
    t.commit();
    schema_version_ = static_cast<int>(version);
    return Status::Ok();
  });
}

// ------------------------------------------------------------------ writes

StatusOr<bool> PostgresStore::Contains(std::string_view id, uint64_t content_hash) {
  return Guard(db_->assign_tx, "looking up article " + std::string(id), [&]() -> StatusOr<bool> {
    Tx t(*this);
    return !t->exec_prepared("contains", std::string(id), static_cast<int64_t>(content_hash)).empty();
  });
}

StatusOr<std::vector<StoryRecord>> PostgresStore::BeginAssign() {
  if (db_->assign_tx) return FailedPrecondition("BeginAssign called twice without a Commit in between");
  return Guard(db_->assign_tx, "synchronizing stories with other writers", [&]() -> StatusOr<std::vector<StoryRecord>> {
    db_->assign_tx = std::make_unique<pqxx::work>(db_->conn);
    db_->assign_tx->exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")");
    // READ COMMITTED: this statement's snapshot starts after the lock was
    // granted, so it sees every story committed by the previous holder.
    pqxx::result r = db_->assign_tx->exec_prepared("changed_stories", synced_version_);
    std::vector<StoryRecord> out;
    out.reserve(r.size());
    int64_t max_version = synced_version_;
    for (const auto& row : r) {
      int64_t v = 0;
      ASSIGN_OR_RETURN(StoryRecord s, ReadStory(row, &v));
      max_version = std::max(max_version, v);
      out.push_back(std::move(s));
    }
    synced_version_ = max_version;
    return out;
  });
}

StatusOr<CommitResult> PostgresStore::Commit(const std::vector<Article>& articles,
                                             const std::vector<StoryRecord>& stories,
                                             const std::vector<DuplicateArrival>& duplicates) {
  struct Prepared {
    int64_t hash;
    std::string analysis, search_title, search_text, mentions;
  };
  std::vector<Prepared> prep;
  prep.reserve(articles.size());
  for (const Article& a : articles) {
    if (a.id.empty()) return InvalidArgument("cannot store an article without an id (origin " + a.origin + ")");
    Status spans = ValidateSpans(a);
    if (!spans.ok()) return spans.WithContext("article " + a.id);
    if (HasNul(a)) return InvalidArgument("article " + a.id + " holds a NUL byte, which PostgreSQL text cannot store");
    prep.push_back({static_cast<int64_t>(ContentHash(a.text)), AnalysisJson(a), text::NormalizeForMatch(a.title),
                    text::NormalizeForMatch(a.text), MentionsJson(a)});
  }
  for (const StoryRecord& s : stories) {
    if (s.id.empty()) return InvalidArgument("cannot store a story without an id (title '" + s.title + "')");
  }
  for (const DuplicateArrival& d : duplicates) {
    for (const std::string* f : {&d.id, &d.source.url, &d.source.source, &d.source.format, &d.source.path})
      if (f->find('\0') != std::string::npos)
        return InvalidArgument("source of article " + d.id + " holds a NUL byte, which PostgreSQL text cannot store");
  }
  const std::string now = UtcNow();
  const bool assigning = db_->assign_tx != nullptr;
  return Guard(db_->assign_tx, "writing a batch of " + std::to_string(articles.size()) + " articles",
               [&]() -> StatusOr<CommitResult> {
                 std::unique_ptr<pqxx::transaction_base> own;
                 pqxx::transaction_base* t = db_->assign_tx.get();
                 if (!t) {
                   own = std::make_unique<pqxx::work>(db_->conn);
                   t = own.get();
                   // Story writes are serialized across writers even without BeginAssign.
                   t->exec("SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")");
                 }
                 CommitResult result;
                 for (size_t i = 0; i < articles.size(); ++i) {
                   const Article& a = articles[i];
                   const Prepared& p = prep[i];
                   pqxx::result r = t->exec_prepared("insert_article", a.id, p.hash, a.url, a.source, a.published,
                                                     a.title, a.language, a.format, a.origin, a.story, a.event_type,
                                                     a.duplicate_of, a.text, p.analysis, p.search_title,
                                                     p.search_text, p.mentions);
                   (r.empty() ? result.skipped : result.inserted).push_back(a.id);
                   const ArticleSource src = SourceOf(a);
                   t->exec_prepared("record_source", a.id, p.hash, src.url, src.source, src.format, src.path, now);
                 }
                 for (const DuplicateArrival& d : duplicates) {
                   const ArticleSource& src = d.source;
                   t->exec_prepared("record_source", d.id, static_cast<int64_t>(d.content_hash), src.url,
                                    src.source, src.format, src.path, now);
                 }
                 int64_t max_version = 0;
                 for (const StoryRecord& s : stories) {
                   const std::string members = Dump(nlohmann::json(s.articles));
                   pqxx::result r = t->exec_prepared("upsert_story", s.id, s.title, s.summary, s.first_seen,
                                                     s.last_seen, members, pqxx::binarystring(s.state));
                   max_version = std::max(max_version, r[0][0].as<int64_t>());
                 }
                 t->commit();
                 if (assigning) {
                   db_->assign_tx.reset();
                   // Nothing was written by others since BeginAssign (we held the lock).
                   synced_version_ = std::max(synced_version_, max_version);
                 }
                 return result;
               });
}

// ------------------------------------------------------------------- reads

StatusOr<std::optional<Article>> PostgresStore::GetArticle(std::string_view id) {
  return Guard(db_->assign_tx, "reading article " + std::string(id), [&]() -> StatusOr<std::optional<Article>> {
    Tx t(*this);
    pqxx::result r = t->exec_prepared("get_article", std::string(id));
    if (r.empty()) return std::optional<Article>();
    Article a;
    RETURN_IF_ERROR(ReadArticle(r[0], 0, &a));
    return std::optional<Article>(std::move(a));
  });
}

Status PostgresStore::ForEachArticle(const std::function<bool(const Article&)>& visit) {
  int64_t last = 0;
  for (;;) {
    pqxx::result page;
    RETURN_IF_ERROR(Guard(db_->assign_tx, "reading articles", [&]() -> Status {
      Tx t(*this);
      page = t->exec_prepared("page_articles", last);
      return Status::Ok();
    }));
    for (const auto& row : page) {
      last = row[0].as<int64_t>();
      Article a;
      RETURN_IF_ERROR(ReadArticle(row, 1, &a));
      if (!visit(a)) return Status::Ok();
    }
    if (page.size() < static_cast<size_t>(kPage)) return Status::Ok();
  }
}

StatusOr<std::vector<ArticleSource>> PostgresStore::ListSources(std::string_view article_id) {
  return Guard(db_->assign_tx, "reading the sources of article " + std::string(article_id),
               [&]() -> StatusOr<std::vector<ArticleSource>> {
                 Tx t(*this);
                 pqxx::result r = t->exec_prepared("list_sources", std::string(article_id));
                 std::vector<ArticleSource> out;
                 out.reserve(r.size());
                 for (const auto& row : r)
                   out.push_back({Str(row[0]), Str(row[1]), Str(row[2]), Str(row[3]), Str(row[4]), Str(row[5])});
                 return out;
               });
}

StatusOr<int64_t> PostgresStore::CountArticles() {
  return Guard(db_->assign_tx, "counting articles", [&]() -> StatusOr<int64_t> {
    Tx t(*this);
    return t->exec("SELECT count(*) FROM articles")[0][0].as<int64_t>();
  });
}

StatusOr<std::vector<StoryRecord>> PostgresStore::ListStories() {
  return Guard(db_->assign_tx, "reading stories", [&]() -> StatusOr<std::vector<StoryRecord>> {
    Tx t(*this);
    // One statement, one snapshot: every story committed before it is here,
    // so its highest version is a safe point to catch up from.
    pqxx::result r = t->exec(std::string("SELECT ") + kStoryColumns + " FROM stories ORDER BY ord");
    std::vector<StoryRecord> out;
    out.reserve(r.size());
    int64_t max_version = 0;
    for (const auto& row : r) {
      int64_t v = 0;
      ASSIGN_OR_RETURN(StoryRecord s, ReadStory(row, &v));
      max_version = std::max(max_version, v);
      out.push_back(std::move(s));
    }
    synced_version_ = std::max(synced_version_, max_version);
    return out;
  });
}

StatusOr<std::optional<StoryRecord>> PostgresStore::GetStory(std::string_view id) {
  return Guard(db_->assign_tx, "reading story " + std::string(id), [&]() -> StatusOr<std::optional<StoryRecord>> {
    Tx t(*this);
    pqxx::result r = t->exec_prepared("get_story", std::string(id));
    if (r.empty()) return std::optional<StoryRecord>();
    ASSIGN_OR_RETURN(StoryRecord s, ReadStory(r[0], nullptr));
    return std::optional<StoryRecord>(std::move(s));
  });
}

StatusOr<std::vector<EntityRow>> PostgresStore::QueryEntities(std::string_view only_id) {
  return Guard(db_->assign_tx, "reading entities", [&]() -> StatusOr<std::vector<EntityRow>> {
    Tx t(*this);
    const bool one = !only_id.empty();
    const std::string filter = one ? " AND entity = $1" : "";
    const std::string counts_sql =
        "SELECT entity, count(DISTINCT article) FROM mentions WHERE entity <> ''" + filter + " GROUP BY entity";
    const std::string details_sql =
        "SELECT entity, surface, name, type, country, count(*) FROM mentions WHERE entity <> ''" + filter +
        " GROUP BY entity, surface, name, type, country";
    pqxx::result counts = one ? t->exec_params(counts_sql, std::string(only_id)) : t->exec(counts_sql);
    pqxx::result details = one ? t->exec_params(details_sql, std::string(only_id)) : t->exec(details_sql);
    EntityRowBuilder rows;
    for (const auto& r : counts) rows.SetArticles(Str(r[0]), r[1].as<int>());
    for (const auto& r : details)
      rows.AddReading(Str(r[0]), Str(r[1]), Str(r[2]), Str(r[3]), Str(r[4]), r[5].as<int>());
    return rows.Finish();
  });
}

StatusOr<std::vector<EntityRow>> PostgresStore::ListEntities() { return QueryEntities(""); }

StatusOr<std::optional<EntityRow>> PostgresStore::GetEntity(std::string_view id) {
  if (id.empty()) return std::optional<EntityRow>();
  ASSIGN_OR_RETURN(std::vector<EntityRow> rows, QueryEntities(id));
  if (rows.empty()) return std::optional<EntityRow>();
  return std::optional<EntityRow>(std::move(rows.front()));
}

// ------------------------------------------------------------------ search

StatusOr<std::vector<SearchHit>> PostgresStore::Search(std::string_view query, const SearchOptions& options) {
  std::vector<SearchHit> hits;
  const std::string normalized = text::NormalizeForMatch(query);
  if (normalized.find_first_not_of(" \t\r\n") == std::string::npos) return hits;
  const int limit = std::clamp(options.limit, 1, 1000);
  const int max_words = std::clamp(options.snippet_tokens, 2, 64);
  const std::string headline_options =
      "StartSel=" + HeadlineValue(options.highlight_begin) + ", StopSel=" + HeadlineValue(options.highlight_end) +
      ", FragmentDelimiter=" + HeadlineValue(options.ellipsis) + ", MaxWords=" + std::to_string(max_words) +
      ", MinWords=" + std::to_string(std::max(1, max_words / 2)) + ", ShortWord=1, MaxFragments=1";

  // Rank and limit first, then build headlines only for the rows returned.
  std::string inner =
      "SELECT a.seq, a.id, a.story, a.title, a.published, a.source, a.search_text, "
      "ts_rank(a.tsv, q) AS rank, q FROM articles a, plainto_tsquery('arabic', $1) q WHERE a.tsv @@ q";
  if (!options.entity.empty()) inner += " AND a.seq IN (SELECT article FROM mentions WHERE entity = $3)";
  if (!options.date_from.empty()) inner += " AND a.published <> '' AND a.published >= $4";
  if (!options.date_to.empty()) inner += " AND a.published <> '' AND substr(a.published, 1, length($5)) <= $5";
  inner += " ORDER BY rank DESC, a.seq LIMIT $6";
  const std::string sql = "SELECT id, story, title, published, source, ts_headline('arabic', search_text, q, $2), "
                          "rank FROM (" + inner + ") hits ORDER BY rank DESC, seq";
  return Guard(db_->assign_tx, "searching for '" + std::string(query) + "'", [&]() -> StatusOr<std::vector<SearchHit>> {
    Tx t(*this);
    // Every parameter is sent; PostgreSQL needs each $n referenced (to know
    // its type), so the filters left out are referenced by a no-op.
    pqxx::result r = t->exec_params(
        "SELECT * FROM (" + sql + ") s WHERE $3::text IS NOT NULL AND $4::text IS NOT NULL AND $5::text IS NOT NULL",
        normalized, headline_options, options.entity, options.date_from, options.date_to, limit);
    for (const auto& row : r) {
      SearchHit h;
      h.article = Str(row[0]);
      h.story = Str(row[1]);
      h.title = Str(row[2]);
      h.published = Str(row[3]);
      h.source = Str(row[4]);
      h.snippet = Str(row[5]);
      h.score = row[6].as<double>();
      hits.push_back(std::move(h));
    }
    return hits;
  });
}

}  // namespace marsad::store

#endif  // MARSAD_HAVE_PQXX
