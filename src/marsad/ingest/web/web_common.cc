#include "marsad/ingest/web/web_common.h"

#include <xxhash.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace marsad::ingest::web {

Status ReadWholeFile(const std::string& path, size_t max_bytes, std::string& out) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return IoError(path + ": cannot open: " + std::strerror(errno));
  out.clear();
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    if (out.size() + n > max_bytes)
      return InvalidArgument(path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB; refused");
    out.append(buf, n);
  }
  if (std::ferror(f.get())) return IoError(path + ": read error");
  return Status::Ok();
}

std::string WebArticleId(std::string_view key) {
  const XXH64_hash_t h = XXH3_64bits(key.data(), key.size());
  char buf[24];
  std::snprintf(buf, sizeof buf, "w%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace marsad::ingest::web
