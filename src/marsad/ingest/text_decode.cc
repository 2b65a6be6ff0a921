#include "marsad/ingest/text_decode.h"

#include <unicode/ucnv.h>

#include <memory>

#include "marsad/core/utf8.h"

namespace marsad::ingest {
namespace {

bool IsSpaceOnly(std::string_view s) {
  for (unsigned char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

// After decoding, a text that is only spaces (ASCII or U+00A0/U+200x) is empty.
bool IsBlankUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = utf8::Decode(s, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
        c == 0xFEFF || (c >= 0x2000 && c <= 0x200F) || c == 0x202F || c == 0x3000) {
      continue;
    }
    return false;
  }
  return true;
}

// Share of the non-ASCII characters of `decoded` that are Arabic letters:
// high for Arabic text in windows-1256, low for Latin-1 or random bytes.
double ArabicShareOfNonAscii(std::string_view decoded) {
  size_t non_ascii = 0, arabic = 0, i = 0;
  while (i < decoded.size()) {
    char32_t c = utf8::Decode(decoded, i);
    if (c < 0x80) continue;
    ++non_ascii;
    if (c >= 0x0621 && c <= 0x064A) ++arabic;
    else if (c >= 0x064B && c <= 0x0652) ++arabic;  // harakat count as Arabic too
  }
  return non_ascii == 0 ? 0.0 : static_cast<double>(arabic) / static_cast<double>(non_ascii);
}

}  // namespace

std::string BinaryReason(std::string_view head) {
  if (head.empty()) return "";
  size_t control = 0;
  for (unsigned char c : head) {
    if (c == 0) return "binary file (contains NUL bytes), not text";
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) ++control;
  }
  if (control * 10 > head.size()) {
    return "binary file (" + std::to_string(control * 100 / head.size()) +
           "% control characters), not text";
  }
  return "";
}

StatusOr<std::string> ConvertToUtf8(std::string_view bytes, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  {  // check the charset exists, for a clear message
    std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open(charset, &err), ucnv_close);
    if (U_FAILURE(err)) return Internal(std::string("ICU has no converter for ") + charset);
  }
  if (bytes.empty()) return std::string();
  std::string out(bytes.size() * 3 + 16, '\0');
  int32_t n = ucnv_convert("UTF-8", charset, out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                           static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) return DataLoss(std::string("cannot convert from ") + charset + ": " + u_errorName(err));
  out.resize(static_cast<size_t>(n));
  return out;
}

StatusOr<DecodedText> DecodeText(std::string_view bytes) {
  DecodedText out;
  if (bytes.empty()) return DataLoss("empty file");

  // UTF-16 with a BOM: convert (NUL bytes are expected there).
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'))) {
    const bool le = bytes[0] == '\xFF';
    auto converted = ConvertToUtf8(bytes.substr(2), le ? "UTF-16LE" : "UTF-16BE");
    if (!converted.ok()) return converted.status();
    out.text = std::move(converted).value();
    out.encoding = le ? "utf-16le" : "utf-16be";
    out.warnings.push_back(std::string("file is ") + (le ? "UTF-16LE" : "UTF-16BE") + "; converted to UTF-8");
    if (!utf8::IsValid(out.text)) out.text = utf8::Repair(out.text);
    if (IsBlankUtf8(out.text)) return DataLoss("empty file (only whitespace)");
    return out;
  }

  std::string reason = BinaryReason(bytes.substr(0, 64 * 1024));
  if (!reason.empty()) return DataLoss(reason);

  bytes.remove_prefix(Utf8BomLength(bytes));
  if (IsSpaceOnly(bytes)) return DataLoss("empty file (only whitespace)");

  const size_t bad = utf8::FindInvalid(bytes);
  if (bad == std::string_view::npos) {
    out.text.assign(bytes);
    out.encoding = "utf-8";
  } else {
    // Not UTF-8. Legacy Arabic pages are windows-1256: accept that reading
    // only when most high bytes become Arabic letters, else repair.
    auto cp1256 = ConvertToUtf8(bytes, "windows-1256");
    if (cp1256.ok() && ArabicShareOfNonAscii(*cp1256) >= 0.7) {
      out.text = std::move(cp1256).value();
      out.encoding = "windows-1256";
      out.warnings.push_back("not valid UTF-8 (first bad byte at offset " + std::to_string(bad) +
                             "); read as windows-1256 (Arabic)");
    } else {
      size_t replaced = 0;
      out.text = utf8::Repair(bytes, &replaced);
      out.encoding = "utf-8";
      out.warnings.push_back("invalid UTF-8: " + std::to_string(replaced) +
                             " byte(s) replaced with U+FFFD (first at offset " + std::to_string(bad) + ")");
    }
  }
  if (IsBlankUtf8(out.text)) return DataLoss("empty file (only whitespace)");
  return out;
}

}  // namespace marsad::ingest
