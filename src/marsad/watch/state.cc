#include "marsad/watch/state.h"

#include <sqlite3.h>

#include <ctime>
#include <filesystem>

namespace marsad::watch {
namespace {

struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
  ~Stmt() { sqlite3_finalize(s); }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(s, i, v);
    return *this;
  }
  std::string Text(int i) {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
};

Status Err(sqlite3* db, const std::string& what) {
  return IoError("watch state: " + what + ": " + sqlite3_errmsg(db));
}

SourceState RowToSource(Stmt& st) {
  SourceState s;
  s.source = st.Text(0);
  s.etag = st.Text(1);
  s.last_modified = st.Text(2);
  s.last_success = st.Text(3);
  s.last_error = st.Text(4);
  s.last_error_at = st.Text(5);
  s.failures = sqlite3_column_int(st.s, 6);
  s.next_due = sqlite3_column_int64(st.s, 7);
  s.articles = sqlite3_column_int64(st.s, 8);
  s.polls = sqlite3_column_int64(st.s, 9);
  s.not_modified = sqlite3_column_int64(st.s, 10);
  return s;
}

constexpr const char* kSourceCols =
    "source, etag, last_modified, last_success, last_error, last_error_at, failures, next_due, articles, polls, "
    "not_modified";

}  // namespace

std::string IsoUtc(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

StatusOr<std::unique_ptr<WatchState>> WatchState::Open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return IoError("cannot open watch state " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 10000);
  std::unique_ptr<WatchState> st(new WatchState(db));
  Status s = st->Exec(
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=NORMAL;"
      "CREATE TABLE IF NOT EXISTS sources(source TEXT PRIMARY KEY, etag TEXT, last_modified TEXT,"
      " last_success TEXT, last_error TEXT, last_error_at TEXT, failures INTEGER, next_due INTEGER,"
      " articles INTEGER, polls INTEGER, not_modified INTEGER);"
      "CREATE TABLE IF NOT EXISTS seen(source TEXT, item TEXT, PRIMARY KEY(source, item)) WITHOUT ROWID;"
      "CREATE TABLE IF NOT EXISTS alerts(key TEXT PRIMARY KEY, json TEXT, delivered INTEGER);"
      "CREATE TABLE IF NOT EXISTS ceasefires(story TEXT, ceasefire TEXT, status TEXT,"
      " PRIMARY KEY(story, ceasefire)) WITHOUT ROWID;");
  if (!s.ok()) return s.WithContext(path);
  return st;
}

StatusOr<std::unique_ptr<WatchState>> WatchState::OpenReadOnly(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return IoError("cannot open watch state " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, 2000);
  return std::unique_ptr<WatchState>(new WatchState(db));
}

WatchState::~WatchState() { sqlite3_close(db_); }

Status WatchState::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "error";
    sqlite3_free(err);
    return IoError("watch state: " + m);
  }
  return Status::Ok();
}

Status WatchState::Begin() { return Exec("BEGIN IMMEDIATE"); }
Status WatchState::Commit() { return Exec("COMMIT"); }
Status WatchState::Rollback() { return Exec("ROLLBACK"); }

StatusOr<SourceState> WatchState::GetSource(const std::string& source) {
  Stmt st(db_, (std::string("SELECT ") + kSourceCols + " FROM sources WHERE source=?").c_str());
  if (!st.s) return Err(db_, "select source");
  st.Bind(1, source);
  int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return RowToSource(st);
  if (rc != SQLITE_DONE) return Err(db_, "select source");
  SourceState s;
  s.source = source;
  return s;
}

StatusOr<std::vector<SourceState>> WatchState::ListSources() {
  Stmt st(db_, (std::string("SELECT ") + kSourceCols + " FROM sources ORDER BY source").c_str());
  if (!st.s) return Err(db_, "list sources");
  std::vector<SourceState> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) out.push_back(RowToSource(st));
  if (rc != SQLITE_DONE) return Err(db_, "list sources");
  return out;
}

Status WatchState::PutSource(const SourceState& s) {
  Stmt st(db_, (std::string("INSERT OR REPLACE INTO sources(") + kSourceCols +
                ") VALUES(?,?,?,?,?,?,?,?,?,?,?)").c_str());
  if (!st.s) return Err(db_, "write source");
  st.Bind(1, s.source).Bind(2, s.etag).Bind(3, s.last_modified).Bind(4, s.last_success).Bind(5, s.last_error);
  st.Bind(6, s.last_error_at).Bind(7, int64_t{s.failures}).Bind(8, s.next_due).Bind(9, s.articles);
  st.Bind(10, s.polls).Bind(11, s.not_modified);
  if (sqlite3_step(st.s) != SQLITE_DONE) return Err(db_, "write source");
  return Status::Ok();
}

StatusOr<bool> WatchState::Seen(const std::string& source, const std::string& item) {
  Stmt st(db_, "SELECT 1 FROM seen WHERE source=? AND item=?");
  if (!st.s) return Err(db_, "seen");
  st.Bind(1, source).Bind(2, item);
  int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) return Err(db_, "seen");
  return false;
}

Status WatchState::MarkSeen(const std::string& source, const std::string& item) {
  Stmt st(db_, "INSERT OR IGNORE INTO seen(source, item) VALUES(?,?)");
  if (!st.s) return Err(db_, "mark seen");
  st.Bind(1, source).Bind(2, item);
  if (sqlite3_step(st.s) != SQLITE_DONE) return Err(db_, "mark seen");
  return Status::Ok();
}

StatusOr<std::optional<AlertRecord>> WatchState::GetAlert(const std::string& key) {
  Stmt st(db_, "SELECT key, json, delivered FROM alerts WHERE key=?");
  if (!st.s) return Err(db_, "get alert");
  st.Bind(1, key);
  int rc = sqlite3_step(st.s);
  if (rc == SQLITE_DONE) return std::optional<AlertRecord>();
  if (rc != SQLITE_ROW) return Err(db_, "get alert");
  return std::optional<AlertRecord>(AlertRecord{st.Text(0), st.Text(1), sqlite3_column_int(st.s, 2) != 0});
}

Status WatchState::PutAlert(const AlertRecord& a) {
  Stmt st(db_, "INSERT OR REPLACE INTO alerts(key, json, delivered) VALUES(?,?,?)");
  if (!st.s) return Err(db_, "put alert");
  st.Bind(1, a.key).Bind(2, a.json).Bind(3, int64_t{a.delivered ? 1 : 0});
  if (sqlite3_step(st.s) != SQLITE_DONE) return Err(db_, "put alert");
  return Status::Ok();
}

StatusOr<std::vector<AlertRecord>> WatchState::UndeliveredAlerts() {
  Stmt st(db_, "SELECT key, json, delivered FROM alerts WHERE delivered=0 ORDER BY rowid");
  if (!st.s) return Err(db_, "undelivered alerts");
  std::vector<AlertRecord> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) out.push_back({st.Text(0), st.Text(1), false});
  return out;
}

StatusOr<std::string> WatchState::CeasefireStatus(const std::string& story, const std::string& ceasefire) {
  Stmt st(db_, "SELECT status FROM ceasefires WHERE story=? AND ceasefire=?");
  if (!st.s) return Err(db_, "ceasefire status");
  st.Bind(1, story).Bind(2, ceasefire);
  if (sqlite3_step(st.s) == SQLITE_ROW) return st.Text(0);
  return std::string();
}

Status WatchState::SetCeasefireStatus(const std::string& story, const std::string& ceasefire,
                                      const std::string& status) {
  Stmt st(db_, "INSERT OR REPLACE INTO ceasefires(story, ceasefire, status) VALUES(?,?,?)");
  if (!st.s) return Err(db_, "set ceasefire status");
  st.Bind(1, story).Bind(2, ceasefire).Bind(3, status);
  if (sqlite3_step(st.s) != SQLITE_DONE) return Err(db_, "set ceasefire status");
  return Status::Ok();
}

StatusOr<std::vector<SourceState>> ReadStatus(const std::string& state_path) {
  if (!std::filesystem::exists(state_path))
    return NotFound("no watch state at " + state_path + " (has `marsad watch` run with this --db?)");
  ASSIGN_OR_RETURN(auto st, WatchState::OpenReadOnly(state_path));
  auto rows = st->ListSources();
  if (!rows.ok()) return rows.status().WithContext(state_path + " (not a marsad watch state?)");
  return rows;
}

}  // namespace marsad::watch
