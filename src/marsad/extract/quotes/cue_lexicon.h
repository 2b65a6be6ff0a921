// CueLexicon: the closed word classes of the quote extractor (speech verbs,
// participles, "according to", complementizers, adjuncts, speaker heads),
// read from data/lexicons/quotes_*.tsv and matched over an article's tokens.
// Phrases are normalized at load like Token::norm, so the data lists each
// word once as written; a leading و or ف on the first token is tried away
// (وقال، فأكد) so the data lists bare forms. A phrase may belong to several
// classes (بعد is a stop and a block word).
// Immutable after loading; Match is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/text/resources.h"

namespace marsad::quotes {

enum class CueClass : uint8_t {
  kVerb,        // قال، أكد ...
  kParticiple,  // مضيفا، مشيرا ...
  kSource,      // بحسب، وفقا ...
  kTransmit,    // نقل، نقلت (+ عن X)
  kSaying,      // قوله، قولها
  kThat,        // إن، أن، بأن ...
  kSkip,        // من جهته، أيضا ...
  kStop,        // في، الذي ...
  kBlock,       // بعد (أن) ...
  kSpeaker,     // مصدر، المتحدث ...
  kBreak,       // كما، فيما (after a comma)
};

// Parses a class name of the TSV files ("verb", "that" ...).
bool ParseCueClass(std::string_view name, CueClass* out);

struct CueMatch {
  uint32_t tokens = 0;        // tokens matched (0 = none)
  std::string_view key;       // normalized first word as listed (without و/ف)
  std::string_view stripped;  // the proclitic tried away ("و", "ف" or "")
};

class CueLexicon {
 public:
  // Adds every "phrase<TAB>class" line of `tsv` (# comments, blank lines
  // skipped). `origin` names the file in error messages.
  Status AddTsv(std::string_view tsv, std::string_view origin);
  Status LoadFile(const std::string& path);
  void Add(std::string_view phrase, CueClass cls);

  // The longest phrase of class `cls` starting at token i (ending before
  // token `end`).
  CueMatch Match(const std::vector<Token>& tokens, uint32_t i, uint32_t end, CueClass cls) const;
  bool Is(const std::vector<Token>& tokens, uint32_t i, CueClass cls) const {
    return Match(tokens, i, i + 1, cls).tokens == 1;
  }
  size_t size() const { return size_; }

 private:
  struct Phrase {
    std::string first;               // normalized first word
    std::vector<std::string> rest;   // normalized words after the first
    CueClass cls;
  };
  bool MatchRest(const std::vector<Token>& tokens, uint32_t i, uint32_t end, const Phrase& p) const;

  // Transparent hash: lookups by string_view do not allocate.
  std::unordered_map<std::string, std::vector<Phrase>, text::StringHash, std::equal_to<>> by_first_;
  size_t size_ = 0;
};

}  // namespace marsad::quotes
