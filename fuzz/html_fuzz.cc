// Fuzzes HTML extraction: raw page bytes through ReadHtmlArticle (encoding
// detection + extraction + metadata), UTF-8 pages through ExtractMainText,
// and fragments through HtmlFragmentToText. Invariants: no crash, the
// article text is valid UTF-8 and its body span lies inside it.
#include <string>

#include "fuzz/fuzz_util.h"
#include "marsad/core/utf8.h"
#include "marsad/ingest/web/html_extract.h"

using namespace marsad;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  switch (sel % 3) {
    case 0: {
      ingest::web::HtmlInput hi;
      hi.url = (sel & 8) ? "https://example.com/2021/03/04/news/article-1.html" : "";
      hi.http_charset = (sel & 16) ? "windows-1256" : "";
      hi.origin = "fuzz.html";
      Article a;
      Status s = ingest::web::ReadHtmlArticle(in, hi, a);
      if (s.ok()) {
        FUZZ_CHECK(utf8::IsValid(a.text));
        FUZZ_CHECK(a.body.begin <= a.body.end && a.body.end <= a.text.size());
        FUZZ_CHECK(utf8::IsValid(a.title));
      }
      break;
    }
    case 1: {
      const std::string page = utf8::Repair(in);
      ingest::web::MainText mt = ingest::web::ExtractMainText(page);
      FUZZ_CHECK(utf8::IsValid(mt.headline));
      for (const auto& p : mt.paragraphs) FUZZ_CHECK(utf8::IsValid(p));
      break;
    }
    default: {
      const std::string frag = utf8::Repair(in);
      FUZZ_CHECK(utf8::IsValid(ingest::web::HtmlFragmentToText(frag)));
      break;
    }
  }
  return 0;
}
