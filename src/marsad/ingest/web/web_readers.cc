#include "marsad/ingest/web/web_readers.h"

#include "marsad/ingest/sources.h"
#include "marsad/ingest/web/feed_reader.h"
#include "marsad/ingest/web/html_reader.h"
#include "marsad/ingest/web/warc_reader.h"

namespace marsad::ingest::web {

void RegisterWebReaders() {
  RegisterReader(Format::kHtml, [](const InputFile& f, std::vector<Problem>& p) { return OpenHtml(f.path, p); });
  RegisterReader(Format::kRss, [](const InputFile& f, std::vector<Problem>& p) { return OpenFeed(f.path, p); });
  RegisterReader(Format::kAtom, [](const InputFile& f, std::vector<Problem>& p) { return OpenFeed(f.path, p); });
  RegisterReader(Format::kWarc, [](const InputFile& f, std::vector<Problem>& p) { return OpenWarc(f.path, p); });
}

}  // namespace marsad::ingest::web
