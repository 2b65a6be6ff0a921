// Tokenizer and sentence splitter over ORIGINAL text. Tokens keep their span
// in the original; norm/form/stem carry the matching forms. Clitics (و ف ب ل
// ك ال, attached pronouns where it helps) are separated into `form` for
// matching while the span stays the full surface; prefix_bytes tells how many
// original bytes the proclitics took (so a mention can start after them).
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
