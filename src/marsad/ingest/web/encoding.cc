#include "marsad/ingest/web/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "marsad/core/utf8.h"

namespace marsad::ingest::web {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '"' || s.front() == '\'')) s.remove_prefix(1);
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '"' || s.back() == '\'' || s.back() == ';'))
    s.remove_suffix(1);
  return s;
}

// Value after "charset=" in s (a content attribute or header), or "".
std::string CharsetParam(std::string_view lower) {
  size_t p = lower.find("charset");
  if (p == std::string_view::npos) return {};
  p += 7;
  while (p < lower.size() && IsSpace(lower[p])) ++p;
  if (p >= lower.size() || lower[p] != '=') return {};
  ++p;
  while (p < lower.size() && (IsSpace(lower[p]) || lower[p] == '"' || lower[p] == '\'')) ++p;
  size_t e = p;
  while (e < lower.size() && !IsSpace(lower[e]) && lower[e] != '"' && lower[e] != '\'' && lower[e] != ';' &&
         lower[e] != '>' && lower[e] != '/')
    ++e;
  return std::string(lower.substr(p, e - p));
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// Converts with ICU. strict: fail on the first undecodable byte sequence.
// Returns false when the converter cannot be opened or (strict) the bytes do
// not decode; `replaced` counts U+FFFD produced in lenient mode.
bool Convert(std::string_view bytes, const std::string& charset, bool strict, std::string& out,
             size_t* replaced = nullptr) {
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr cnv(ucnv_open(charset.c_str(), &err));
  if (U_FAILURE(err) || !cnv) return false;
  if (strict) {
    err = U_ZERO_ERROR;
    ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  }
  err = U_ZERO_ERROR;
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), cnv.get(), err);
  if (U_FAILURE(err)) return false;
  out.clear();
  u.toUTF8String(out);
  if (replaced) {
    size_t n = 0;
    for (int32_t i = 0; i < u.length(); ++i) n += (u.charAt(i) == 0xFFFD || u.charAt(i) == 0x1A);
    *replaced = n;
  }
  return true;
}

bool IsArabicLetter(char32_t c) { return (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3); }

// How plausible a decoding is, 0..1: the share of non-ASCII characters that
// sit where real text puts them (Arabic letters next to Arabic letters,
// accented Latin letters next to Latin letters, common punctuation). Text
// decoded with the wrong Arabic code page has isolated letters and symbols.
double Plausibility(std::string_view utf8text) {
  std::u32string u = utf8::ToU32(utf8text);
  size_t nonascii = 0, good = 0;
  auto latin = [](char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F); };
  for (size_t i = 0; i < u.size(); ++i) {
    char32_t c = u[i];
    if (c < 0x80) continue;
    ++nonascii;
    char32_t prev = i ? u[i - 1] : 0, next = i + 1 < u.size() ? u[i + 1] : 0;
    if (IsArabicLetter(c) || (c >= 0x064B && c <= 0x0652) || c == 0x0640) {
      auto ar = [](char32_t x) { return IsArabicLetter(x) || (x >= 0x064B && x <= 0x0652) || x == 0x0640; };
      good += ar(prev) || ar(next);
    } else if (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) {
      good += latin(prev) || latin(next);
    } else {
      switch (c) {
        case 0x060C: case 0x061B: case 0x061F: case 0xAB: case 0xBB: case 0x201C: case 0x201D:
        case 0x2018: case 0x2019: case 0x2013: case 0x2014: case 0x2026: case 0xA0: case 0x0660:
        case 0x0661: case 0x0662: case 0x0663: case 0x0664: case 0x0665: case 0x0666: case 0x0667:
        case 0x0668: case 0x0669: case 0xA9: case 0x200F: case 0x200E:
          ++good;
          break;
        default:
          break;
      }
    }
  }
  return nonascii == 0 ? 1.0 : static_cast<double>(good) / static_cast<double>(nonascii);
}

bool HasNonAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

// ICU detection, re-ranked by plausibility: ucsdet confuses windows-1256
// with ISO-8859-6 (they share most letters), so each candidate is decoded
// and the one that reads most like text wins.
struct Detected {
  std::string charset;
  std::string utf8;
  double plausibility = 0;
};

Detected Detect(std::string_view bytes) {
  std::vector<std::string> candidates;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&err));
  if (U_SUCCESS(err)) {
    // ucsdet looks at a prefix only; 64 KiB is plenty and keeps it fast.
    const int32_t n = static_cast<int32_t>(std::min<size_t>(bytes.size(), 65536));
    ucsdet_setText(det.get(), bytes.data(), n, &err);
    ucsdet_enableInputFilter(det.get(), true);
    int32_t found = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &found, &err);
    for (int32_t i = 0; U_SUCCESS(err) && i < found && i < 6; ++i) {
      UErrorCode e2 = U_ZERO_ERROR;
      const char* name = ucsdet_getName(matches[i], &e2);
      if (U_SUCCESS(e2) && name) candidates.push_back(NormalizeCharsetName(name));
    }
  }
  if (utf8::IsValid(bytes)) candidates.insert(candidates.begin(), "UTF-8");
  for (const char* arabic : {"windows-1256", "ISO-8859-6"})
    if (std::find(candidates.begin(), candidates.end(), arabic) == candidates.end()) candidates.push_back(arabic);

  Detected best;
  best.plausibility = -1;
  for (const std::string& cs : candidates) {
    std::string out;
    size_t replaced = 0;
    if (cs == "UTF-8") {
      if (!utf8::IsValid(bytes)) continue;
      out.assign(bytes);
    } else if (!Convert(bytes, cs, false, out, &replaced)) {
      continue;
    }
    double p = Plausibility(out);
    if (replaced) p -= 0.5 * static_cast<double>(replaced) / static_cast<double>(std::max<size_t>(1, out.size() / 2));
    // Strictly better only: earlier candidates carry ucsdet's confidence.
    if (p > best.plausibility + 0.02) {
      best.charset = cs;
      best.utf8 = std::move(out);
      best.plausibility = p;
    }
  }
  return best;
}

}  // namespace

std::string NormalizeCharsetName(std::string_view label) {
  std::string l = LowerAscii(Trim(label));
  if (l.empty()) return {};
  if (l == "utf8" || l == "utf-8" || l == "unicode-1-1-utf-8" || l == "x-unicode20utf8") return "UTF-8";
  if (l == "utf-16" || l == "utf-16le" || l == "unicode" || l == "ucs-2") return "UTF-16LE";
  if (l == "utf-16be") return "UTF-16BE";
  if (l == "windows-1256" || l == "cp1256" || l == "x-cp1256" || l == "win-1256" || l == "windows1256")
    return "windows-1256";
  if (l == "iso-8859-6" || l == "iso8859-6" || l == "iso_8859-6" || l == "arabic" || l == "iso-ir-127" ||
      l == "asmo-708" || l == "ecma-114" || l == "csisolatinarabic" || l == "iso-8859-6-i" || l == "iso-8859-6-e" ||
      l == "iso_8859-6:1987")
    return "ISO-8859-6";
  // WHATWG: these labels all mean windows-1252.
  if (l == "iso-8859-1" || l == "latin1" || l == "l1" || l == "us-ascii" || l == "ascii" || l == "cp1252" ||
      l == "windows-1252" || l == "iso8859-1" || l == "iso_8859-1")
    return "windows-1252";
  return std::string(Trim(label));
}

std::string CharsetFromContentType(std::string_view content_type) {
  return CharsetParam(LowerAscii(content_type));
}

std::string SniffDeclaredCharset(std::string_view bytes) {
  std::string head = LowerAscii(bytes.substr(0, 4096));
  if (head.compare(0, 5, "<?xml") == 0) {
    size_t end = head.find("?>");
    size_t p = head.find("encoding");
    if (p != std::string::npos && (end == std::string::npos || p < end)) {
      p += 8;
      while (p < head.size() && (IsSpace(head[p]) || head[p] == '=')) ++p;
      if (p < head.size() && (head[p] == '"' || head[p] == '\'')) {
        char q = head[p];
        size_t e = head.find(q, p + 1);
        if (e != std::string::npos) return head.substr(p + 1, e - p - 1);
      }
    }
  }
  for (size_t p = head.find("<meta"); p != std::string::npos; p = head.find("<meta", p + 5)) {
    size_t e = head.find('>', p);
    std::string_view tag = std::string_view(head).substr(p, (e == std::string::npos ? head.size() : e) - p);
    // <meta charset="..."> and <meta http-equiv=... content="text/html; charset=...">
    // both carry "charset" followed by '='.
    std::string cs = CharsetParam(tag);
    if (!cs.empty()) return cs;
  }
  return {};
}

StatusOr<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view http_charset) {
  DecodedText r;
  auto take = [&](const std::string& cs, std::string_view body, const char* by) {
    r.charset = cs;
    r.decided_by = by;
    std::string out;
    size_t replaced = 0;
    if (cs == "UTF-8") {
      out = utf8::Repair(body, &replaced);
    } else {
      Convert(body, cs, false, out, &replaced);
    }
    if (replaced) r.warnings.push_back(std::to_string(replaced) + " bytes could not be decoded as " + cs);
    r.utf8 = std::move(out);
  };

  // 1. Byte-order mark: nothing overrides it.
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    take("UTF-8", bytes.substr(3), "bom");
    return r;
  }
  if (bytes.size() >= 2 && (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF")) {
    const bool le = bytes[0] == '\xFF';
    take(le ? "UTF-16LE" : "UTF-16BE", bytes.substr(2), "bom");
    if (r.utf8.empty() && bytes.size() > 2) return DataLoss("cannot open an ICU converter for UTF-16");
    return r;
  }

  // 2./3. A declaration: HTTP header first, then the document's own.
  std::string declared = NormalizeCharsetName(http_charset);
  const char* by = "http";
  if (declared.empty()) {
    declared = NormalizeCharsetName(SniffDeclaredCharset(bytes));
    by = "meta";
    // A declaration read as ASCII cannot be UTF-16 (HTML spec: use UTF-8).
    if (declared == "UTF-16LE" || declared == "UTF-16BE") declared = "UTF-8";
  }
  if (!declared.empty()) {
    if (!HasNonAscii(bytes)) {
      r.charset = declared;
      r.decided_by = by;
      r.utf8.assign(bytes);
      return r;
    }
    if (declared == "UTF-8") {
      if (utf8::IsValid(bytes)) {
        r.charset = "UTF-8";
        r.decided_by = by;
        r.utf8.assign(bytes);
        return r;
      }
      Detected d = Detect(bytes);
      if (!d.charset.empty() && d.charset != "UTF-8") {
        r.charset = d.charset;
        r.decided_by = "detected";
        r.utf8 = std::move(d.utf8);
        r.warnings.push_back("declared UTF-8 (" + std::string(by) + ") but the bytes are not UTF-8; decoded as " +
                             r.charset + " (detected)");
        return r;
      }
      take("UTF-8", bytes, by);
      return r;
    }
    // A single-byte declaration over bytes that are valid multi-byte UTF-8
    // is almost surely wrong: real windows-1256 text is never valid UTF-8.
    if (utf8::IsValid(bytes) && declared.rfind("UTF-16", 0) != 0) {
      r.charset = "UTF-8";
      r.decided_by = "detected";
      r.utf8.assign(bytes);
      r.warnings.push_back("declared " + declared + " (" + by + ") but the bytes are UTF-8; decoded as UTF-8");
      return r;
    }
    std::string out;
    if (Convert(bytes, declared, true, out)) {
      double p = Plausibility(out);
      if (p < 0.6) {
        Detected d = Detect(bytes);
        if (!d.charset.empty() && d.plausibility > p + 0.2) {
          r.charset = d.charset;
          r.decided_by = "detected";
          r.utf8 = std::move(d.utf8);
          r.warnings.push_back("declared " + declared + " (" + by + ") but the text does not read as " + declared +
                               "; decoded as " + r.charset + " (detected)");
          return r;
        }
      }
      r.charset = declared;
      r.decided_by = by;
      r.utf8 = std::move(out);
      return r;
    }
    UErrorCode err = U_ZERO_ERROR;
    ConverterPtr probe(ucnv_open(declared.c_str(), &err));
    const bool known = U_SUCCESS(err) && probe;
    Detected d = Detect(bytes);
    if (!d.charset.empty()) {
      r.charset = d.charset;
      r.decided_by = "detected";
      r.utf8 = std::move(d.utf8);
      r.warnings.push_back(known ? "declared " + declared + " (" + by + ") but the bytes do not decode as it; decoded as " +
                                       r.charset + " (detected)"
                                 : "unknown charset \"" + declared + "\" (" + by + "); decoded as " + r.charset +
                                       " (detected)");
      return r;
    }
  }

  // 4. Detection.
  if (!HasNonAscii(bytes)) {
    r.charset = "UTF-8";
    r.decided_by = "default";
    r.utf8.assign(bytes);
    return r;
  }
  if (utf8::IsValid(bytes)) {
    r.charset = "UTF-8";
    r.decided_by = "detected";
    r.utf8.assign(bytes);
    return r;
  }
  Detected d = Detect(bytes);
  if (d.charset.empty()) {
    take("UTF-8", bytes, "default");
    r.warnings.push_back("encoding could not be detected; invalid bytes replaced");
    return r;
  }
  r.charset = d.charset;
  r.decided_by = "detected";
  r.utf8 = std::move(d.utf8);
  return r;
}

}  // namespace marsad::ingest::web
