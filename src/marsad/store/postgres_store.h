// The PostgreSQL store: the same model as the SQLite store, for deployments
// where several ingest workers (on one or many machines) feed one database.
//
// Tables: meta (schema version), articles (seq = ingest order = commit
// order), mentions, stories (member ids as JSON text, clusterer state as
// bytea, `version` from the sequence story_version: bumped on every write,
// so a worker can ask "what changed since I last looked"). Search uses
// PostgreSQL's built-in `arabic` text-search configuration over
// marsad-normalized title and text (text::NormalizeForMatch), a stored
// tsvector with a GIN index, ts_rank and ts_headline.
//
// Several writers: every Commit() runs under a cluster-wide advisory lock
// (pg_advisory_xact_lock), so story writes are serialized and story versions
// grow in commit order. BeginAssign() takes that lock early, returns the
// stories other writers changed since this object last synchronized, and
// keeps the transaction open until the next Commit(); the lock is therefore
// held only for the short assign + commit step, while analysis runs in
// parallel everywhere.
//
// Not thread-safe: one thread at a time per object (one connection each).
#pragma once

#ifdef MARSAD_HAVE_PQXX

#include <memory>
#include <string>

#include "marsad/store/store.h"

namespace marsad::store {

class PostgresStore final : public Store {
 public:
  static int LatestSchemaVersion();

  // Connects to `uri` (a libpq connection URI, postgresql://...) and creates
  // or migrates the schema (serialized across processes by an advisory lock).
  static StatusOr<std::unique_ptr<PostgresStore>> Open(const std::string& uri);

  ~PostgresStore() override;

  StatusOr<bool> Contains(std::string_view id, uint64_t content_hash) override;
  StatusOr<CommitResult> Commit(const std::vector<Article>& articles,
                                const std::vector<StoryRecord>& stories,
                                const std::vector<DuplicateArrival>& duplicates = {}) override;
  StatusOr<std::optional<Article>> GetArticle(std::string_view id) override;
  // Pages through the articles by seq (keyset: one short query per 512
  // articles), so memory stays flat and the visitor may call the store.
  Status ForEachArticle(const std::function<bool(const Article&)>& visit) override;
  StatusOr<int64_t> CountArticles() override;
  StatusOr<std::vector<ArticleSource>> ListSources(std::string_view article_id) override;
  StatusOr<std::vector<StoryRecord>> ListStories() override;  // creation order
  StatusOr<std::optional<StoryRecord>> GetStory(std::string_view id) override;
  StatusOr<std::vector<EntityRow>> ListEntities() override;
  StatusOr<std::optional<EntityRow>> GetEntity(std::string_view id) override;
  // Ranked by ts_rank (title weight A, text D); snippets by ts_headline over
  // the normalized text (no harakat or tatweel, unified letter forms).
  StatusOr<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options) override;

  StatusOr<std::vector<StoryRecord>> BeginAssign() override;

  int schema_version() const { return schema_version_; }

 private:
  PostgresStore();
  class Tx;
  Status Init(const std::string& uri);
  Status Migrate();
  StatusOr<std::vector<EntityRow>> QueryEntities(std::string_view only_id);

  struct Db;  // the libpqxx connection and the open assign transaction

  std::string uri_for_messages_;
  std::unique_ptr<Db> db_;
  // Highest story version this object has seen or written with nothing
  // unseen below it.
  int64_t synced_version_ = 0;
  int schema_version_ = 0;
};

}  // namespace marsad::store

#endif  // MARSAD_HAVE_PQXX
