// Ingest: inputs -> readers -> metadata -> analysis -> stories -> store.
//
// A streaming pipeline over batches: the calling thread reads a batch, drops
// what is stored, and hands it to `threads` analysis threads; meanwhile it
// assigns stories to the oldest analyzed batch, in input order, and commits
// it in ONE store transaction. At most `max_pending` batches are in flight,
// so memory does not grow with the input. The results are those of reading,
// analyzing and committing one batch after the other: a killed process loses
// at most the batches in flight (each commit is one transaction), and a rerun
// skips what is stored and completes it.
// MARSAD_INGEST_TRACE=FILE writes the committing thread's CPU time per step,
// one line per batch (docs/SCALE.md).
// Not thread-safe: one Ingestor per process and store, used from one thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/ingest/reader.h"
#include "marsad/pipeline/analyzer.h"
#include "marsad/store/store.h"

namespace marsad::stories { class StoryClusterer; }

namespace marsad::pipeline {

struct IngestOptions {
  size_t batch_size = 256;
  int threads = 0;  // analysis threads; 0 = all cores but one (the committing thread's)
  int max_pending = 2;  // analyzed or analyzing batches ahead of the commit
  // Recent articles whose lead (first six sentences' text and word forms)
  // is kept for story titles and summaries instead of being read back from
  // the store and re-tokenized (~20 KB each: ~40 MB at 2048).
  size_t lead_cache = 2048;
};

struct IngestStats {
  std::map<std::string, int64_t> read_by_format;  // articles read per input format
  int64_t files = 0;
  int64_t inserted = 0;
  int64_t already_stored = 0;   // same id or same content as a stored article
  int64_t duplicates_in_input = 0;
  int64_t near_duplicates = 0;  // stored, marked duplicate_of an earlier report
  int64_t stories_touched = 0;
  std::vector<ingest::Problem> problems;
};

struct Progress {
  int64_t files_done = 0, files_total = 0;
  int64_t articles = 0;
  uint64_t bytes_done = 0, bytes_total = 0;
  std::string current;
};

class Ingestor {
 public:
  // Restores the story index from `store`.
  static StatusOr<std::unique_ptr<Ingestor>> Create(const Analyzer& analyzer, store::Store& store,
                                                    IngestOptions options = {});
  ~Ingestor();

  void set_progress(std::function<void(const Progress&)> cb) { progress_ = std::move(cb); }

  // Reads every input under `paths` (files, folders, @lists). Problems with
  // single files or records go to stats.problems; only store failures end
  // the run with an error status.
  Status Run(const std::vector<std::string>& paths, IngestStats& stats);

  // Ingests already-read articles (server, watch).
  Status IngestArticles(std::vector<Article> articles, IngestStats& stats);

 private:
  struct Batch;
  class Pool;
  struct Trace;

  Ingestor(const Analyzer& analyzer, store::Store& store, IngestOptions options);
  Status RunInputs(const std::vector<std::string>& paths, IngestStats& stats);
  // Metadata, dedup (store, batch, batches in flight), then queues the
  // batch for analysis; commits the oldest batches beyond max_pending.
  Status Submit(std::vector<Article>& batch, IngestStats& stats);
  // Waits for the oldest batch's analysis, assigns its stories, commits it.
  Status CommitOldest(IngestStats& stats);
  Status Drain(IngestStats& stats);
  // After a failure: waits for the analysis in flight and drops it.
  void Abandon();
  // Title and summary of the stories a batch changed.
  Status DescribeStories(const std::vector<Article>& fresh, std::vector<StoryRecord>& dirty);
  // Keeps the leads of the articles a commit stored (the lead cache).
  void RememberLeads(const std::vector<Article>& fresh, const std::vector<std::string>& inserted);

  const Analyzer& analyzer_;
  store::Store& store_;
  IngestOptions options_;
  std::unique_ptr<stories::StoryClusterer> clusterer_;
  std::function<void(const Progress&)> progress_;
  std::deque<std::unique_ptr<Batch>> pending_;      // submitted, not committed, oldest first
  std::unordered_set<std::string> in_flight_ids_;   // ids and content hashes of pending_ articles
  std::unordered_set<uint64_t> in_flight_hashes_;
  uint64_t sync_epoch_ = 0;  // catch-ups (BeginAssign) that took in other writers' changes
  std::unordered_map<std::string, Article> leads_;  // id -> LeadOf(article), the lead cache
  std::deque<std::string> lead_order_;               // its ids, oldest first
  std::unique_ptr<Trace> trace_;  // MARSAD_INGEST_TRACE
  std::unique_ptr<Pool> pool_;  // declared last: its threads stop before pending_ goes
};

}  // namespace marsad::pipeline
