// Internals of VariantKey shared with the knowledge-base matcher, which
// builds keys token by token (the key of a multi-word name is the
// concatenation of its words' parts). Not a public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace marsad::linking::internal {

// Appends the key part of one normalized word; `first_word` drops a leading
// ال. Collapses a doubled letter across the word boundary too.
void AppendVariantWord(std::u32string& key, std::u32string_view word, bool first_word);
bool IsWordBreak(char32_t c);

}  // namespace marsad::linking::internal

namespace marsad::linking::internal {

// Bytes of an original surface taken by `letters` proclitic letters and the
// harakat/tatweel attached to them (defined in knowledge_base.cc).
uint32_t ProcliticBytes(std::string_view surface, int letters);

}  // namespace marsad::linking::internal
