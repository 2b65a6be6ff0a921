// The watcher's memory, in its own SQLite file (DB.watch by default) beside
// the store: per source the conditional-GET validators, the last success and
// error, the failure count and the back-off deadline; the feed items and
// local files already ingested; the alerts already raised and the last
// ceasefire statuses seen. Written AFTER the store commits a cycle's
// articles: a crash in between re-fetches, and the store's id/content dedup
// makes the re-ingest a no-op. Not thread-safe: one WatchState per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "marsad/core/status.h"

struct sqlite3;

namespace marsad::watch {

struct SourceState {
  std::string source;        // URL or path, as in the sources file
  std::string etag;
  std::string last_modified;
  std::string last_success;  // ISO UTC time
  std::string last_error;    // message of the last failure ("" after a success)
  std::string last_error_at;
  int failures = 0;          // consecutive
  int64_t next_due = 0;      // unix seconds
  int64_t articles = 0;      // articles ingested from this source, all runs
  int64_t polls = 0;
  int64_t not_modified = 0;  // 304 answers
};

struct AlertRecord {
  std::string key;       // rule \t story \t change
  std::string json;      // the alert as delivered
  bool delivered = false;
};

class WatchState {
 public:
  static StatusOr<std::unique_ptr<WatchState>> Open(const std::string& path);
  // For readers (`--status`, the server): never creates or changes the file.
  static StatusOr<std::unique_ptr<WatchState>> OpenReadOnly(const std::string& path);
  ~WatchState();

  StatusOr<SourceState> GetSource(const std::string& source);
  StatusOr<std::vector<SourceState>> ListSources();

  Status Begin();
  Status Commit();
  Status Rollback();

  Status PutSource(const SourceState& s);
  StatusOr<bool> Seen(const std::string& source, const std::string& item);
  Status MarkSeen(const std::string& source, const std::string& item);

  StatusOr<std::optional<AlertRecord>> GetAlert(const std::string& key);
  Status PutAlert(const AlertRecord& a);
  StatusOr<std::vector<AlertRecord>> UndeliveredAlerts();

  // Last status of one ceasefire record of a story ("" when never seen).
  StatusOr<std::string> CeasefireStatus(const std::string& story, const std::string& ceasefire);
  Status SetCeasefireStatus(const std::string& story, const std::string& ceasefire, const std::string& status);

 private:
  explicit WatchState(sqlite3* db) : db_(db) {}
  Status Exec(const char* sql);
  sqlite3* db_;
};

// One row per source for `marsad watch --status` and, later, the API.
StatusOr<std::vector<SourceState>> ReadStatus(const std::string& state_path);

// "2026-11-22T18:40:00Z" for a unix time.
std::string IsoUtc(int64_t unix_seconds);

}  // namespace marsad::watch
