#include "marsad/store/sqlite_util.h"

namespace marsad::store::sqlite {

Status Error(sqlite3* db, int rc, std::string_view what) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  std::string msg(what);
  msg += ": ";
  // sqlite3_errmsg describes the latest failure on this connection; fall
  // back to the generic text for rc when there is no connection.
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (file && *file) {
    msg += " (database ";
    msg += file;
    msg += ")";
  }
  // A write that fails for want of space (ENOSPC is SQLITE_FULL; EFBIG
  // under a file size limit and many full-disk failures surface as an I/O
  // error on write/sync/truncate): say what the user should check.
  const int ext = db && rc == SQLITE_IOERR ? sqlite3_extended_errcode(db) : rc;
  if ((rc & 0xFF) == SQLITE_FULL || ext == SQLITE_IOERR_WRITE || ext == SQLITE_IOERR_FSYNC ||
      ext == SQLITE_IOERR_TRUNCATE || ext == SQLITE_IOERR_SHMSIZE || ext == SQLITE_IOERR_DIR_FSYNC)
    return IoError(msg + "; is the disk full?");
  switch (rc & 0xFF) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return DataLoss(msg + "; the file is not a marsad SQLite store or is damaged");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return IoError(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return FailedPrecondition(msg + "; another process holds the database, retry later");
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return InvalidArgument(msg);
    default:
      return Internal(msg);
  }
}

Status Exec(sqlite3* db, std::string_view sql, std::string_view what) {
  const std::string s(sql);
  const int rc = sqlite3_exec(db, s.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(db, rc, what);
  return Status::Ok();
}

StatusOr<Stmt> Stmt::Prepare(sqlite3* db, std::string_view sql, bool persistent) {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &s, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s);
    return Error(db, rc, "preparing SQL `" + std::string(sql.substr(0, 60)) + "`");
  }
  return Stmt(s);
}

StatusOr<Transaction> Transaction::Begin(sqlite3* db) {
  RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE", "starting a transaction"));
  return Transaction(db);
}

Transaction::~Transaction() {
  // Rolling back can only fail if there is no transaction left (SQLite
  // already rolled it back after an I/O error): nothing more to do then.
  if (db_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Status Transaction::Commit() {
  Status st = Exec(db_, "COMMIT", "committing a transaction");
  if (st.ok()) db_ = nullptr;  // on failure the destructor rolls back
  return st;
}

}  // namespace marsad::store::sqlite
