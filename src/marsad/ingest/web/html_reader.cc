#include "marsad/ingest/web/html_reader.h"

#include <filesystem>

#include "marsad/ingest/web/html_extract.h"
#include "marsad/ingest/web/web_common.h"

namespace marsad::ingest::web {

bool HtmlReader::Next(Article& out, std::vector<Problem>& problems) {
  while (!done_) {
    done_ = true;
    std::string bytes;
    Status st = ReadWholeFile(path_, kMaxHtmlBytes, bytes);
    if (!st.ok()) {
      problems.push_back({path_, st.message(), true});
      return false;
    }
    Article a;
    HtmlInput in;
    in.origin = path_;
    std::vector<std::string> notices;
    in.notices = &notices;
    st = ReadHtmlArticle(bytes, in, a);
    for (auto& n : notices) problems.push_back({path_, std::move(n), false});
    if (!st.ok()) {
      problems.push_back({path_, st.message() + "; skipped", true});
      return false;
    }
    // ResolveMetadata set url from the canonical link when there is one.
    if (a.url.empty()) a.url = path_;
    a.id = std::filesystem::path(path_).stem().string();
    out = std::move(a);
    return true;
  }
  return false;
}

std::unique_ptr<Reader> OpenHtml(const std::string& path, std::vector<Problem>&) {
  return std::make_unique<HtmlReader>(path);
}

}  // namespace marsad::ingest::web
