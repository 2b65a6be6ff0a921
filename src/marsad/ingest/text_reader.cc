#include "marsad/ingest/text_reader.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "marsad/ingest/text_decode.h"

namespace marsad::ingest {
namespace {

std::string Megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

StatusOr<Article> ReadTextFile(const std::string& path, const TextOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return NotFound("no such file or directory");
  if (fs::is_directory(st)) return InvalidArgument("is a directory, not a file");
  const uint64_t size = fs::is_regular_file(st) ? fs::file_size(path, ec) : 0;
  if (!ec && size > options.max_file_bytes) {
    return InvalidArgument("file too large (" + Megabytes(size) + " > limit of " + Megabytes(options.max_file_bytes) +
                           "); a .txt input is one article; split it or raise the limit");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return IoError(std::string("cannot open: ") + std::strerror(errno));
  std::string bytes;
  bytes.resize(static_cast<size_t>(std::min<uint64_t>(size, options.max_file_bytes)) + 1);
  size_t got = 0;
  // Read up to limit+1 bytes: the file may be a pipe or may have grown.
  for (;;) {
    if (got == bytes.size()) {
      if (bytes.size() > options.max_file_bytes) break;
      bytes.resize(std::min<uint64_t>(bytes.size() * 2 + 4096, options.max_file_bytes + 1));
    }
    size_t n = std::fread(bytes.data() + got, 1, bytes.size() - got, f);
    if (n == 0) break;
    got += n;
  }
  const bool read_error = std::ferror(f) != 0;
  std::fclose(f);
  if (read_error) return IoError("read error");
  bytes.resize(got);
  if (got > options.max_file_bytes) {
    return InvalidArgument("file too large (more than " + Megabytes(options.max_file_bytes) + " limit)");
  }
  auto decoded = DecodeText(bytes);
  if (!decoded.ok()) return decoded.status();
  Article a;
  a.id = fs::path(path).stem().string();
  a.text = std::move(decoded->text);
  a.format = "txt";
  a.origin = path;
  a.warnings = std::move(decoded->warnings);
  return a;
}

TextReader::TextReader(std::string path, TextOptions options) : path_(std::move(path)), options_(options) {}

bool TextReader::Next(Article& out, std::vector<Problem>& problems) {
  if (done_) return false;
  done_ = true;
  auto article = ReadTextFile(path_, options_);
  if (!article.ok()) {
    problems.push_back({path_, article.status().message(), true});
    return false;
  }
  out = std::move(article).value();
  for (const auto& w : out.warnings) problems.push_back({path_, w, false});
  return true;
}

}  // namespace marsad::ingest
