#include "marsad/ingest/web/html_resources.h"

#include <atomic>
#include <fstream>
#include <mutex>

#include "marsad/core/paths.h"
#include "marsad/core/utf8.h"

namespace marsad::ingest::web {
namespace {

// Calls line(n, fields) for every non-comment, non-blank line of a
// tab-separated file.
template <typename Fn>
Status ReadTsv(const std::string& path, Fn line) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path + " (set MARSAD_DATA to the marsad data directory)");
  std::string s;
  int n = 0;
  while (std::getline(in, s)) {
    ++n;
    if (!s.empty() && s.back() == '\r') s.pop_back();
    if (s.empty() || s[0] == '#') continue;
    const size_t tab = s.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 >= s.size())
      return InvalidArgument(path + ":" + std::to_string(n) + ": expected 'entry<TAB>kind'");
    RETURN_IF_ERROR(line(n, std::string_view(s).substr(0, tab), std::string_view(s).substr(tab + 1)));
  }
  return Status::Ok();
}

std::atomic<const HtmlResources*> g_resources{nullptr};
std::once_flag g_default_once;

}  // namespace

std::string FoldForMarkers(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = utf8::Decode(s, i);
    if (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) c = 0x0627;
    else if (c == 0x0649) c = 0x064A;
    else if (c == 0x0629) c = 0x0647;
    else if ((c >= 0x064B && c <= 0x0652) || c == 0x0640) continue;
    else if (c >= 'A' && c <= 'Z') c += 32;
    utf8::Append(out, c);
  }
  return out;
}

StatusOr<HtmlResources> ReadHtmlResources(const std::string& data_dir) {
  HtmlResources r;
  const std::string markers = data_dir + "/lexicons/html_boilerplate.txt";
  RETURN_IF_ERROR(ReadTsv(markers, [&](int n, std::string_view text, std::string_view kind) -> Status {
    if (kind != "related" && kind != "line" && kind != "byline")
      return InvalidArgument(markers + ":" + std::to_string(n) + ": kind must be 'related', 'line' or 'byline'");
    r.markers.push_back({FoldForMarkers(text), kind == "related", kind == "byline"});
    return Status::Ok();
  }));
  const std::string hints = data_dir + "/lexicons/html_class_hints.txt";
  RETURN_IF_ERROR(ReadTsv(hints, [&](int n, std::string_view token, std::string_view kind) -> Status {
    for (char c : token)
      if (c < 'a' || c > 'z')
        return InvalidArgument(hints + ":" + std::to_string(n) + ": a token is lowercase letters a-z only");
    if (kind == "glued") {
      r.glued_negative.emplace_back(token);
      return Status::Ok();
    }
    const int w = kind == "strong" ? -2 : kind == "mild" ? -1 : kind == "positive" ? 1 : 0;
    if (w == 0)
      return InvalidArgument(hints + ":" + std::to_string(n) + ": kind must be strong, mild, positive or glued");
    r.hint_weights.emplace(std::string(token), w);  // the first listing wins
    return Status::Ok();
  }));
  return r;
}

Status LoadHtmlResources(const std::string& data_dir) {
  auto r = ReadHtmlResources(data_dir);
  if (!r.ok()) return r.status();
  // The previous set is leaked on purpose: another thread may be using it.
  g_resources.store(new HtmlResources(std::move(r).value()), std::memory_order_release);
  return Status::Ok();
}

const HtmlResources& GetHtmlResources() {
  std::call_once(g_default_once, [] {
    if (g_resources.load(std::memory_order_acquire) != nullptr) return;
    auto r = ReadHtmlResources(DataDir());
    HtmlResources* res = new HtmlResources();
    if (r.ok()) *res = std::move(r).value();
    else res->status = r.status();
    const HtmlResources* expected = nullptr;
    if (!g_resources.compare_exchange_strong(expected, res)) delete res;
  });
  return *g_resources.load(std::memory_order_acquire);
}

}  // namespace marsad::ingest::web
