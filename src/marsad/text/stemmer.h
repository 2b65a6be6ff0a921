// Arabic light stemming: Snowball (libstemmer) plus light rules of our own
// where it falls short (leaves والكتاب whole, over-stems فلسطين, strips a
// root-initial ف/ب/ل/ك, keeps the alef of the plural -ات).
// Input is a normalized word (NormalizeForMatch). Thread-safe: each thread
// has its own Snowball instance and a small cache of recent stems.
#pragma once

#include <string>
#include <string_view>

namespace marsad::text {

std::string Stem(std::string_view normalized_word);

// Stem of a word whose proclitics were already removed (Token::form).
std::string StemForm(std::string_view form);

// Splits attached proclitics (و ف ب ل ك ال and combinations such as وبال، لل)
// from a normalized word, keeping a stem of at least two letters. Returns the
// number of BYTES of `normalized_word` the prefix takes.
size_t ProcliticBytes(std::string_view normalized_word);

}  // namespace marsad::text
