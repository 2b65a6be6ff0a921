// The watcher: polls the sources of a sources file, ingests what is new
// through the full pipeline (one Analyzer, one Ingestor), remembers what it
// saw in its state file, and raises alerts on the stories a cycle touched.
//
// One cycle: for each due source in file order, fetch (conditional GET,
// robots.txt, per-host delay), read (feed items, teaser pages, a page, or
// new local files), ingest and commit to the store, THEN record the source's
// state and seen items in one state transaction. A source's failure is
// recorded (with exponential back-off) and the next source proceeds.
// Not thread-safe: one Watcher per process.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/pipeline/analyzer.h"
#include "marsad/pipeline/ingestor.h"
#include "marsad/store/store.h"
#include "marsad/watch/alerts.h"
#include "marsad/watch/http_client.h"
#include "marsad/watch/robots.h"
#include "marsad/watch/sources_file.h"
#include "marsad/watch/state.h"

namespace marsad::watch {

struct WatchOptions {
  std::string db;            // the store
  std::string state_path;    // "" = DB + ".watch"
  std::string alerts_log;    // "" = DB + ".alerts.jsonl"
  std::string sources_file;
  std::string rules_file;    // "" = no alerts
  std::string webhook;       // overrides the rules file's webhook
  HttpOptions http;
  int threads = 0;           // analysis threads (0 = all cores)
  int64_t max_backoff_seconds = 86400;
};

// The state and alert log paths for a store path.
std::string DefaultStatePath(const std::string& db);
std::string DefaultAlertsLog(const std::string& db);

struct CycleReport {
  int polled = 0;
  int not_due = 0;
  int not_modified = 0;
  int failed = 0;
  int64_t inserted = 0;        // new articles stored
  int stories_touched = 0;
  int alerts_new = 0;
  int alerts_delivered = 0;
  int alerts_failed = 0;       // webhook POSTs that failed (retried next cycle)
  int64_t requests = 0;
};

class Watcher {
 public:
  // `log` receives one human-readable line per event worth telling.
  static StatusOr<std::unique_ptr<Watcher>> Create(WatchOptions options,
                                                   std::function<void(const std::string&)> log = nullptr);
  ~Watcher();

  // One polling cycle. `ignore_intervals`: poll every source that is not
  // backing off after errors (--once), not only those whose interval ran out.
  StatusOr<CycleReport> RunCycle(bool ignore_intervals);

  // Polls until `stop` becomes true, sleeping until the next source is due.
  Status Run(const std::atomic<bool>& stop);

 private:
  struct Polled;
  explicit Watcher(WatchOptions options);
  Status PollRemote(const SourceSpec& spec, SourceState& state, Polled& out);
  Status PollLocal(const SourceSpec& spec, Polled& out);
  StatusOr<bool> RobotsAllow(const std::string& url);
  StatusOr<std::map<std::string, size_t>> StorySizes();
  Status RaiseAlerts(const std::map<std::string, size_t>& before, CycleReport& report);
  Status Deliver(AlertRecord& rec, CycleReport& report);
  void Log(const std::string& line) { if (log_) log_(line); }

  WatchOptions options_;
  std::function<void(const std::string&)> log_;
  std::vector<SourceSpec> sources_;
  AlertRules rules_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<pipeline::Analyzer> analyzer_;
  std::unique_ptr<pipeline::Ingestor> ingestor_;
  std::unique_ptr<WatchState> state_;
  std::unique_ptr<HttpClient> http_;
  std::map<std::string, RobotsRules> robots_;  // by scheme://host, once per run
};

}  // namespace marsad::watch
