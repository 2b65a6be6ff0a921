// Store::Open picks the backend from the URI; ContentHash defines "the same
// content" for every backend.
#include "marsad/store/store.h"

#include <xxhash.h>

#include "marsad/store/postgres_store.h"
#include "marsad/store/sqlite_store.h"
#include "marsad/text/normalizer.h"

namespace marsad::store {

uint64_t ContentHash(std::string_view text) {
  const std::string normalized = text::NormalizeForMatch(text);
  return XXH3_64bits(normalized.data(), normalized.size());
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& uri) {
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) {
#ifdef MARSAD_HAVE_PQXX
    auto pg = PostgresStore::Open(uri);
    if (!pg.ok()) return pg.status();
    return std::unique_ptr<Store>(std::move(pg).value());
#else
    return Status(StatusCode::kUnimplemented,
                  "this marsad was built without libpqxx, so it cannot open PostgreSQL stores; install "
                  "libpqxx-dev and rebuild, or use a file path for an SQLite store");
#endif
  }
  auto store = SqliteStore::Open(uri);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(store).value());
}

}  // namespace marsad::store
