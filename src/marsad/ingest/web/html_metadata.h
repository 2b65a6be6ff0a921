// Page metadata from what an HTML page says about itself: title, outlet,
// publication date (with where it came from), author, canonical URL and
// language. The HTML walk (html_extract.cc) collects the raw signals; this
// file decides between them, in an order of trust:
//   date: JSON-LD datePublished > article:published_time and other meta tags
//         > <time datetime> inside the article > URL > dateline in the
//         article's first lines. A page header's "today" is never used: only
//         dates inside the article's own scope are collected.
//
// Free functions, no state: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "marsad/core/article.h"

namespace marsad::ingest::web {

struct PageSignals {
  std::string url;        // where the page was read from (WARC target URI, file name, feed link)
  std::string html_lang;  // <html lang>
  std::string title_tag;  // <title>
  // <meta> tags in document order: key (name, property, itemprop or
  // http-equiv, lower-cased) -> content.
  std::vector<std::pair<std::string, std::string>> meta;
  std::string canonical;              // <link rel=canonical href>
  std::vector<std::string> json_ld;   // raw <script type="application/ld+json"> texts
  std::string h1;                     // the article's headline element text
  // Short text blocks of the article's scope (a headline that is not an
  // <h1>: "<span class=title>"): a <title> segment equal to one is the title.
  std::vector<std::string> headline_candidates;
  std::string time_in_article;        // datetime/content of the first dated element in the article
  std::string dateline_text;          // the article's first lines (stamp line, first paragraph)
  std::string rel_author;             // text of <a rel=author> / byline element
  std::string body_text;              // extracted main text (for language detection)
};

// Fills title, source, published, published_from (jsonld | meta | time |
// url | dateline), author, canonical_url and language of `a`. Leaves a
// field as it is when the page says nothing about it.
void ResolveMetadata(const PageSignals& s, Article& a);

// <title> text without the outlet's name: "هدنة في كاراباخ | الكرمل" ->
// "هدنة في كاراباخ". With `site` unknown, a short trailing (or leading)
// segment after " | ", " - ", " – ", " — ", " :: ", " « " or " » " is taken
// for the site name only when the remaining part is clearly longer.
std::string StripSiteSuffix(std::string_view title, std::string_view site);

// "www.example.com" from "https://www.example.com/a/b" -> "example.com".
std::string DomainOf(std::string_view url);

}  // namespace marsad::ingest::web
