// Arabic light stemming: Snowball (libstemmer) plus light rules of our own
// where it falls short (leaves والكتاب whole, over-stems فلسطين).
// Input is a normalized word (NormalizeForMatch). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace marsad::text {

std::string Stem(std::string_view normalized_word);

// Splits attached proclitics (و ف ب ل ك ال and combinations such as وبال، لل)
// from a normalized word, keeping a stem of at least two letters. Returns the
// number of BYTES of `normalized_word` the prefix takes.
size_t ProcliticBytes(std::string_view normalized_word);

}  // namespace marsad::text
