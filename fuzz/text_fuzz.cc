// Fuzzes the normalizer and tokenizer on raw bytes (invalid UTF-8 included:
// both promise U+FFFD, never a crash). Invariants: the offset map has one
// entry per normalized byte plus one and stays inside the original; the fast
// path agrees with the mapped one; tokens and sentences lie inside the text,
// in order.
#include <string>

#include "fuzz/fuzz_util.h"
#include "marsad/core/utf8.h"
#include "marsad/text/normalizer.h"
#include "marsad/text/tokenizer.h"

using namespace marsad;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  text::NormalizeOptions opt;
  opt.fold_alef = sel & 1;
  opt.fold_ta_marbuta = sel & 2;
  opt.fold_alef_maqsura = sel & 4;
  opt.fold_hamza = sel & 8;
  opt.fold_digits = sel & 16;
  opt.lowercase_latin = sel & 32;
  opt.collapse_space = sel & 64;

  const text::Normalized n = text::Normalize(in, opt);
  FUZZ_CHECK(utf8::IsValid(n.text));
  FUZZ_CHECK(n.to_original.size() == n.text.size() + 1);
  for (size_t i = 0; i < n.to_original.size(); ++i) {
    FUZZ_CHECK(n.to_original[i] <= in.size());
    if (i > 0) FUZZ_CHECK(n.to_original[i - 1] <= n.to_original[i]);
  }
  FUZZ_CHECK(text::NormalizeForMatch(in, opt) == n.text);
  if (!n.text.empty()) {
    const size_t nb = sel % n.text.size();
    const size_t ne = nb + 1 + (sel * 7u) % (n.text.size() - nb);
    auto [b, e] = n.OriginalSpan(in, nb, ne);
    FUZZ_CHECK(b <= e && e <= in.size());
  }

  const std::string valid = utf8::Repair(in);
  Article a;
  a.text = valid;
  text::Analyze(a);
  uint32_t prev_end = 0;
  for (const Token& t : a.tokens) {
    FUZZ_CHECK(t.span.begin < t.span.end && t.span.end <= a.text.size());
    FUZZ_CHECK(t.span.begin >= prev_end);
    FUZZ_CHECK(t.prefix_bytes <= t.span.size());
    FUZZ_CHECK(utf8::IsValid(t.norm) && utf8::IsValid(t.form));
    prev_end = t.span.end;
  }
  for (const Sentence& s : a.sentences) {
    FUZZ_CHECK(s.span.begin <= s.span.end && s.span.end <= a.text.size());
    FUZZ_CHECK(s.first_token <= s.end_token && s.end_token <= a.tokens.size());
  }
  return 0;
}
