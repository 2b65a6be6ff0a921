#include "marsad/train/conll.h"

#include <algorithm>
#include <cmath>

#include "marsad/extract/ner/bio.h"
#include "marsad/extract/ner/lexicon.h"
#include "marsad/text/tokenizer.h"

namespace marsad::train {

using ner::kTagO;

StatusOr<std::vector<ConllSentence>> ParseConll(std::string_view content, const std::string& name) {
  std::vector<ConllSentence> out;
  ConllSentence cur;
  size_t pos = 0;
  size_t line_no = 0;
  auto flush = [&]() {
    if (!cur.words.empty()) out.push_back(std::move(cur));
    cur = ConllSentence();
  };
  while (pos <= content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string_view> cols;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      if (j > i) cols.push_back(line.substr(i, j - i));
      i = j;
    }
    if (cols.empty()) {
      flush();
      continue;
    }
    if (cols.size() < 2 || cols.size() > 3) {
      return DataLoss(name + ":" + std::to_string(line_no) + ": expected 'token TAG' or 'token GOLD PRED', got " +
                      std::to_string(cols.size()) + " columns");
    }
    if (!cur.words.empty() && (cols.size() == 3) != !cur.pred.empty()) {
      return DataLoss(name + ":" + std::to_string(line_no) + ": column count changes inside a sentence");
    }
    cur.words.emplace_back(cols[0]);
    cur.gold.push_back(ner::ParseTag(cols[1]));
    if (cols.size() == 3) cur.pred.push_back(ner::ParseTag(cols[2]));
  }
  flush();
  return out;
}

StatusOr<std::vector<ConllSentence>> ReadConll(const std::string& path) {
  ASSIGN_OR_RETURN(std::string content, ner::ReadFileToString(path));
  return ParseConll(content, path);
}

namespace {

// Chunk type index of a Wojood label, -1 when it is not one of ours.
int MapNestedType(std::string_view label) {
  if (label == "PERS" || label == "PER") return ner::ChunkTypeIndexOfLabel("PER");
  if (label == "ORG") return ner::ChunkTypeIndexOfLabel("ORG");
  if (label == "GPE" || label == "LOC" || label == "FAC") return ner::ChunkTypeIndexOfLabel("LOC");
  if (label == "EVENT" || label == "CURR" || label == "PRODUCT" || label == "MISC") {
    return ner::ChunkTypeIndexOfLabel("MISC");
  }
  return -1;
}

}  // namespace

StatusOr<std::vector<ConllSentence>> ParseNestedConll(std::string_view content, const std::string& name) {
  std::vector<ConllSentence> out;
  std::vector<std::string> words;
  std::vector<std::vector<std::string_view>> tags;  // per word, per layer
  struct Open {
    uint32_t begin;
    int type;
  };
  auto flush = [&]() {
    if (words.empty()) return;
    // Chunks of every layer, then the longest non-overlapping ones.
    struct C {
      uint32_t begin, end;
      int type;
    };
    std::vector<C> chunks;
    size_t layers = 0;
    for (const auto& t : tags) layers = std::max(layers, t.size());
    for (size_t l = 0; l < layers; ++l) {
      std::vector<Open> open;  // at most one open chunk per layer
      auto close = [&](uint32_t end) {
        for (const Open& o : open) {
          if (o.type >= 0) chunks.push_back({o.begin, end, o.type});
        }
        open.clear();
      };
      for (uint32_t i = 0; i < words.size(); ++i) {
        std::string_view tag = l < tags[i].size() ? tags[i][l] : std::string_view("O");
        if (tag.size() > 2 && tag[1] == '-' && (tag[0] == 'B' || tag[0] == 'I')) {
          const int type = MapNestedType(tag.substr(2));
          if (tag[0] == 'I' && !open.empty()) continue;  // continues the open chunk (Wojood keeps layers typed)
          close(i);
          open.push_back({i, type});
        } else {
          close(i);
        }
      }
      close(static_cast<uint32_t>(words.size()));
    }
    std::stable_sort(chunks.begin(), chunks.end(), [](const C& a, const C& b) {
      return a.end - a.begin != b.end - b.begin ? a.end - a.begin > b.end - b.begin : a.begin < b.begin;
    });
    ConllSentence s;
    s.words = std::move(words);
    s.gold.assign(s.words.size(), kTagO);
    for (const C& c : chunks) {
      bool free = true;
      for (uint32_t i = c.begin; i < c.end; ++i) free = free && s.gold[i] == kTagO;
      if (!free) continue;
      s.gold[c.begin] = ner::BeginTag(c.type);
      for (uint32_t i = c.begin + 1; i < c.end; ++i) s.gold[i] = ner::InsideTag(c.type);
    }
    out.push_back(std::move(s));
    words.clear();
    tags.clear();
  };
  size_t pos = 0;
  size_t line_no = 0;
  while (pos <= content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string_view> cols;
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      if (j > i) cols.push_back(line.substr(i, j - i));
      i = j;
    }
    if (cols.empty()) {
      flush();
      continue;
    }
    if (cols.size() < 2) {
      return DataLoss(name + ":" + std::to_string(line_no) + ": expected 'token TAG [TAG...]'");
    }
    if (cols[0] == "$#$") continue;
    words.emplace_back(cols[0]);
    tags.emplace_back(cols.begin() + 1, cols.end());
  }
  flush();
  return out;
}

StatusOr<std::vector<ConllSentence>> ReadNestedConll(const std::string& path) {
  ASSIGN_OR_RETURN(std::string content, ner::ReadFileToString(path));
  return ParseNestedConll(content, path);
}

std::string FormatConll(const std::vector<ConllSentence>& sentences) {
  std::string out;
  for (const ConllSentence& s : sentences) {
    for (size_t i = 0; i < s.words.size(); ++i) {
      std::string tag = ner::TagName(s.gold[i]);
      if (tag.size() > 2 && tag.substr(2) == "PER") tag += "S";  // ANERcorp spelling
      out += s.words[i] + " " + tag + "\n";
    }
    out += "\n";
  }
  return out;
}

size_t DevSplitIndex(size_t num_sentences, double dev_fraction) {
  if (dev_fraction <= 0) return num_sentences;
  if (dev_fraction >= 1) return 0;
  const size_t dev = static_cast<size_t>(std::llround(static_cast<double>(num_sentences) * dev_fraction));
  return num_sentences - std::min(dev, num_sentences);
}

AlignedSentence Align(const ConllSentence& sentence) {
  AlignedSentence a;
  std::vector<uint32_t> word_begin;
  for (size_t w = 0; w < sentence.words.size(); ++w) {
    if (w > 0) a.text += ' ';
    word_begin.push_back(static_cast<uint32_t>(a.text.size()));
    a.text += sentence.words[w];
  }
  a.tokens = text::Tokenize(a.text);
  size_t w = 0;
  int prev_word = -1;
  for (const Token& t : a.tokens) {
    while (w + 1 < word_begin.size() && word_begin[w + 1] <= t.span.begin) ++w;
    a.token_word.push_back(static_cast<uint32_t>(w));
    int tag = sentence.gold[w];
    if (ner::IsBegin(tag) && prev_word == static_cast<int>(w)) tag = ner::InsideTag(ner::TypeIndex(tag));
    a.token_gold.push_back(tag);
    prev_word = static_cast<int>(w);
  }
  return a;
}

std::vector<int> WordTags(const AlignedSentence& sentence, const std::vector<int>& token_tags, size_t num_words) {
  std::vector<int> words(num_words, kTagO);
  std::vector<bool> set(num_words, false);
  for (size_t i = 0; i < token_tags.size() && i < sentence.token_word.size(); ++i) {
    const uint32_t w = sentence.token_word[i];
    if (set[w] || token_tags[i] == kTagO) continue;
    set[w] = true;
    words[w] = token_tags[i];
  }
  // An I- word whose previous word is O or another type begins a chunk.
  for (size_t w = 0; w < num_words; ++w) {
    if (ner::IsInside(words[w]) && (w == 0 || ner::TypeIndex(words[w - 1]) != ner::TypeIndex(words[w]))) {
      words[w] = ner::BeginTag(ner::TypeIndex(words[w]));
    }
  }
  return words;
}

}  // namespace marsad::train
