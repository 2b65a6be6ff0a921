#include "cli_util.h"

#include "marsad/core/utf8.h"

namespace marsad::cli {

void PrintError(const std::string& message) { std::fprintf(stderr, "marsad: %s\n", message.c_str()); }

std::unique_ptr<store::Store> OpenStoreOrReport(const std::string& db) {
  auto opened = store::Store::Open(db);
  if (!opened.ok()) {
    PrintError(opened.status().WithContext(db));
    return nullptr;
  }
  return std::move(opened).value();
}

std::string Ellipsize(const std::string& s, size_t max) {
  std::string flat;
  flat.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !flat.empty();
      continue;
    }
    if (space) flat.push_back(' ');
    space = false;
    flat.push_back(c);
  }
  if (utf8::Length(flat) <= max) return flat;
  std::string out;
  size_t i = 0, n = 0;
  while (i < flat.size() && n < max - 1) {
    size_t start = i;
    utf8::Decode(flat, i);
    out.append(flat, start, i - start);
    ++n;
  }
  return out + "…";
}

}  // namespace marsad::cli
