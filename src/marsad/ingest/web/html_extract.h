// Turns one HTML page into an Article: the main text (headline and
// paragraphs, without menus, ads, share bars, "اقرأ أيضاً"/related blocks,
// comments, footers or cookie banners) and the page's metadata.
//
// How: gumbo parses the page (HTML5 rules, so any tag soup parses); a walk
// cuts it into text blocks (paragraphs, list items, headings, <br>-separated
// lines) with features: link density, length in words, sentence
// punctuation, Arabic letter ratio, bold share, and class/id/role hints of
// the ancestors (nav, menu, footer, share, related, comment, sidebar,
// cookie ... vs article, content, body, story ...). Good blocks vote for
// their ancestors; the best-scoring container (and strong siblings) is the
// article, and inside it blocks are kept or dropped by their features and by
// Arabic boilerplate markers ("اقرأ أيضاً", "مواضيع ذات صلة", "شارك",
// "التعليقات" ... and the link lists after them).
//
// Free functions, no state: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::ingest::web {

struct HtmlInput {
  std::string url;           // the page's URL when known (WARC target URI, feed link); "" for a file
  std::string http_charset;  // charset of an HTTP Content-Type header, "" when none
  std::string origin;        // for Article::origin: path, and #record for a WARC
  // Warnings the reader should show the user now, naming the input (they
  // also go to Article::warnings): tags nested too deep were flattened.
  std::vector<std::string>* notices = nullptr;
};

// The article body found in a page.
struct MainText {
  std::string headline;                 // the article's <h1> (may be "")
  std::vector<std::string> paragraphs;  // in page order, whitespace collapsed
};

// Extracts the main text of an already-UTF-8 page.
MainText ExtractMainText(std::string_view utf8_html);

// Reads one page from its raw bytes (any encoding; see encoding.h) into
// `out`: text = title line, then one paragraph a line; body = the whole text
// (chrome is not kept); title, url, canonical_url, source, published,
// published_from, author, language, format "html", origin; decoding
// problems go to out.warnings. Fails (DataLoss) only when the page has no
// text at all.
Status ReadHtmlArticle(std::string_view bytes, const HtmlInput& in, Article& out);

// Same, for a page already in UTF-8.
Status ReadHtmlArticleUtf8(std::string_view utf8_html, const HtmlInput& in, Article& out);

// Plain text of an HTML fragment (an RSS description, content:encoded):
// one block a line, scripts and styles dropped, "اقرأ المزيد"/"Read more"
// links dropped. Input must be UTF-8.
std::string HtmlFragmentToText(std::string_view utf8_html);

}  // namespace marsad::ingest::web
