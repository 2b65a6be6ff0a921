#include "marsad/text/stemmer.h"

#include <libstemmer.h>

#include <memory>
#include <unordered_map>

#include "marsad/core/utf8.h"
#include "marsad/text/clitics.h"
#include "marsad/text/resources.h"

namespace marsad::text {
namespace {

struct SnowballDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// libstemmer instances are not thread-safe: one per thread.
sb_stemmer* ThreadStemmer() {
  thread_local std::unique_ptr<sb_stemmer, SnowballDeleter> stemmer(sb_stemmer_new("arabic", "UTF_8"));
  return stemmer.get();
}

bool IsArabicWord(std::string_view w) {
  if (w.size() < 2) return false;
  const auto c = static_cast<unsigned char>(w[0]);
  return (c & 0xFC) == 0xD8;
}

constexpr std::string_view kAt = "\xD8\xA7\xD8\xAA";  // ات
constexpr std::string_view kAlef = "\xD8\xA7";
constexpr std::string_view kKaf = "\xD9\x83";
constexpr std::string_view kKum = "\xD9\x83\xD9\x85";              // كم
constexpr std::string_view kKuma = "\xD9\x83\xD9\x85\xD8\xA7";     // كما
// ال ف ب ل ك و
constexpr std::string_view kRootInitial[] = {"\xD8\xA7\xD9\x84", "\xD9\x81", "\xD8\xA8",
                                             "\xD9\x84", "\xD9\x83", "\xD9\x88"};
constexpr std::string_view kYa = "\xD9\x8A";                       // ي
constexpr std::string_view kTa = "\xD8\xAA";                       // ت
constexpr std::string_view kSinTa = "\xD8\xB3\xD8\xAA";            // ست

std::string StemUncached(std::string_view x) {
  if (!IsArabicWord(x) || utf8::Length(x) < 3) return std::string(x);
  const TextResources& res = GetTextResources();
  if (res.stem_exceptions.find(x) != res.stem_exceptions.end()) return std::string(x);
  sb_stemmer* sb = ThreadStemmer();
  if (sb == nullptr) return std::string(x);
  const sb_symbol* out = sb_stemmer_stem(sb, reinterpret_cast<const sb_symbol*>(x.data()), static_cast<int>(x.size()));
  if (out == nullptr) return std::string(x);
  std::string s(reinterpret_cast<const char*>(out), static_cast<size_t>(sb_stemmer_length(sb)));
  if (s.empty()) return std::string(x);
  // Proclitics were removed before: a leading ف/ب/ل/ك/و left here belongs to
  // the root (فلسطين, بوتين, بغداد), and a leading ال is no article
  // (ألمانيا, إلغاء after alef folding); Snowball must not take them.
  for (std::string_view l : kRootInitial) {
    if (x.starts_with(l) && !s.starts_with(l) && x.find(s, l.size()) != std::string_view::npos) {
      s.insert(0, l);
      break;
    }
  }
  // Imperfect verbs: Snowball keeps the prefix ي (and ت after the future
  // س): يوقع / سيوقع / ستوقع should meet وقع. Nouns starting with ي are few.
  if (s.starts_with(kYa) && utf8::Length(s) >= 4) {
    s.erase(0, kYa.size());
  } else if (x.starts_with(kSinTa) && s.starts_with(kTa) && utf8::Length(s) >= 4) {
    s.erase(0, kTa.size());
  }
  // The feminine plural -ات: Snowball leaves the alef (كتابات -> كتابا).
  if (x.ends_with(kAt) && s.ends_with(kAlef) && utf8::Length(s) > 3) s.resize(s.size() - 2);
  // The second person suffixes (ك كم كما) are rare in news and Snowball's
  // cutting them breaks nouns ending in ك (اشتباك -> اشتب).
  for (std::string_view suf : {kKuma, kKum, kKaf}) {
    if (x.ends_with(suf) && x.starts_with(s) && s.size() < x.size()) {
      s.assign(x);
      break;
    }
  }
  return s;
}

}  // namespace

std::string StemForm(std::string_view form) {
  // Snowball costs ~1 us a word; news repeats words, so keep recent stems.
  thread_local std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> cache;
  if (auto it = cache.find(form); it != cache.end()) return it->second;
  std::string s = StemUncached(form);
  if (cache.size() >= 1 << 16) cache.clear();
  cache.emplace(std::string(form), s);
  return s;
}

size_t ProcliticBytes(std::string_view normalized_word) {
  return SplitProclitics(normalized_word).stem_begin;
}

std::string Stem(std::string_view normalized_word) {
  return StemForm(normalized_word.substr(ProcliticBytes(normalized_word)));
}

}  // namespace marsad::text
