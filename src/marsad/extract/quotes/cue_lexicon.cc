#include "marsad/extract/quotes/cue_lexicon.h"

#include <fstream>
#include <sstream>

#include "marsad/text/normalizer.h"

namespace marsad::quotes {
namespace {

constexpr std::string_view kWaw = "\xD9\x88";  // و
constexpr std::string_view kFa = "\xD9\x81";   // ف

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string norm = text::NormalizeForMatch(s);
  size_t i = 0;
  while (i < norm.size()) {
    size_t j = norm.find(' ', i);
    if (j == std::string::npos) j = norm.size();
    if (j > i) out.emplace_back(norm.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

bool ParseCueClass(std::string_view name, CueClass* out) {
  static const std::pair<std::string_view, CueClass> kNames[] = {
      {"verb", CueClass::kVerb},       {"participle", CueClass::kParticiple},
      {"source", CueClass::kSource},   {"transmit", CueClass::kTransmit},
      {"saying", CueClass::kSaying},   {"that", CueClass::kThat},
      {"skip", CueClass::kSkip},       {"stop", CueClass::kStop},
      {"block", CueClass::kBlock},     {"speaker", CueClass::kSpeaker},
      {"break", CueClass::kBreak},
  };
  for (const auto& [n, c] : kNames) {
    if (n == name) {
      *out = c;
      return true;
    }
  }
  return false;
}

void CueLexicon::Add(std::string_view phrase, CueClass cls) {
  std::vector<std::string> words = Words(phrase);
  if (words.empty()) return;
  Phrase p;
  p.first = words[0];
  p.rest.assign(words.begin() + 1, words.end());
  p.cls = cls;
  auto& list = by_first_[p.first];
  // Longest first, so Match can stop at the first hit.
  auto pos = list.begin();
  while (pos != list.end() && pos->rest.size() >= p.rest.size()) ++pos;
  list.insert(pos, std::move(p));
  ++size_;
}

Status CueLexicon::AddTsv(std::string_view tsv, std::string_view origin) {
  size_t line_no = 0, pos = 0;
  while (pos < tsv.size()) {
    size_t nl = tsv.find('\n', pos);
    if (nl == std::string_view::npos) nl = tsv.size();
    std::string_view line = tsv.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return InvalidArgument(std::string(origin) + ":" + std::to_string(line_no) +
                                     ": expected \"phrase<TAB>class\"");
    }
    std::string_view phrase = line.substr(0, tab);
    std::string_view cls_name = line.substr(tab + 1);
    size_t tab2 = cls_name.find('\t');
    if (tab2 != std::string_view::npos) cls_name = cls_name.substr(0, tab2);
    CueClass cls;
    if (!ParseCueClass(cls_name, &cls)) {
      return InvalidArgument(std::string(origin) + ":" + std::to_string(line_no) + ": unknown class \"" +
                                     std::string(cls_name) +
                                     "\" (verb, participle, source, transmit, saying, that, skip, stop, block, speaker, break)");
    }
    if (Words(phrase).empty()) {
      return InvalidArgument(std::string(origin) + ":" + std::to_string(line_no) + ": empty phrase");
    }
    Add(phrase, cls);
  }
  return Status::Ok();
}

Status CueLexicon::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open the quote lexicon (set MARSAD_DATA to the data directory)");
  std::stringstream ss;
  ss << in.rdbuf();
  return AddTsv(ss.str(), path);
}

bool CueLexicon::MatchRest(const std::vector<Token>& tokens, uint32_t i, uint32_t end, const Phrase& p) const {
  if (i + 1 + p.rest.size() > end) return false;
  for (size_t k = 0; k < p.rest.size(); ++k)
    if (tokens[i + 1 + k].norm != p.rest[k]) return false;
  return true;
}

CueMatch CueLexicon::Match(const std::vector<Token>& tokens, uint32_t i, uint32_t end, CueClass cls) const {
  CueMatch out;
  if (i >= end || i >= tokens.size()) return out;
  const Token& t = tokens[i];
  if (t.kind != TokenKind::kWord) return out;
  std::string_view norm = t.norm;
  auto try_key = [&](std::string_view key, std::string_view stripped) {
    auto it = by_first_.find(key);
    if (it == by_first_.end()) return false;
    for (const Phrase& p : it->second) {
      if (p.cls != cls || !MatchRest(tokens, i, end, p)) continue;
      out.tokens = static_cast<uint32_t>(1 + p.rest.size());
      out.key = p.first;
      out.stripped = stripped;
      return true;
    }
    return false;
  };
  if (try_key(norm, {})) return out;
  // A proclitic و or ف, when at least two letters remain.
  if (norm.size() >= 6 && (norm.starts_with(kWaw) || norm.starts_with(kFa))) {
    try_key(norm.substr(2), norm.substr(0, 2));
  }
  return out;
}

}  // namespace marsad::quotes
