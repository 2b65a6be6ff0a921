#include "marsad/ingest/web/feed_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>

#include "marsad/core/utf8.h"
#include "marsad/ingest/web/html_extract.h"
#include "marsad/ingest/web/language.h"
#include "marsad/ingest/web/web_common.h"
#include "marsad/ingest/web/web_date.h"

namespace marsad::ingest::web {
namespace {

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

bool Named(const xmlNode* n, const char* local) {
  return n && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), local) == 0;
}

const char* NsHref(const xmlNode* n) { return n->ns && n->ns->href ? reinterpret_cast<const char*>(n->ns->href) : ""; }

// Text of a node from its text and CDATA descendants only. Entity
// references are NOT followed: that is what keeps a billion-laughs feed
// from expanding (xmlNodeGetContent would expand them).
void AppendText(const xmlNode* n, std::string& out, int depth) {
  if (depth > 64 || out.size() > (8u << 20)) return;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out += reinterpret_cast<const char*>(c->content);
    } else if (c->type == XML_ELEMENT_NODE) {
      // XHTML content inside Atom <content type="xhtml">: keep its markup
      // as text so the HTML path sees paragraphs.
      out += '<';
      out += reinterpret_cast<const char*>(c->name);
      out += '>';
      AppendText(c, out, depth + 1);
      out += "</";
      out += reinterpret_cast<const char*>(c->name);
      out += '>';
    }
  }
}

// libxml2 in RECOVER mode can pass bytes that are not UTF-8 into text
// nodes (a broken XML declaration hides the real encoding): repair them
// here, where text leaves libxml2, so every Article::text is valid UTF-8.
std::string Text(const xmlNode* n) {
  std::string s;
  if (n) AppendText(n, s, 0);
  return utf8::IsValid(s) ? s : utf8::Repair(s);
}

std::string Attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a; a = a->next) {
    if (std::strcmp(reinterpret_cast<const char*>(a->name), name) != 0) continue;
    std::string v;
    for (const xmlNode* c = a->children; c; c = c->next)
      if (c->type == XML_TEXT_NODE && c->content) v += reinterpret_cast<const char*>(c->content);
    return utf8::IsValid(v) ? v : utf8::Repair(v);
  }
  return {};
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool sp = false;
  size_t i = 0;
  while (i < s.size()) {
    size_t st = i;
    char32_t c = utf8::Decode(s, i);
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0xA0) {
      sp = !out.empty();
      continue;
    }
    if (sp) out.push_back(' '), sp = false;
    out.append(s.substr(st, i - st));
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view TrimEnd(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Strips a trailing "اقرأ المزيد" / "Read more" / "[…]" from a teaser.
std::string StripReadMore(std::string text) {
  static constexpr std::string_view kTails[] = {"اقرأ المزيد", "إقرأ المزيد", "اقرا المزيد", "المزيد", "Read more",
                                                "read more", "Continue reading", "[…]", "[...]", "»"};
  bool changed = true;
  while (changed) {
    changed = false;
    std::string_view t = TrimEnd(text);
    for (std::string_view tail : kTails)
      if (EndsWith(t, tail)) {
        text.resize(t.size() - tail.size());
        changed = true;
        break;
      }
  }
  text.resize(TrimEnd(text).size());
  return text;
}

std::string Trimmed(std::string s) {
  size_t b = 0;
  while (b < s.size() && (s[b] == ' ' || s[b] == '\n' || s[b] == '\t' || s[b] == '\r')) ++b;
  s.erase(0, b);
  s.resize(TrimEnd(s).size());
  return s;
}

struct ItemFields {
  std::string title, link, date, author, html, guid;
  bool title_is_html = false;
};

void ReadItem(const xmlNode* item, bool atom, ItemFields& f) {
  std::string description, content;
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const char* name = reinterpret_cast<const char*>(c->name);
    if (!std::strcmp(name, "title")) {
      f.title = Text(c);
      f.title_is_html = atom && Attr(c, "type") == "html";
    } else if (!std::strcmp(name, "link")) {
      if (atom) {
        std::string rel = Attr(c, "rel");
        if ((rel.empty() || rel == "alternate") && f.link.empty()) f.link = Attr(c, "href");
      } else if (f.link.empty()) {
        f.link = Trimmed(Text(c));
        if (f.link.empty()) f.link = Attr(c, "href");  // atom:link inside RSS
      }
    } else if (!std::strcmp(name, "guid") || !std::strcmp(name, "id")) {
      f.guid = Trimmed(Text(c));
    } else if (!std::strcmp(name, "pubDate") || !std::strcmp(name, "published") || !std::strcmp(name, "issued") ||
               (!std::strcmp(name, "date") && f.date.empty())) {
      if (f.date.empty() || std::strcmp(name, "date") != 0) f.date = Trimmed(Text(c));
    } else if (!std::strcmp(name, "updated") || !std::strcmp(name, "modified")) {
      if (f.date.empty()) f.date = Trimmed(Text(c));
    } else if (!std::strcmp(name, "encoded") || (atom && !std::strcmp(name, "content"))) {
      content = Text(c);
    } else if (!std::strcmp(name, "description") || !std::strcmp(name, "summary")) {
      description = Text(c);
    } else if (!std::strcmp(name, "creator") || (!std::strcmp(name, "author") && !atom)) {
      if (f.author.empty()) f.author = Collapse(Text(c));
    } else if (!std::strcmp(name, "author") && atom) {
      for (const xmlNode* a = c->children; a; a = a->next)
        if (Named(a, "name")) f.author = Collapse(Text(a));
    }
  }
  (void)NsHref;
  f.html = !content.empty() ? content : description;
  if (f.link.empty() && f.guid.rfind("http", 0) == 0) f.link = f.guid;
}

}  // namespace

bool LooksLikeTeaser(std::string_view body, std::string_view raw_html) {
  std::string_view t = TrimEnd(body);
  std::string_view raw = TrimEnd(raw_html);
  for (std::string_view tail : {"…", "...", "[…]", "[...]", "اقرأ المزيد", "إقرأ المزيد", "اقرا المزيد", "المزيد",
                                "Read more", "read more", "Continue reading", "»"})
    if (EndsWith(t, tail)) return true;
  for (std::string_view marker : {"اقرأ المزيد", "إقرأ المزيد", "Read more", "Continue reading", "…</a>", "[…]"})
    if (raw.size() < 4096 && raw.find(marker) != std::string_view::npos && raw.size() - raw.find(marker) < 200)
      return true;
  // Short: fewer than ~60 words is a summary, not a news report.
  size_t words = 0;
  bool in = false;
  for (char c : t) {
    bool sp = c == ' ' || c == '\n';
    if (!sp && !in) ++words;
    in = !sp;
  }
  return words < 60;
}

StatusOr<std::vector<Article>> ParseFeed(std::string_view bytes, const std::string& origin,
                                         std::vector<Problem>& problems) {
  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
  if (!ctxt) return Internal("libxml2: cannot create a parser");
  // NONET: no network. No NOENT: entities are not substituted. RECOVER:
  // real feeds are often slightly broken (a stray & or an HTML entity).
  // No HUGE: libxml2's default limits on text node and name sizes stay on.
  const int options = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
  std::unique_ptr<xmlDoc, DocDeleter> doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                                                            origin.c_str(), nullptr, options));
  if (!doc) return DataLoss("not XML (cannot parse as a feed)");
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return DataLoss("empty XML document");
  const bool atom = Named(root, "feed");
  const bool rss = Named(root, "rss") || Named(root, "RDF") || Named(root, "channel");
  if (!atom && !rss)
    return DataLoss(std::string("XML root <") + reinterpret_cast<const char*>(root->name) + "> is not an RSS or Atom feed");
  if (!ctxt->wellFormed)
    problems.push_back({origin, "the feed is not well-formed XML; read what could be recovered", false});

  // Items: Atom entries under <feed>; RSS 2.0 items under <channel>; RSS 1.0
  // items beside <channel> under <rdf:RDF>.
  std::string feed_title;
  std::vector<const xmlNode*> items;
  auto scan = [&](const xmlNode* parent, auto& self, int depth) -> void {
    for (const xmlNode* c = parent->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (Named(c, atom ? "entry" : "item")) items.push_back(c);
      else if (Named(c, "channel") && depth < 2) self(c, self, depth + 1);
      else if (Named(c, "title") && feed_title.empty()) feed_title = Collapse(Text(c));
    }
  };
  scan(root, scan, 0);

  std::vector<Article> out;
  out.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item_origin = origin + "#item " + std::to_string(i + 1);
    ItemFields f;
    ReadItem(items[i], atom, f);
    Article a;
    a.format = atom ? "atom" : "rss";
    a.origin = item_origin;
    a.url = Trimmed(f.link);
    a.source = feed_title;
    a.title = Collapse(f.title_is_html || f.title.find('<') != std::string::npos ? HtmlFragmentToText(f.title) : f.title);
    a.author = f.author;
    if (!f.date.empty()) {
      std::string d = ParseIsoDate(f.date);
      if (d.empty()) d = ParseRfc822Date(f.date);
      if (!d.empty()) {
        a.published = d;
        a.published_from = "feed";
      } else {
        a.warnings.push_back("unreadable date \"" + f.date.substr(0, 60) + "\"");
      }
    }
    std::string body = f.html.empty() ? std::string() : HtmlFragmentToText(f.html);
    const bool teaser = LooksLikeTeaser(body, f.html);
    body = StripReadMore(std::move(body));
    if (teaser) a.warnings.push_back("teaser");
    std::string text = a.title;
    if (!body.empty() && body != a.title) {
      if (!text.empty()) text += '\n';
      text += body;
    }
    if (text.empty()) {
      problems.push_back({item_origin, "item has neither title nor text; skipped", true});
      continue;
    }
    a.text = std::move(text);
    a.body = Span{0, static_cast<uint32_t>(a.text.size())};
    a.language = DetectLanguage(a.text);
    a.id = WebArticleId(!a.url.empty() ? a.url : (!f.guid.empty() ? f.guid : item_origin));
    out.push_back(std::move(a));
  }
  return out;
}

FeedReader::FeedReader(std::string path, std::vector<Problem>& problems) {
  std::string bytes;
  Status st = ReadWholeFile(path, kMaxFeedBytes, bytes);
  if (!st.ok()) {
    problems.push_back({path, st.message(), true});
    return;
  }
  auto parsed = ParseFeed(bytes, path, problems);
  if (!parsed.ok()) {
    problems.push_back({path, parsed.status().message(), true});
    return;
  }
  items_ = std::move(parsed).value();
  if (!items_.empty() && items_.front().format == "atom") format_ = "atom";
}

bool FeedReader::Next(Article& out, std::vector<Problem>&) {
  if (next_ >= items_.size()) return false;
  out = std::move(items_[next_++]);
  return true;
}

std::unique_ptr<Reader> OpenFeed(const std::string& path, std::vector<Problem>& problems) {
  return std::make_unique<FeedReader>(path, problems);
}

}  // namespace marsad::ingest::web
