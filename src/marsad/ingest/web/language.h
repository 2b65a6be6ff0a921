// Language of a page's text: CLD2 when the build has it (MARSAD_HAVE_CLD2),
// else the share of Arabic letters among letters (>= 0.5 -> "ar").
//
// Stateless: thread-safe (CLD2's tables are static and read-only).
#pragma once

#include <string>
#include <string_view>

namespace marsad::ingest::web {

// ISO 639-1 code ("ar", "en", "fr", ...) of UTF-8 text, or "" when unknown
// (too little text). `hint` is a declared language (<html lang>), used only
// when detection is unsure.
std::string DetectLanguage(std::string_view utf8_text, std::string_view hint = {});

// Share of Arabic letters among all letters of the text, 0..1.
double ArabicLetterRatio(std::string_view utf8_text);

}  // namespace marsad::ingest::web
