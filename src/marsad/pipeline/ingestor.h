// Ingest: inputs -> readers -> metadata -> analysis -> stories -> store.
//
// Articles are read and analyzed in batches (analysis in parallel on
// `threads` workers), then assigned to stories and committed in ONE store
// transaction per batch by this thread alone: a killed process loses at most
// the batch in flight, and a rerun skips what is stored and completes it.
// Not thread-safe: one Ingestor per process and store.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/ingest/reader.h"
#include "marsad/pipeline/analyzer.h"
#include "marsad/store/store.h"

namespace marsad::stories { class StoryClusterer; }

namespace marsad::pipeline {

struct IngestOptions {
  size_t batch_size = 256;
  int threads = 0;  // 0 = all cores
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
  Ingestor(const Analyzer& analyzer, store::Store& store, IngestOptions options);
  Status Flush(std::vector<Article>& batch, IngestStats& stats);
  // Title and summary of the stories a batch changed.
  Status DescribeStories(const std::vector<Article>& fresh, std::vector<StoryRecord>& dirty);

  const Analyzer& analyzer_;
  store::Store& store_;
  IngestOptions options_;
  std::unique_ptr<stories::StoryClusterer> clusterer_;
  std::function<void(const Progress&)> progress_;
};

}  // namespace marsad::pipeline
