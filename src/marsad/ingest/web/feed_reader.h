// Reads RSS (0.9x, 1.0/RDF, 2.0) and Atom feeds: one Article per item.
//
// Safety: libxml2 runs with XML_PARSE_NONET (no fetching of external DTDs
// or entities) and without XML_PARSE_NOENT, and item text is read from text
// and CDATA nodes only, never through entity references: a billion-laughs
// document parses in linear time and nothing is expanded. Files above
// kMaxFeedBytes are refused.
//
// Items whose content is only a teaser (short, or ending in "…",
// "اقرأ المزيد", "Read more") are still read, with the warning "teaser" in
// Article::warnings (fetching the full page is another stage's job).
//
// A FeedReader is used by one thread at a time; ParseFeed is thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/ingest/reader.h"

namespace marsad::ingest::web {

inline constexpr size_t kMaxFeedBytes = 64u << 20;

// Parses a whole feed. `origin` names it in Problems and Article::origin
// ("feed.xml#item 3"). Returns DataLoss when it is not a feed at all.
StatusOr<std::vector<Article>> ParseFeed(std::string_view bytes, const std::string& origin,
                                         std::vector<Problem>& problems);

// True when a feed item's text looks like a teaser rather than the article.
bool LooksLikeTeaser(std::string_view body_text, std::string_view raw_html);

class FeedReader : public Reader {
 public:
  // Reads and parses `path`; a file that cannot be read or is not a feed
  // gives a Problem and a reader with no articles.
  FeedReader(std::string path, std::vector<Problem>& problems);
  bool Next(Article& out, std::vector<Problem>& problems) override;
  const char* format() const override { return format_; }

 private:
  std::vector<Article> items_;
  size_t next_ = 0;
  const char* format_ = "rss";
};

std::unique_ptr<Reader> OpenFeed(const std::string& path, std::vector<Problem>& problems);

}  // namespace marsad::ingest::web
