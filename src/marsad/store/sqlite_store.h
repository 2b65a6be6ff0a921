// The SQLite store: one file, WAL journal (readers never block the writer),
// synchronous=NORMAL (a power cut may lose the last batches, never corrupt),
// foreign keys on, a busy timeout so concurrent processes wait instead of
// failing. The schema carries a version in `meta` and is migrated forward
// on open, each step in its own transaction.
//
// Tables: articles (rowid = ingest order), article_sources (every input an
// article arrived from), mentions (entity index), stories
// (member ids as a JSON array, clusterer state as a blob), articles_fts (an
// FTS5 index over title+text through our "marsad" tokenizer, external
// content: the text is stored once), and views entities / entity_variants.
// The database is readable by the sqlite3 shell, except articles_fts whose
// tokenizer only marsad registers.
//
// Not thread-safe: one thread at a time per object (open one per thread;
// several processes may share the file).
#pragma once

#include <memory>
#include <string>

#include "marsad/store/fts_tokenizer.h"
#include "marsad/store/sqlite_util.h"
#include "marsad/store/store.h"

namespace marsad::store {

struct SqliteOptions {
  int busy_timeout_ms = 10000;
};

class SqliteStore final : public Store {
 public:
  // Latest schema version this build writes.
  static int LatestSchemaVersion();

  // Opens or creates the store at `path` (":memory:" for a private
  // in-memory store). Refuses files that are not SQLite (kDataLoss), SQLite
  // databases of another program, and stores from a newer marsad
  // (kFailedPrecondition); every message names the file.
  static StatusOr<std::unique_ptr<SqliteStore>> Open(const std::string& path, const SqliteOptions& options = {});

  ~SqliteStore() override;

  StatusOr<bool> Contains(std::string_view id, uint64_t content_hash) override;
  // Articles must have a non-empty id and spans inside their text. When
  // article.tokens is filled (text::Analyze), the FTS index reuses it.
  StatusOr<CommitResult> Commit(const std::vector<Article>& articles,
                                const std::vector<StoryRecord>& stories,
                                const std::vector<DuplicateArrival>& duplicates = {}) override;
  // Returned articles have no tokens/sentences: run text::Analyze if needed.
  StatusOr<std::optional<Article>> GetArticle(std::string_view id) override;
  Status ForEachArticle(const std::function<bool(const Article&)>& visit) override;
  StatusOr<int64_t> CountArticles() override;
  Status ForEachArticleFacets(int64_t after_seq, const std::function<bool(const ArticleFacets&)>& visit) override;
  StatusOr<std::vector<ArticleSource>> ListSources(std::string_view article_id) override;
  StatusOr<std::vector<StoryRecord>> ListStories() override;  // creation order
  StatusOr<std::optional<StoryRecord>> GetStory(std::string_view id) override;
  // Entities by number of articles mentioning them (desc); variants by count.
  StatusOr<std::vector<EntityRow>> ListEntities() override;
  StatusOr<std::optional<EntityRow>> GetEntity(std::string_view id) override;
  // Ranked by BM25 (title weighs twice the text); SearchHit::score is
  // -bm25, higher is better.
  StatusOr<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options) override;

  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }
  // The raw connection, for tests and tools (same thread rules).
  sqlite3* db() const { return db_; }
  const FtsTokenizer& tokenizer() const { return *tokenizer_; }

 private:
  SqliteStore() = default;
  Status Init(const std::string& path, const SqliteOptions& options);
  Status Migrate();
  Status CheckFtsTokenizer();
  Status PrepareStatements();
  Status InsertArticle(const Article& a, uint64_t hash, const std::string& analysis, bool* inserted);
  Status UpsertStory(const StoryRecord& s);
  Status BackfillSources();
  // Records `src` against `id` itself (stored_as_is) or against the stored
  // article with content `hash`, else with id `id` (none: nothing recorded).
  Status RecordSource(std::string_view id, uint64_t hash, bool stored_as_is, const ArticleSource& src,
                      const std::string& now);
  Status ReadArticle(const sqlite::Stmt& s, Article* out);
  StatusOr<std::vector<EntityRow>> QueryEntities(std::string_view only_id);
  Status Err(int rc, std::string_view what) const { return sqlite::Error(db_, rc, what); }

  std::string path_;
  sqlite3* db_ = nullptr;
  // Heap-allocated: SQLite keeps a pointer to it for the connection's life.
  std::unique_ptr<FtsTokenizer> tokenizer_ = std::make_unique<FtsTokenizer>();
  int schema_version_ = 0;

  sqlite::Stmt contains_;
  sqlite::Stmt insert_article_;
  sqlite::Stmt insert_mention_;
  sqlite::Stmt insert_fts_;
  sqlite::Stmt upsert_story_;
  sqlite::Stmt get_article_;
  sqlite::Stmt get_story_;
  sqlite::Stmt find_stored_;
  sqlite::Stmt insert_source_;
  sqlite::Stmt list_sources_;
};

}  // namespace marsad::store
