// QuoteExtractor: finds who said what in an article and fills
// Article::quotes. Direct speech (وقال X: «…», «…»، قال X — the content
// between the quote marks, over several sentences and lines when the
// marks say so) and reported speech (قال X إن …، أكدت Y أن …، بحسب X،
// وفقا لـ X، نقلت وكالة … عن X قوله …، ونقل عن X، مضيفا أن …).
//
// The speaker is the linked mention (PER first, then ORG/GPE: ministries,
// governments, agencies) in the cue's subject, which may carry a title
// ("وزير الخارجية الكندي، فرانسوا شامبين،"); an unlinked subject phrase
// ("مصدر في الرئاسة") is kept by its surface. A cue with no subject
// (وأضاف، وتابع، وقال للصحفيين: …) continues the last speaker.
// Rule-based over tokens; the word classes are data
// (data/lexicons/quotes_cues.tsv, quotes_words.tsv).
//
// Needs a.tokens and a.sentences (text::Analyze) and reads a.mentions
// (entity linker) and a.timexes (time stage) when filled.
// Immutable after Load; Extract is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/extract/quotes/cue_lexicon.h"

namespace marsad::quotes {

class QuoteExtractor {
 public:
  // Reads DATA_DIR/lexicons/quotes_cues.tsv and quotes_words.tsv. `kb` (may
  // be null; must outlive the extractor) tells person titles (وزير، المتحدث)
  // that make an unlinked phrase a speaker.
  static StatusOr<QuoteExtractor> Load(const std::string& data_dir, const linking::KnowledgeBase* kb);
  // The same from in-memory TSV text (tests).
  static StatusOr<QuoteExtractor> FromTsv(std::string_view cues_tsv, std::string_view words_tsv,
                                          const linking::KnowledgeBase* kb);

  // Replaces a.quotes, sorted by span.
  void Extract(Article& a) const;

 private:
  struct Doc;
  struct Speaker;
  struct Intro;
  Speaker FindSubject(const Doc& d, uint32_t from, uint32_t* window_end) const;
  bool FindIntro(const Doc& d, uint32_t from, uint32_t max_tokens, Intro* out) const;
  Span ReportedContent(const Doc& d, uint32_t first) const;
  bool IsCueWord(const Doc& d, uint32_t i) const;

  CueLexicon cues_;
  CueLexicon words_;
  const linking::KnowledgeBase* kb_ = nullptr;
};

}  // namespace marsad::quotes
