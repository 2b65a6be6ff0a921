#include "marsad/watch/sources_file.h"

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace marsad::watch {

StatusOr<std::vector<SourceSpec>> ParseSources(std::string_view text, const std::string& name) {
  std::vector<SourceSpec> out;
  std::set<std::string> keys;
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream in(line);
    std::string src, interval, extra;
    if (!(in >> src)) continue;
    SourceSpec s;
    s.source = src;
    s.line = line_no;
    const std::string where = name + ":" + std::to_string(line_no) + ": ";
    if (in >> interval) {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(interval.data(), interval.data() + interval.size(), v);
      if (ec != std::errc() || p != interval.data() + interval.size() || v < 1 || v > 30 * 86400)
        return InvalidArgument(where + "interval must be whole seconds from 1 to 2592000, got '" + interval + "'");
      s.interval = v;
    }
    if (in >> extra) return InvalidArgument(where + "expected 'URL-or-path [interval-seconds]', got more: '" + extra + "'");
    if (src.rfind("http://", 0) == 0 || src.rfind("https://", 0) == 0) {
      s.remote = true;
    } else if (src.find("://") != std::string::npos && src.rfind("file://", 0) != 0) {
      return InvalidArgument(where + "only http://, https://, file:// or a local path: '" + src + "'");
    } else {
      s.path = src.rfind("file://", 0) == 0 ? src.substr(7) : src;
    }
    if (!keys.insert(src).second) return InvalidArgument(where + "source listed twice: " + src);
    out.push_back(std::move(s));
  }
  return out;
}

StatusOr<std::vector<SourceSpec>> ReadSourcesFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return IoError("cannot read sources file " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ParseSources(ss.str(), path);
}

}  // namespace marsad::watch
