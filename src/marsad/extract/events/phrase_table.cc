#include "marsad/extract/events/phrase_table.h"

#include <algorithm>

#include "marsad/text/normalizer.h"

namespace marsad::events {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      break;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
  return out;
}

bool PhraseTable::Add(std::string_view phrase, uint32_t payload) {
  Phrase p;
  p.payload = payload;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && phrase[i] == ' ') ++i;
    size_t j = i;
    while (j < phrase.size() && phrase[j] != ' ') ++j;
    if (j > i) {
      std::string_view raw = phrase.substr(i, j - i);
      Word w;
      if (raw.back() == '*') {
        w.prefix = true;
        raw.remove_suffix(1);
      }
      w.text = text::NormalizeForMatch(raw);
      if (!w.text.empty()) p.words.push_back(std::move(w));
    }
    i = j;
  }
  if (p.words.empty()) return false;
  const uint32_t idx = static_cast<uint32_t>(phrases_.size());
  auto& index = p.words[0].prefix ? by_first_prefix_ : by_first_;
  index[p.words[0].text].push_back(idx);
  if (p.words[0].prefix) prefix_lengths_ |= uint64_t{1} << std::min<size_t>(p.words[0].text.size(), 63);
  phrases_.push_back(std::move(p));
  return true;
}

bool PhraseTable::WordMatches(const Word& w, const Token& t) {
  if (w.prefix) {
    return (t.form.size() >= w.text.size() && t.form.compare(0, w.text.size(), w.text) == 0) ||
           (t.norm.size() >= w.text.size() && t.norm.compare(0, w.text.size(), w.text) == 0);
  }
  return t.form == w.text || t.norm == w.text;
}

void PhraseTable::MatchAt(const std::vector<Token>& tokens, uint32_t i, uint32_t end,
                          std::vector<Match>& out) const {
  const size_t before = out.size();
  const Token& t = tokens[i];
  if (t.kind != TokenKind::kWord && t.kind != TokenKind::kLatin) return;
  auto try_list = [&](const std::vector<uint32_t>& list) {
    for (uint32_t idx : list) {
      const Phrase& p = phrases_[idx];
      if (i + p.words.size() > end) continue;
      bool ok = true;
      for (size_t k = 0; k < p.words.size() && ok; ++k) ok = WordMatches(p.words[k], tokens[i + k]);
      if (!ok) continue;
      uint32_t e = i + static_cast<uint32_t>(p.words.size());
      bool dup = false;
      for (size_t k = before; k < out.size(); ++k)
        if (out[k].payload == p.payload && out[k].end == e) dup = true;
      if (!dup) out.push_back({i, e, p.payload});
    }
  };
  for (const std::string* key : {&t.form, &t.norm}) {
    auto it = by_first_.find(std::string_view(*key));
    if (it != by_first_.end()) try_list(it->second);
    if (key == &t.norm && t.norm == t.form) break;
  }
  if (!by_first_prefix_.empty()) {
    for (const std::string* key : {&t.form, &t.norm}) {
      // Every UTF-8 prefix of the word (Arabic letters are 2 bytes).
      for (size_t n = 2; n <= key->size(); ++n) {
        if (!(prefix_lengths_ >> std::min<size_t>(n, 63) & 1)) continue;
        if (n < key->size() && (static_cast<unsigned char>((*key)[n]) & 0xC0) == 0x80) continue;
        auto it = by_first_prefix_.find(std::string_view(*key).substr(0, n));
        if (it != by_first_prefix_.end()) try_list(it->second);
      }
      if (t.norm == t.form) break;
    }
  }
  if (out.size() - before < 2) return;
  std::sort(out.begin() + before, out.end(),
            [](const Match& a, const Match& b) { return a.end > b.end; });
}

std::vector<PhraseTable::Match> PhraseTable::MatchAll(const std::vector<Token>& tokens,
                                                      uint32_t begin, uint32_t end) const {
  std::vector<Match> out, here;
  for (uint32_t i = begin; i < end;) {
    here.clear();
    MatchAt(tokens, i, end, here);
    if (here.empty()) {
      ++i;
      continue;
    }
    out.push_back(here[0]);
    i = here[0].end;
  }
  return out;
}

}  // namespace marsad::events
