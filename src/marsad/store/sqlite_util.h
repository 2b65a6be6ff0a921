// Thin RAII helpers over the SQLite C API: a prepared statement that
// finalizes itself, a transaction that rolls back unless committed, and the
// mapping of SQLite result codes to marsad Status (with the file named).
// Not thread-safe: each object belongs to the connection's one user.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "marsad/core/status.h"

namespace marsad::store::sqlite {

// Status for a failed SQLite call: `what` says what we were doing; the
// SQLite message and the database file are appended.
Status Error(sqlite3* db, int rc, std::string_view what);

// Runs one or more SQL statements with no parameters and no results.
Status Exec(sqlite3* db, std::string_view sql, std::string_view what);

class Stmt {
 public:
  Stmt() = default;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt(Stmt&& o) noexcept : s_(o.s_) { o.s_ = nullptr; }
  Stmt& operator=(Stmt&& o) noexcept {
    if (this != &o) {
      sqlite3_finalize(s_);
      s_ = o.s_;
      o.s_ = nullptr;
    }
    return *this;
  }
  ~Stmt() { sqlite3_finalize(s_); }

  // `persistent`: kept for the life of the connection (cached statements).
  static StatusOr<Stmt> Prepare(sqlite3* db, std::string_view sql, bool persistent = false);

  sqlite3_stmt* get() const { return s_; }
  explicit operator bool() const { return s_ != nullptr; }

  // Ready for new bindings; keeps the compiled plan.
  void Reset() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }

  // Text and blobs are copied (SQLITE_TRANSIENT) unless Static: then the
  // caller keeps the bytes alive until the statement is reset.
  void Bind(int i, std::string_view v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void BindStatic(int i, std::string_view v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC); }
  void BindBlobStatic(int i, std::string_view v) {
    sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void Bind(int i, double v) { sqlite3_bind_double(s_, i, v); }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(s_); }

  std::string_view Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string_view();
  }
  std::string_view Blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(s_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(s_, col))) : std::string_view();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  double Double(int col) const { return sqlite3_column_double(s_, col); }

 private:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  sqlite3_stmt* s_ = nullptr;
};

// BEGIN IMMEDIATE (takes the write lock up front, so two writers wait on
// the busy timeout instead of failing mid-transaction); rolls back in the
// destructor unless Commit() succeeded.
class Transaction {
 public:
  static StatusOr<Transaction> Begin(sqlite3* db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status Commit();

 private:
  explicit Transaction(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;  // null once committed or rolled back
};

}  // namespace marsad::store::sqlite
