#include "marsad/ingest/web/language.h"

#include "marsad/core/utf8.h"

#ifdef MARSAD_HAVE_CLD2
#include <cld2/public/compact_lang_det.h>
#endif

namespace marsad::ingest::web {
namespace {

bool IsLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F) ||
         (c >= 0x0370 && c <= 0x052F) || (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3) ||
         (c >= 0x0750 && c <= 0x077F) || (c >= 0x0590 && c <= 0x05FF) || (c >= 0x4E00 && c <= 0x9FFF);
}

std::string HintCode(std::string_view hint) {
  std::string h;
  for (char c : hint) {
    if (c == '-' || c == '_') break;
    h.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  }
  return h.size() == 2 ? h : std::string();
}

}  // namespace

double ArabicLetterRatio(std::string_view s) {
  size_t letters = 0, arabic = 0;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = utf8::Decode(s, i);
    if (!IsLetter(c)) continue;
    ++letters;
    arabic += (c >= 0x0621 && c <= 0x06D3) || (c >= 0x0750 && c <= 0x077F);
  }
  return letters ? static_cast<double>(arabic) / static_cast<double>(letters) : 0.0;
}

std::string DetectLanguage(std::string_view text, std::string_view hint) {
  // Enough for any detector; keeps long pages cheap.
  if (text.size() > 16384) {
    size_t cut = 16384;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text = text.substr(0, cut);
  }
#ifdef MARSAD_HAVE_CLD2
  bool reliable = false;
  CLD2::Language lang =
      CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &reliable);
  if (lang != CLD2::UNKNOWN_LANGUAGE && lang != CLD2::TG_UNKNOWN_LANGUAGE && reliable) {
    std::string code = CLD2::LanguageCode(lang);
    size_t dash = code.find('-');  // "zh-Hant" -> "zh"
    return dash == std::string::npos ? code : code.substr(0, dash);
  }
#endif
  size_t letters = 0;
  for (size_t i = 0; i < text.size() && letters < 20;) letters += IsLetter(utf8::Decode(text, i));
  if (letters < 20) return HintCode(hint);
  const double ar = ArabicLetterRatio(text);
  if (ar >= 0.5) return "ar";
  std::string h = HintCode(hint);
  if (!h.empty() && h != "ar") return h;
  return ar < 0.1 ? h : std::string();
}

}  // namespace marsad::ingest::web
