// The store: where articles, their analyses and the stories live.
// SQLite by default (a file path); PostgreSQL for scale ("postgresql://...").
//
// Consistency: Commit() writes one batch (articles + the stories they
// changed) in ONE transaction, so a killed process leaves either the whole
// batch or none of it, and a rerun completes it. Re-ingesting an article
// already stored (same id, or same content hash) changes nothing.
// A Store object is used from one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/core/story.h"

namespace marsad::store {

// 64-bit hash of an article's normalized text: "the same content".
uint64_t ContentHash(std::string_view text);

struct CommitResult {
  std::vector<std::string> inserted;   // ids written
  std::vector<std::string> skipped;    // ids already present (same id or same content)
};

// One arrival of an article: an input it was read from. The same report
// read as a feed item, a page and a WARC record is stored once, with three
// sources. One row per (article, url, path): re-reading an input adds none.
struct ArticleSource {
  std::string article;     // id of the stored article
  std::string url;         // the URL this arrival gave ("" when none)
  std::string source;      // outlet (site name or domain)
  std::string format;      // txt | jsonl | html | rss | atom | warc
  std::string path;        // input file (Article::origin without :line / #item / #record)
  std::string first_seen;  // UTC ISO 8601 when the store first recorded it ("" before schema 2)
};

// The source an article's own fields describe (article = its id).
ArticleSource SourceOf(const Article& a);
// The input file of an Article::origin: "a.jsonl:12" -> "a.jsonl",
// "f.rss#item 3" -> "f.rss", "c.warc.gz#record 2 @1024" -> "c.warc.gz".
std::string InputPathOf(std::string_view origin);

// An input not stored because the store or the same batch holds its id or
// content already: Commit records it as a source of that stored article.
struct DuplicateArrival {
  std::string id;             // the input's own article id
  uint64_t content_hash = 0;  // ContentHash() of its text
  ArticleSource source;       // article and first_seen are filled by the store
};

// What a story list needs of one article: its story, date, outlet, the
// entities and countries it mentions and its events — no text, no spans.
struct ArticleFacets {
  int64_t seq = 0;  // ingest order (1, 2, ...)
  std::string id, story, published, source, event_type;
  std::vector<std::string> entities;   // linked entity ids of its mentions (repeats possible)
  std::vector<std::string> countries;  // countries of its mentions (repeats possible)
  struct EventFacet {
    std::string type, mode;
    std::vector<std::string> parties;
  };
  std::vector<EventFacet> events;
  // Its mentions linked to an entity, as the entity list reads them
  // (type = EntityTypeName), so that list can grow article by article.
  struct EntityMention {
    std::string entity, surface, name, type, country;
  };
  std::vector<EntityMention> entity_mentions;
};

struct EntityRow {
  std::string entity;   // id
  std::string name;
  std::string type;     // PER ORG LOC GPE MISC
  std::string country;
  std::vector<std::pair<std::string, int>> variants;  // surface -> occurrences
  int articles = 0;
};

struct SearchHit {
  std::string article;
  std::string story;
  std::string title;
  std::string snippet;  // original text around the match
  double score = 0;     // higher is better
  std::string published;
  std::string source;
};

struct SearchOptions {
  int limit = 20;
  std::string entity;     // only articles mentioning this entity id
  std::string date_from;  // ISO, inclusive
  std::string date_to;    // ISO, inclusive at its own precision ("2020-10" = all of October)
  // Marks around matched words in the snippet. Servers rendering HTML should
  // pick markers that cannot occur in text (e.g. U+E000/U+E001), escape the
  // snippet, then turn the markers into tags.
  std::string highlight_begin = "[";
  std::string highlight_end = "]";
  std::string ellipsis = "…";
  int snippet_tokens = 24;  // words of context in the snippet (1..64)
};

// Folds per-mention readings (surface, name, type, country, count) into
// EntityRows: variants by frequency, the most frequent non-empty name, type
// and country. Shared by every Store implementation.
class EntityRowBuilder {
 public:
  void SetArticles(std::string_view entity, int articles);
  // One more article mentions the entity (for folding in article by article).
  void AddArticle(std::string_view entity);
  // Readings of entities never given to SetArticles or AddArticle are ignored.
  void AddReading(std::string_view entity, std::string_view surface, std::string_view name,
                  std::string_view type, std::string_view country, int count);
  // Entities by article count, most mentioned first; the builder keeps its
  // state, so more can be folded in after.
  std::vector<EntityRow> Rows() const;
  // Rows(), then the builder is empty again.
  std::vector<EntityRow> Finish();

 private:
  struct Acc {
    EntityRow row;
    std::map<std::string, int> variants, names, types, countries;
  };
  std::map<std::string, Acc, std::less<>> acc_;
};

class Store {
 public:
  virtual ~Store() = default;

  // Opens (creating and migrating as needed) the store at `uri`: a file path
  // for SQLite, or a postgresql:// URI.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& uri);

  // Is an article with this id or this content hash already stored?
  virtual StatusOr<bool> Contains(std::string_view id, uint64_t content_hash) = 0;

  // Writes articles (skipping those already present) and replaces the given
  // stories, in one transaction. The same transaction records a source for
  // every article given (inserted or skipped) and for every duplicate: each
  // is attached to the stored article with its content hash, else with its
  // id (a duplicate matching neither is ignored).
  virtual StatusOr<CommitResult> Commit(const std::vector<Article>& articles,
                                        const std::vector<StoryRecord>& stories,
                                        const std::vector<DuplicateArrival>& duplicates = {}) = 0;

  virtual StatusOr<std::optional<Article>> GetArticle(std::string_view id) = 0;
  // Visits every article in ingest order; stop early by returning false.
  virtual Status ForEachArticle(const std::function<bool(const Article&)>& visit) = 0;
  virtual StatusOr<int64_t> CountArticles() = 0;
  // Visits the facets of every article with seq > `after_seq`, in ingest
  // order; stop early by returning false. The default reads whole articles
  // (numbering them 1, 2, ... in ingest order); SQLite reads only the
  // columns it needs, which is what makes a 100k-article story list cheap.
  virtual Status ForEachArticleFacets(int64_t after_seq, const std::function<bool(const ArticleFacets&)>& visit);
  // Every input the article arrived from, first arrival first.
  virtual StatusOr<std::vector<ArticleSource>> ListSources(std::string_view article_id) = 0;

  virtual StatusOr<std::vector<StoryRecord>> ListStories() = 0;
  virtual StatusOr<std::optional<StoryRecord>> GetStory(std::string_view id) = 0;

  virtual StatusOr<std::vector<EntityRow>> ListEntities() = 0;
  virtual StatusOr<std::optional<EntityRow>> GetEntity(std::string_view id) = 0;

  // Full-text search that sees through harakat, clitics and spelling.
  virtual StatusOr<std::vector<SearchHit>> Search(std::string_view query, const SearchOptions& options) = 0;

  // Several writers (PostgreSQL): called before assigning a batch to
  // stories. Returns the stories other writers changed since this object
  // last synchronized (ListStories() counts as a sync), for the caller to
  // feed to StoryClusterer::Replace, and holds a lock across writers until
  // the next Commit() (or until the store is closed or a call fails). A
  // single-writer store (SQLite) returns nothing and locks nothing.
  virtual StatusOr<std::vector<StoryRecord>> BeginAssign() { return std::vector<StoryRecord>{}; }
};

}  // namespace marsad::store
