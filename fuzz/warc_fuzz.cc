// Fuzzes the streaming WARC(.gz) reader. It reads files, so each input is
// written to one private temp file first. Small limits (records, skips)
// keep each run quick while exercising the oversize and bomb paths.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fuzz/fuzz_util.h"
#include "marsad/core/utf8.h"
#include "marsad/ingest/web/warc_reader.h"

using namespace marsad;

namespace {

const std::string& TempPath() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string p = std::string(dir && *dir ? dir : "/tmp") + "/marsad-warc-fuzz-" +
                    std::to_string(::getpid()) + ".warc";
    return p;
  }();
  return path;
}

struct RemoveAtExit {
  ~RemoveAtExit() { std::remove(TempPath().c_str()); }
} remove_at_exit;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  // Name it .warc.gz half the time, in case the reader trusts the suffix.
  const std::string path = TempPath() + ((sel & 1) ? ".gz" : "");
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  if (!in.empty()) std::fwrite(in.data(), 1, in.size(), f);
  std::fclose(f);

  ingest::web::WarcOptions opt;
  opt.max_record_bytes = 1u << 20;
  opt.max_skip_bytes = 4u << 20;
  opt.max_header_bytes = 16u << 10;
  std::vector<ingest::Problem> problems;
  ingest::web::WarcReader reader(path, problems, opt);
  Article a;
  for (int n = 0; n < 1000 && reader.Next(a, problems); ++n) {
    FUZZ_CHECK(utf8::IsValid(a.text));
    FUZZ_CHECK(a.body.begin <= a.body.end && a.body.end <= a.text.size());
    a = Article();
  }
  std::remove(path.c_str());
  return 0;
}
