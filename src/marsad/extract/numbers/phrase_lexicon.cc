#include "marsad/extract/numbers/phrase_lexicon.h"

#include <algorithm>
#include <charconv>
#include <fstream>

#include "marsad/text/normalizer.h"

namespace marsad::numbers {
namespace {

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (true) {
    size_t j = line.find('\t', i);
    out.push_back(line.substr(i, j == std::string_view::npos ? std::string_view::npos : j - i));
    if (j == std::string_view::npos) break;
    i = j + 1;
  }
  return out;
}

// Proclitic combinations, longest first. Stripped only when at least two
// letters remain.
constexpr std::string_view kClitics[] = {
    "وبال", "فبال", "وكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "فب", "فل", "وك",
    "و", "ف", "ب", "ل", "ك", "ال"};

}  // namespace

size_t PhraseLexicon::FilterSlot(std::string_view k) {
  const size_t n = k.size();
  if (n == 0) return 0;
  auto b = [&](size_t i) { return static_cast<uint64_t>(static_cast<unsigned char>(k[i])); };
  uint64_t h = n;
  h = h * 0x100000001B3ULL + b(0);
  h = h * 0x100000001B3ULL + b(n > 1 ? 1 : 0);
  h = h * 0x100000001B3ULL + b(n - 1);
  h = h * 0x100000001B3ULL + b(n > 1 ? n - 2 : 0);
  return static_cast<size_t>((h * 0x9E3779B97F4A7C15ULL) >> (64 - kFilterBits));
}

bool PhraseMatch::Has(std::string_view cls) const { return Get(cls) != nullptr; }
const LexEntry* PhraseMatch::Get(std::string_view cls) const {
  for (const LexEntry* e : entries)
    if (e->cls == cls) return e;
  return nullptr;
}

Status PhraseLexicon::LoadTsv(const std::string& path, int min_columns) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot open lexicon " + path + " (set MARSAD_DATA to the data directory)");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto cols = SplitTabs(line);
    if (static_cast<int>(cols.size()) < min_columns || cols[0].empty())
      return DataLoss(path + ":" + std::to_string(n) + ": expected at least " + std::to_string(min_columns) +
                      " tab-separated columns");
    LexEntry e;
    e.cls = std::string(cols.size() > 1 ? cols[1] : "");
    e.value = std::string(cols.size() > 2 ? cols[2] : "");
    e.extra = std::string(cols.size() > 3 ? cols[3] : "");
    if (!e.value.empty()) {
      double d = 0;
      auto [p, ec] = std::from_chars(e.value.data(), e.value.data() + e.value.size(), d);
      if (ec == std::errc()) e.number = d;
    }
    Add(cols[0], std::move(e));
  }
  return Status::Ok();
}

void PhraseLexicon::Add(std::string_view phrase, LexEntry entry) {
  std::vector<std::string> words = SplitWords(text::NormalizeForMatch(phrase));
  if (words.empty()) return;
  entries_.push_back(std::move(entry));
  size_t id = entries_.size() - 1;
  min_key_ = std::min(min_key_, words[0].size());
  const size_t slot = FilterSlot(words[0]);
  filter_[slot / 64] |= uint64_t{1} << (slot % 64);
  auto& phrases = by_first_[words[0]];
  std::vector<std::string> rest(words.begin() + 1, words.end());
  for (Phrase& p : phrases) {
    if (p.rest == rest) { p.entries.push_back(id); return; }
  }
  phrases.push_back(Phrase{std::move(rest), {id}});
}

bool PhraseLexicon::MatchKey(const Atoms& atoms, size_t i, std::string_view key, PhraseMatch* out) const {
  if (key.size() < min_key_) return false;
  const size_t slot = FilterSlot(key);
  if (!(filter_[slot / 64] >> (slot % 64) & 1)) return false;
  auto it = by_first_.find(key);
  if (it == by_first_.end()) return false;
  const Phrase* best = nullptr;
  size_t best_end = 0;
  for (const Phrase& p : it->second) {
    size_t j = i + 1;
    bool ok = true;
    for (const std::string& w : p.rest) {
      // Skip tatweel-only pieces such as the one in "الـ".
      if (!atoms.IsWord(j) || atoms[j].norm != w || !atoms.SameSentence(i, j)) { ok = false; break; }
      ++j;
    }
    if (ok && (best == nullptr || j > best_end)) { best = &p; best_end = j; }
  }
  if (best == nullptr) return false;
  out->first = i;
  out->end = best_end;
  out->entries.clear();
  for (size_t id : best->entries) out->entries.push_back(&entries_[id]);
  return true;
}

bool PhraseLexicon::Match(const Atoms& atoms, size_t i, PhraseMatch* out, bool allow_clitics) const {
  if (!atoms.IsWord(i)) return false;
  std::string_view w = atoms[i].norm;
  if (MatchKey(atoms, i, w, out)) {
    out->clitic_letters = 0;
    out->clitic = {};
    return true;
  }
  if (!allow_clitics) return false;
  for (std::string_view c : kClitics) {
    if (w.size() >= c.size() + 4 && w.substr(0, c.size()) == c && MatchKey(atoms, i, w.substr(c.size()), out)) {
      out->clitic_letters = c.size() / 2;  // Arabic letters are two bytes in UTF-8
      out->clitic = c;
      return true;
    }
  }
  return false;
}

bool PhraseLexicon::MatchClass(const Atoms& atoms, size_t i, std::string_view cls, PhraseMatch* out,
                               bool allow_clitics) const {
  return Match(atoms, i, out, allow_clitics) && out->Has(cls);
}

}  // namespace marsad::numbers
