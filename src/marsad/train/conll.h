// CoNLL-style NER files ("token TAG" or "token GOLD PRED" a line, a blank
// line between sentences) and their alignment to marsad's own tokenizer:
// a sentence becomes a text (words joined by spaces) tokenized by
// text::Tokenize, so that training and evaluation see exactly the tokens and
// features the runtime tagger sees. Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::train {

struct ConllSentence {
  std::vector<std::string> words;
  std::vector<int> gold;  // tag ids (ner/bio.h)
  std::vector<int> pred;  // third column when present, else empty
};

StatusOr<std::vector<ConllSentence>> ParseConll(std::string_view content, const std::string& name = "input");
StatusOr<std::vector<ConllSentence>> ReadConll(const std::string& path);

// Wojood-style nested CoNLL ("token TAG [TAG...]", one column per nesting
// layer, any entity types, "$#$" end-of-paragraph tokens) mapped to the
// tagger's types: PERS -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC, EVENT/CURR/
// PRODUCT -> MISC, others dropped; of overlapping chunks the longest wins.
StatusOr<std::vector<ConllSentence>> ParseNestedConll(std::string_view content, const std::string& name = "input");
StatusOr<std::vector<ConllSentence>> ReadNestedConll(const std::string& path);

// Writes sentences as "token TAG" lines (gold tags).
std::string FormatConll(const std::vector<ConllSentence>& sentences);

// The deterministic dev split: the LAST round(n * fraction) sentences are
// dev, the rest train. Returns the index of the first dev sentence.
size_t DevSplitIndex(size_t num_sentences, double dev_fraction);

// A CoNLL sentence seen through marsad's tokenizer.
struct AlignedSentence {
  std::string text;             // words joined by single spaces
  std::vector<Token> tokens;    // text::Tokenize(text)
  std::vector<uint32_t> token_word;  // word index of each token
  std::vector<int> token_gold;  // gold tag of each token (B on the first token of a B word)
};

AlignedSentence Align(const ConllSentence& sentence);

// Word tags from token tags: each word takes the tag of its first token
// that is not O (B- if that token begins a chunk or the word begins one).
std::vector<int> WordTags(const AlignedSentence& sentence, const std::vector<int>& token_tags, size_t num_words);

}  // namespace marsad::train
