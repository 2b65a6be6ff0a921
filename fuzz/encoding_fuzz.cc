// Fuzzes encoding detection and conversion: the web path (DecodeToUtf8 with
// an optional HTTP charset taken from the input) and the plain-text path
// (DecodeText). Invariant: whatever comes out is valid UTF-8.
#include <string>

#include "fuzz/fuzz_util.h"
#include "marsad/core/utf8.h"
#include "marsad/ingest/text_decode.h"
#include "marsad/ingest/web/encoding.h"

using namespace marsad;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  // Selector low bits: a charset label length taken from the front.
  std::string_view label;
  if (sel & 1) {
    const size_t n = std::min<size_t>((sel >> 1) & 31, in.size());
    label = in.substr(0, n);
    in.remove_prefix(n);
  }
  auto web = ingest::web::DecodeToUtf8(in, label);
  if (web.ok()) FUZZ_CHECK(utf8::IsValid(web->utf8));
  (void)ingest::web::NormalizeCharsetName(label);
  (void)ingest::web::SniffDeclaredCharset(in);
  (void)ingest::web::CharsetFromContentType(in.substr(0, 256));

  auto plain = ingest::DecodeText(in);
  if (plain.ok()) FUZZ_CHECK(utf8::IsValid(plain->text));
  (void)ingest::BinaryReason(in.substr(0, 4096));
  return 0;
}
