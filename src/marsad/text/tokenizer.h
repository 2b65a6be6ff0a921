// Tokenizer and sentence splitter over ORIGINAL text. Tokens keep their span
// in the original; norm/form/stem carry the matching forms. Clitics (و ف ب ل
// ك ال, attached pronouns where it helps) are separated into `form` for
// matching while the span stays the full surface; prefix_bytes tells how many
// original bytes the proclitics took (so a mention can start after them).
//
// Words: Arabic letters with the harakat, tatweel and zero-width/bidi
// characters inside them (مصــر is one token); Latin words (letters and
// digits, F16); numbers with their separators (1,000  12.5  ١٢٬٥) as one
// token; every other character a punctuation or symbol token (a run of the
// same one, "..." or "؟؟", is one token). Words of other scripts get kLatin.
//
// Token fields: norm = NormalizeForMatch(surface); form = norm without the
// proclitics (and هم/ها/هما suffixes on long words); prefixes = the removed
// proclitics, normalized ("وال", "لل", "ب"); prefix_bytes = original bytes of
// the proclitics before the article: والولايات -> span+prefix_bytes starts
// at الولايات, لأذربيجان -> at أذربيجان, للأمم -> 0 (kept whole). The split is
// a guess: a gazetteer should try `norm` before `form`.
// Thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "marsad/core/article.h"

namespace marsad::text {

std::vector<Token> Tokenize(std::string_view text);
std::vector<Sentence> SplitSentences(std::string_view text, const std::vector<Token>& tokens);

// Fills article.tokens and article.sentences from article.text.
void Analyze(Article& article);

}  // namespace marsad::text
