#include "marsad/text/resources.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <vector>

#include "marsad/text/normalizer.h"

namespace marsad::text {
namespace {

Status ReadWordList(const std::string& path, WordSet* out) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot open word list " + path + " (set MARSAD_DATA to the data directory)");
  std::string line;
  while (std::getline(in, line)) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::string w = NormalizeForMatch(line);
    if (!w.empty()) out->insert(std::move(w));
  }
  return Status::Ok();
}

std::atomic<const TextResources*> g_resources{nullptr};
std::once_flag g_default_once;

}  // namespace

std::string DefaultDataDir() {
  if (const char* env = std::getenv("MARSAD_DATA"); env != nullptr && *env) return env;
  return MARSAD_SOURCE_DIR "/data";
}

StatusOr<TextResources> ReadTextResources(const std::string& data_dir) {
  TextResources r;
  r.data_dir = data_dir;
  RETURN_IF_ERROR(ReadWordList(data_dir + "/lexicons/clitic_exceptions.txt", &r.clitic_exceptions));
  RETURN_IF_ERROR(ReadWordList(data_dir + "/lexicons/stem_exceptions.txt", &r.stem_exceptions));
  // Derived from corpora by build_clitic_exceptions.py; optional.
  const std::string generated = data_dir + "/lexicons/clitic_exceptions_generated.txt";
  if (std::ifstream(generated)) RETURN_IF_ERROR(ReadWordList(generated, &r.clitic_exceptions));
  r.loaded = true;
  return r;
}

Status LoadTextResources(const std::string& data_dir) {
  auto r = ReadTextResources(data_dir);
  if (!r.ok()) return r.status();
  // The previous set is never freed: a reader on another thread may still
  // hold a reference to it. It stays reachable from `retired` so that leak
  // checkers (LeakSanitizer in make test) do not report it.
  static std::mutex retired_mu;
  static auto* retired = new std::vector<const TextResources*>();
  const TextResources* old =
      g_resources.exchange(new TextResources(std::move(r).value()), std::memory_order_acq_rel);
  if (old != nullptr) {
    std::lock_guard lock(retired_mu);
    retired->push_back(old);
  }
  return Status::Ok();
}

const TextResources& GetTextResources() {
  std::call_once(g_default_once, [] {
    if (g_resources.load(std::memory_order_acquire) != nullptr) return;
    auto r = ReadTextResources(DefaultDataDir());
    const TextResources* res = r.ok() ? new TextResources(std::move(r).value()) : new TextResources();
    const TextResources* expected = nullptr;
    if (!g_resources.compare_exchange_strong(expected, res)) delete res;
  });
  return *g_resources.load(std::memory_order_acquire);
}

}  // namespace marsad::text
