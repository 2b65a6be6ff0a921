// Fuzzes the store's article JSON (nlohmann): ArticleFromJsonString never
// throws; when it accepts, every span lies inside the text and the article
// survives a write/read round trip unchanged in its JSON form.
#include <string>

#include "fuzz/fuzz_util.h"
#include "marsad/core/article_json.h"

using namespace marsad;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in = fuzz::AsView(data, size);
  const uint8_t sel = fuzz::TakeSelector(in);
  Article a;
  // Half the time the text is kept elsewhere (as the store does): pre-filled.
  if (sel & 1) a.text = "قال الرئيس إن وقف إطلاق النار بدأ في 10 أكتوبر 2020.";
  Status s = ArticleFromJsonString(in, &a);
  if (!s.ok()) return 0;
  FUZZ_CHECK(ValidateSpans(a).ok());
  const std::string once = ArticleToJsonString(a);
  Article b;
  Status s2 = ArticleFromJsonString(once, &b);
  if (!s2.ok()) {
    std::fprintf(stderr, "round trip rejected: %s\n", s2.ToString().c_str());
    FUZZ_CHECK(s2.ok());
  }
  FUZZ_CHECK(ArticleToJsonString(b) == once);
  return 0;
}
