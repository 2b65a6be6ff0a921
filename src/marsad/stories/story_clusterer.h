// Online story clustering with near-duplicate detection.
//
// A StoryClusterer represents the set of stories of one store, held as
// compact per-story features (term counts, entity counts, dates, index keys,
// MinHash signatures of a few reports) so that assigning a new article costs
// the same whether the store holds a thousand or a million articles:
//   1. near-duplicates: MinHash over word 5-shingles + LSH banding; a wire
//      copy joins the story of the report it copies (duplicate_of).
//   2. candidates: the stories posted under the article's rarest stems and
//      its entities (inverted index, capped to the most recent stories).
//   3. score: TF-IDF cosine (stems + entities, IDF counted incrementally)
//      plus time proximity; reports dated weeks apart never share a story,
//      undated ones need more textual evidence.
// Every decision depends only on the input order and the persisted story
// states, so a store reopened with Restore() and fed more articles ends up
// exactly where one uninterrupted run would.
// Stories idle for seq_window articles retire: they can never be candidates
// again, so (drop_retired) everything they hold is freed and they leave
// memory; only their share of the document frequencies stays. Memory thus
// follows the live stories, not the size of the input or of the store.
//
// Stateful and NOT thread-safe: one per ingest process, used from one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/core/story.h"

namespace marsad::stories {

struct ClusterOptions {
  double duplicate_jaccard = 0.6;   // estimated shingle Jaccard that makes a copy
  double link_threshold = 0.15;     // score to join a story whose dates agree
  double undated_threshold = 0.22;  // when time cannot be compared
  double mismatch_threshold = 0.45; // when the text's dates all disagree with the story's
  double coarse_mismatch_threshold = 0.30;  // likewise when the text's finest dates are months
  double type_weight = 0.08;        // threshold shift from event-type (dis)agreement when dates do not decide
  double min_cosine = 0.10;         // textual similarity no date bonus can replace
  double time_weight = 0.08;        // score bonus for a same-day report
  int window_days = 7;              // max gap from a dated report to a story's dated span
  int max_span_days = 14;           // a story never spans more than this (publication dates)
  int key_terms = 20;               // top stems (already seen) an article retrieves stories by
  int index_terms = 128;            // top stems an article indexes its story under
  int key_entities = 8;             // entities likewise
  int posting_cap = 32;             // most recent stories retrieved per key
  int max_candidates = 24;          // stories scored in full per article
  int story_terms = 512;            // term counts a story keeps
  int story_keys = 768;             // index keys a story keeps
  int story_originals = 16;         // report signatures a story keeps for duplicate detection
  uint32_t seq_window = 250000;     // stories idle for this many articles are no longer candidates
  double entity_boost = 2.0;        // weight of an entity against a stem
  double title_boost = 1.5;         // title words are better index keys
  // Free everything a retired story holds (terms, keys, report signatures,
  // members, its index entries) and drop it from memory, so that memory
  // follows the live stories, not the input. Only its contribution to the
  // document frequencies stays. false keeps retired stories' features (the
  // behaviour before; tests compare both).
  bool drop_retired = true;
};

class StoryClusterer {
 public:
  explicit StoryClusterer(ClusterOptions options = {});
  ~StoryClusterer();
  StoryClusterer(StoryClusterer&&) noexcept;
  StoryClusterer& operator=(StoryClusterer&&) noexcept;

  // Assigns an analyzed article (tokens from text::Analyze; mentions,
  // timexes and published used when present) to a story, creating one if
  // needed. Sets a.story and a.duplicate_of (the earlier report it copies,
  // else ""). Deterministic given the same input order.
  void Assign(Article& a);

  // Stories changed since the last call, in id order, to persist in the same
  // transaction as their articles. `state` holds the versioned features.
  std::vector<StoryRecord> TakeDirty();

  // Rebuilds one story of a persisted store (call for every story before
  // assigning more). Fails on a state this version cannot read.
  Status Restore(const StoryRecord& r);

  // Takes in a story another writer created or changed (the store's
  // BeginAssign): replaces this clusterer's copy, or adds it. Later Assigns
  // decide as one process that had made those changes itself would, given
  // the other writers' changes came after this clusterer's own (the store's
  // lock guarantees it). Fails on an unreadable state or on a story with
  // changes not yet taken by TakeDirty.
  Status Replace(const StoryRecord& r);

  // Stories created or restored so far, retired ones included.
  size_t num_stories() const;
  // Stories whose features are held in memory (live ones, and retired ones
  // not yet dropped).
  size_t num_held_stories() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marsad::stories
