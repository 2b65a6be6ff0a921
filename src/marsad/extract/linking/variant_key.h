// Name-variant keys: one string that absorbs the usual differences between
// Arabic transliterations of the same foreign (or Arabic) name, so that
// بوتين / بوتن, غروندبرغ / جروندبيرج, قره باغ / قرة باغ / قرهباغ meet.
//
// VariantKey(name) = NormalizeForMatch(name), then per word: drop a leading
// ال of the first word, drop word-final ه (ة), map letter classes
// (غ ج ك ق -> g; ط -> ت; ص -> س; ض -> د; ظ ذ -> ز; ث -> س), drop the long
// vowels ا و ي and hamza everywhere but the key's first letter, then join the
// words without spaces and collapse doubled letters. Latin is lower-cased and
// keeps letters and digits only.
//
// The key is deliberately lossy: short keys collide with common words, so
// callers must use it only for names of some length or in context (the
// knowledge base matches single words by exact form and uses the key for
// multi-word names and long single words). Thread-safe: pure function.
#pragma once

#include <string>
#include <string_view>

namespace marsad::linking {

std::string VariantKey(std::string_view name);

// Number of code points of a key (keys are UTF-8).
size_t KeyLength(std::string_view key);

}  // namespace marsad::linking
