#include "marsad/ingest/web/html_extract.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <unordered_set>

#include "marsad/core/utf8.h"
#include "marsad/ingest/web/encoding.h"
#include "marsad/ingest/web/html_metadata.h"
#include "marsad/ingest/web/html_resources.h"

namespace marsad::ingest::web {
namespace {

constexpr int kMaxDepth = 400;  // deeper nesting is garbage; its text is dropped

struct GumboDeleter {
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};
using GumboPtr = std::unique_ptr<GumboOutput, GumboDeleter>;

bool AsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Lowercased tag name at `p` (the first letter after '<' or '</').
std::string_view TagName(std::string_view html, size_t p, char* buf, size_t cap) {
  size_t n = 0;
  while (p < html.size() && n < cap &&
         (AsciiAlpha(html[p]) || (html[p] >= '0' && html[p] <= '9') || html[p] == '-')) {
    char c = html[p++];
    buf[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return {buf, n};
}

// Tags that never stay open (void) or that the next sibling closes (<p>,
// <li>, <td>, <a> ...): they do not nest, so they do not count.
bool DoesNotNest(std::string_view t) {
  static const std::unordered_set<std::string_view> kTags = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
      "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rp", "rt",
      "colgroup", "caption", "a", "html", "head", "body", "frame", "basefont", "bgsound", "image"};
  return kTags.count(t) > 0;
}

// Elements whose content is text, not tags, up to their end tag.
bool RawText(std::string_view t) {
  return t == "script" || t == "style" || t == "textarea" || t == "title" || t == "xmp" || t == "iframe" ||
         t == "noembed" || t == "noframes" || t == "noscript" || t == "plaintext";
}

// The end of a tag starting at `p` ('<'): one past its '>' (quoted
// attribute values may hold '>'), or html.size().
size_t TagEnd(std::string_view html, size_t p) {
  char quote = 0;
  for (size_t i = p + 1; i < html.size(); ++i) {
    const char c = html[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (html[i - 1] == '=' || html[i - 1] == ' ') quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return html.size();
}

// gumbo's tree builder searches the stack of open elements for most tags,
// so a page of 100,000 nested <div>s costs minutes (and its tree is freed
// recursively). A scan before parsing drops the start and end tags nested
// deeper than `limit`; their text stays, flattened into the element at the
// limit. Returns the number of tags dropped (0: `html` is left untouched).
size_t FlattenDeepNesting(std::string_view html, int limit, std::string& out) {
  int depth = 0;
  size_t dropped = 0, copied = 0;  // html[0, copied) is in `out` (once dropped > 0)
  char buf[16];
  auto drop = [&](size_t from, size_t to) {
    if (dropped++ == 0) out.reserve(html.size() / 2);
    out.append(html.substr(copied, from - copied));
    copied = to;
  };
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (i + 1 >= html.size()) break;
    const char c = html[i + 1];
    if (c == '!') {
      if (html.compare(i, 4, "<!--") == 0) {
        const size_t e = html.find("-->", i + 4);
        i = e == std::string_view::npos ? html.size() : e + 3;
      } else {
        i = TagEnd(html, i);
      }
      continue;
    }
    const bool end_tag = c == '/';
    const size_t name_at = i + (end_tag ? 2 : 1);
    if (name_at >= html.size() || !AsciiAlpha(html[name_at])) {
      ++i;  // a '<' in text
      continue;
    }
    const std::string_view name = TagName(html, name_at, buf, sizeof buf);
    const size_t tag_end = TagEnd(html, i);
    // Raw text is not markup; SVG and MathML (whose "<x/>" closes, unlike
    // HTML's) are not article text: both are skipped to their end tag.
    if (!end_tag && (RawText(name) || name == "svg" || name == "math")) {
      size_t e = tag_end;
      for (;;) {
        e = html.find("</", e);
        if (e == std::string_view::npos) break;
        char b2[16];
        if (TagName(html, e + 2, b2, sizeof b2) == name) break;
        e += 2;
      }
      i = e == std::string_view::npos ? html.size() : TagEnd(html, e);  // past its end tag too
      continue;
    }
    // "<div/>" opens a div in HTML: self-closing is not honoured there.
    if (DoesNotNest(name)) {
      i = tag_end;
      continue;
    }
    if (end_tag) {
      if (depth > limit) drop(i, tag_end);
      depth = std::max(0, depth - 1);
    } else if (++depth > limit) {
      drop(i, tag_end);
    }
    i = tag_end;
  }
  if (dropped) out.append(html.substr(copied));
  return dropped;
}

// Nesting kept by FlattenDeepNesting: far beyond any real page, and below
// the walker's kMaxDepth so the flattened text is still read.
constexpr int kMaxNesting = 256;

// Parses `html`; *flattened = the number of tags dropped as too deep.
GumboPtr Parse(std::string_view html, size_t* flattened = nullptr) {
  GumboOptions opt = kGumboDefaultOptions;
  opt.max_errors = 0;  // we never read gumbo's error list; recording them costs time
  std::string flat;
  const size_t dropped = FlattenDeepNesting(html, kMaxNesting, flat);
  if (flattened) *flattened = dropped;
  if (dropped) html = flat;
  return GumboPtr(gumbo_parse_with_options(&opt, html.data(), html.size()));
}

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_HEADER: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_HR: case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CAPTION: case GUMBO_TAG_HGROUP:
   
      return true;
    default:
      return false;
  }
}

// Elements whose content is never article text.
bool IsSkippedTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_CANVAS: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO: case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION:
    case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_MAP: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_HEAD: case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

// Class/id/role hints. Whole tokens (split at -, _, space, digits ...) so
// that "ad" does not fire inside "header" or "download".
int HintScore(const GumboElement& e) {
  std::string s;
  for (const char* name : {"class", "id", "role", "itemprop"})
    if (const char* v = Attr(e, name)) {
      s += v;
      s += ' ';
    }
  if (s.empty()) return 0;
  s = Lower(s);
  const HtmlResources& res = GetHtmlResources();
  int score = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && !(s[i] >= 'a' && s[i] <= 'z')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] >= 'a' && s[j] <= 'z') ++j;
    if (j > i) {
      std::string_view tok(s.data() + i, j - i);
      if (auto it = res.hint_weights.find(tok); it != res.hint_weights.end()) {
        score += it->second;
      } else if (tok.size() > 6) {
        // Camel-case and glued names ("relatedPosts", "sharebar", "commentlist").
        for (const std::string& g : res.glued_negative)
          if (tok.find(g) != tok.npos) {
            score -= 2;
            break;
          }
      }
    }
    i = j;
  }
  return score;
}

bool HiddenElement(const GumboElement& e) {
  if (gumbo_get_attribute(&e.attributes, "hidden")) return true;
  if (const char* aria = Attr(e, "aria-hidden"); aria && std::strcmp(aria, "true") == 0) return true;
  if (const char* style = Attr(e, "style")) {
    std::string st = Lower(style);
    st.erase(std::remove(st.begin(), st.end(), ' '), st.end());
    if (st.find("display:none") != std::string::npos || st.find("visibility:hidden") != std::string::npos)
      return true;
  }
  return false;
}

// Boilerplate markers (data/lexicons/html_boilerplate.txt) are folded like
// the blocks they are compared with.
std::string Fold(std::string_view s) { return FoldForMarkers(s); }

// Returns the marker a block starts with, or nullptr. Leading bullets and
// guillemets ("» اقرأ أيضاً") are skipped.
const BoilerplateMarker* StartsWithMarker(std::string_view folded) {
  size_t i = 0;
  while (i < folded.size()) {
    size_t k = i;
    char32_t c = utf8::Decode(folded, k);
    if (c == ' ' || c == 0xBB || c == 0xAB || c == 0x2022 || c == '-' || c == '*' || c == '>' || c == '|' ||
        c == 0x25C0 || c == 0x25B6 || c == ':')
      i = k;
    else
      break;
  }
  std::string_view rest = folded.substr(i);
  for (const BoilerplateMarker& m : GetHtmlResources().markers) {
    if (rest.compare(0, m.text.size(), m.text) != 0) continue;
    // Whole word: next char must not be a letter.
    size_t k = m.text.size();
    if (k < rest.size()) {
      size_t kk = k;
      char32_t c = utf8::Decode(rest, kk);
      bool letter = (c >= 'a' && c <= 'z') || (c >= 0x0621 && c <= 0x064A);
      if (letter) continue;
    }
    return &m;
  }
  return nullptr;
}

struct Elem {
  GumboTag tag = GUMBO_TAG_UNKNOWN;
  int parent = -1;
  int end = 0;  // index of the last element inside it (pre-order), inclusive
  int hint = 0;
  int letters = 0;
  int link_letters = 0;
  double score = 0;
  bool negative = false;  // effective: hinted negative and not a page-wide wrapper
};

struct Block {
  std::string text;
  int owner = 0;  // innermost block-level element
  int letters = 0, link_letters = 0, bold_letters = 0, words = 0, punct = 0, arabic = 0;
  int heading = 0;  // 1..6 for h1..h6
  bool li = false;
  bool ends_sentence = false;
  bool good = false;
  bool bad = false;
  bool byline = false;  // starts with a byline marker: kept only as a short line inside the body
  const BoilerplateMarker* marker = nullptr;
  double LinkDensity() const { return letters ? static_cast<double>(link_letters) / letters : 0; }
};

// One pass over the gumbo tree: elements (with hints), text blocks and the
// metadata signals.
class Walker {
 public:
  explicit Walker(PageSignals* sig) : sig_(sig) {}

  void Run(const GumboNode* root) {
    Visit(root, -1, 0);
    Flush();
  }

  std::vector<Elem> elems;
  std::vector<Block> blocks;
  std::vector<int> h1s;                             // element indices of <h1>
  std::vector<std::string> h1_texts;
  std::vector<std::pair<int, std::string>> times;   // element index, datetime

 private:
  void Flush() {
    if (cur_.letters > 0) {
      while (!cur_.text.empty() && cur_.text.back() == ' ') cur_.text.pop_back();
      cur_.owner = owner_;
      const Elem& o = elems.empty() ? Elem{} : elems[owner_];
      switch (o.tag) {
        case GUMBO_TAG_H1: cur_.heading = 1; break;
        case GUMBO_TAG_H2: cur_.heading = 2; break;
        case GUMBO_TAG_H3: cur_.heading = 3; break;
        case GUMBO_TAG_H4: cur_.heading = 4; break;
        case GUMBO_TAG_H5: cur_.heading = 5; break;
        case GUMBO_TAG_H6: cur_.heading = 6; break;
        default: break;
      }
      cur_.li = o.tag == GUMBO_TAG_LI || o.tag == GUMBO_TAG_DT || o.tag == GUMBO_TAG_DD;
      // Sentence end: last non-space char.
      size_t i = 0;
      char32_t last = 0;
      while (i < cur_.text.size()) {
        char32_t c = utf8::Decode(cur_.text, i);
        if (c != ' ' && c != 0xBB && c != '"' && c != 0x201D && c != ')') last = c;
      }
      cur_.ends_sentence = last == '.' || last == 0x061F || last == '?' || last == '!' || last == 0x2026 ||
                           last == ':' || last == 0x06D4;
      for (int e = owner_; e >= 0; e = elems[e].parent) {
        elems[e].letters += cur_.letters;
        elems[e].link_letters += cur_.link_letters;
      }
      blocks.push_back(std::move(cur_));
      ++flushes_;
    }
    cur_ = Block{};
    space_ = false;
  }

  void AddText(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
      size_t start = i;
      char32_t c = utf8::Decode(s, i);
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0xA0 || c == 0x200B || c == 0x2009 ||
          c == 0x202F || c == 0x3000 || c == 0xFEFF) {
        space_ = !cur_.text.empty();
        continue;
      }
      if (space_) {
        cur_.text.push_back(' ');
        space_ = false;
      }
      const bool word_start = cur_.text.empty() || cur_.text.back() == ' ';
      if (c == utf8::kReplacement && s.substr(start, i - start) != "\xEF\xBF\xBD") cur_.text += "\xEF\xBF\xBD";
      else cur_.text.append(s.substr(start, i - start));
      const bool arabic = (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3);
      const bool letter = arabic || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          (c >= 0xC0 && c <= 0x24F) || (c >= 0x0660 && c <= 0x0669) || (c >= 0x0370 && c <= 0x04FF);
      if (letter) {
        ++cur_.letters;
        cur_.arabic += arabic;
        if (link_depth_) ++cur_.link_letters;
        if (bold_depth_) ++cur_.bold_letters;
        if (word_start) ++cur_.words;
      } else if (c == '.' || c == 0x060C || c == ',' || c == 0x061B || c == ';' || c == 0x061F || c == '?' ||
                 c == '!' || c == ':' || c == 0xAB || c == 0xBB || c == 0x201C || c == '"') {
        ++cur_.punct;
      }
    }
  }

  static std::string TextOf(const GumboNode* n, int depth = 0) {
    std::string out;
    if (depth > 50) return out;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
      out = n->v.text.text;
      return out;
    }
    if (n->type != GUMBO_NODE_ELEMENT) return out;
    if (IsSkippedTag(n->v.element.tag) && n->v.element.tag != GUMBO_TAG_TEMPLATE) return out;
    const GumboVector& ch = n->v.element.children;
    for (unsigned i = 0; i < ch.length; ++i) {
      out += TextOf(static_cast<const GumboNode*>(ch.data[i]), depth + 1);
      if (out.size() > 4096) break;
    }
    return out;
  }

  static std::string Collapse(std::string_view s) {
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

  void Head(const GumboNode* n, int depth) {
    if (depth > 50 || n->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& e = n->v.element;
    CollectMeta(e, n);
    const GumboVector& ch = e.children;
    for (unsigned i = 0; i < ch.length; ++i) Head(static_cast<const GumboNode*>(ch.data[i]), depth + 1);
  }

  // <title>, <meta>, <link rel=canonical>, JSON-LD: wherever they are.
  void CollectMeta(const GumboElement& e, const GumboNode* n) {
    if (!sig_) return;
    switch (e.tag) {
      case GUMBO_TAG_TITLE:
        if (sig_->title_tag.empty()) sig_->title_tag = Collapse(TextOf(n));
        break;
      case GUMBO_TAG_META: {
        const char* content = Attr(e, "content");
        if (!content) break;
        for (const char* k : {"property", "name", "itemprop", "http-equiv"})
          if (const char* key = Attr(e, k)) {
            sig_->meta.emplace_back(Lower(key), content);
            break;
          }
        break;
      }
      case GUMBO_TAG_LINK: {
        const char* rel = Attr(e, "rel");
        const char* href = Attr(e, "href");
        if (rel && href && Lower(rel) == "canonical" && sig_->canonical.empty()) sig_->canonical = href;
        break;
      }
      case GUMBO_TAG_SCRIPT: {
        const char* type = Attr(e, "type");
        if (type && Lower(type) == "application/ld+json" && sig_->json_ld.size() < 16) {
          std::string t;
          for (unsigned i = 0; i < e.children.length; ++i) {
            const GumboNode* c = static_cast<const GumboNode*>(e.children.data[i]);
            if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA || c->type == GUMBO_NODE_WHITESPACE)
              t += c->v.text.text;
          }
          sig_->json_ld.push_back(std::move(t));
        }
        break;
      }
      case GUMBO_TAG_HTML:
        if (const char* lang = Attr(e, "lang")) sig_->html_lang = lang;
        break;
      default:
        break;
    }
  }

  void Visit(const GumboNode* n, int parent, int depth) {
    if (depth > kMaxDepth) return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
      AddText(n->v.text.text);
      return;
    }
    if (n->type == GUMBO_NODE_DOCUMENT) {
      const GumboVector& ch = n->v.document.children;
      for (unsigned i = 0; i < ch.length; ++i) Visit(static_cast<const GumboNode*>(ch.data[i]), parent, depth + 1);
      return;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return;
    const GumboElement& e = n->v.element;
    if (e.tag == GUMBO_TAG_HEAD) {
      Head(n, 0);
      return;
    }
    CollectMeta(e, n);
    if (e.tag == GUMBO_TAG_BR) {
      Flush();
      return;
    }
    if (IsSkippedTag(e.tag) || HiddenElement(e)) return;
    if (e.tag == GUMBO_TAG_IMG) {
      return;
    }

    const int idx = static_cast<int>(elems.size());
    Elem el;
    el.tag = e.tag;
    el.parent = parent;
    el.hint = (e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_HTML) ? 0 : HintScore(e);
    elems.push_back(el);

    if (sig_) {
      if (e.tag == GUMBO_TAG_TIME || Attr(e, "itemprop")) {
        const char* ip = Attr(e, "itemprop");
        const bool pub = ip && Lower(ip) == "datepublished";
        if (e.tag == GUMBO_TAG_TIME || pub) {
          const char* dt = Attr(e, "datetime");
          if (!dt) dt = Attr(e, "content");
          std::string v = dt ? std::string(dt) : Collapse(TextOf(n));
          if (pub && !v.empty()) sig_->meta.emplace_back("datepublished", v);
          else if (!v.empty()) times.emplace_back(idx, v);
        }
      }
      if (e.tag == GUMBO_TAG_A && sig_->rel_author.empty()) {
        const char* rel = Attr(e, "rel");
        if (rel && Lower(rel) == "author") sig_->rel_author = Collapse(TextOf(n));
      }
      if (e.tag == GUMBO_TAG_H1) {
        h1s.push_back(idx);
        h1_texts.push_back(Collapse(TextOf(n)));
      }
    }

    const bool block = IsBlockTag(e.tag);
    const int saved_owner = owner_;
    if (block) {
      Flush();
      owner_ = idx;
    }
    const bool link = e.tag == GUMBO_TAG_A;
    const bool bold = e.tag == GUMBO_TAG_STRONG || e.tag == GUMBO_TAG_B;
    const int link_flushes = flushes_, link_letters = cur_.letters, link_punct = cur_.punct;
    link_depth_ += link;
    bold_depth_ += bold;
    const GumboVector& ch = e.children;
    for (unsigned i = 0; i < ch.length; ++i) Visit(static_cast<const GumboNode*>(ch.data[i]), idx, depth + 1);
    link_depth_ -= link;
    bold_depth_ -= bold;
    // A "link" holding whole sentences is not navigation: an unclosed <a>
    // that the HTML5 parser carries over the following paragraphs, or a
    // page that links its own text. Anchor texts (menus, related titles)
    // are short and rarely punctuated.
    if (link && link_depth_ == 0 && flushes_ == link_flushes && cur_.letters - link_letters > 80 &&
        cur_.punct - link_punct >= 2)
      cur_.link_letters -= cur_.letters - link_letters;
    if (block) {
      Flush();
      owner_ = saved_owner;
    } else if (link && !space_ && !cur_.text.empty()) {
      // Adjacent links ("<a>فيسبوك</a><a>تويتر</a>") are separate words.
      space_ = true;
    }
    elems[idx].end = static_cast<int>(elems.size()) - 1;
  }

  PageSignals* sig_;
  Block cur_;
  bool space_ = false;
  int owner_ = 0;
  int link_depth_ = 0;
  int bold_depth_ = 0;
  int flushes_ = 0;
};

bool Inside(const std::vector<Elem>& elems, int e, int container) {
  return e >= container && e <= elems[container].end;
}

// Is there an effectively negative element between e (inclusive) and
// `stop` (exclusive, an ancestor of e or -1)?
bool NegativeBelow(const std::vector<Elem>& elems, int e, int stop) {
  for (int x = e; x >= 0 && x != stop; x = elems[x].parent)
    if (elems[x].negative) return true;
  return false;
}

struct Analysis {
  std::vector<int> kept;  // block indices of the main text, in order
  int container = -1;
  int scope_begin = 0, scope_end = -1;  // element range of the article
  int scope_begin_body = 0;             // first element of the body's containers
  int headline = -1;                    // index into Walker::h1s
};

void ClassifyBlocks(std::vector<Block>& blocks) {
  for (Block& b : blocks) {
    const double ld = b.LinkDensity();
    std::string folded = Fold(b.text.substr(0, 200));
    b.marker = StartsWithMarker(folded);
    if (b.marker && (b.words <= 8 || ld > 0.3)) b.bad = true;
    // A byline or author note ("بقلم ...", "أجرت المقابلة: ...") is never a good block.
    b.byline = b.marker && b.marker->byline;
    if (b.words < 40 && folded.find("ملفات تعريف الارتباط") != std::string::npos) b.bad = true;
    if (b.words < 40 && folded.find("cookies") != std::string::npos) b.bad = true;
    if (ld > 0.5 || (ld > 0.3 && b.words < 20)) b.bad = true;
    b.good = !b.bad && !b.byline && !b.heading && b.words >= 10 && ld <= 0.25;
    // A long sentence without punctuation in Arabic news is rare chrome; a
    // short one with a full stop is a real paragraph.
    if (!b.bad && !b.byline && !b.heading && b.words >= 5 && b.ends_sentence && ld < 0.2) b.good = true;
  }
}

Analysis Analyze(Walker& w) {
  std::vector<Elem>& elems = w.elems;
  std::vector<Block>& blocks = w.blocks;
  Analysis an;
  if (elems.empty()) return an;
  ClassifyBlocks(blocks);

  const int total = elems[0].letters;
  for (Elem& e : elems) e.negative = e.hint < 0 && e.letters < 0.6 * total;

  // Good blocks outside negative elements vote for their ancestors.
  for (const Block& b : blocks) {
    if (!b.good || NegativeBelow(elems, b.owner, -1)) continue;
    const double s = 1.0 + std::min(b.words / 8.0, 6.0) + 0.5 * std::min(b.punct, 6);
    static constexpr std::array<double, 4> kWeights = {1.0, 1.0, 0.5, 0.25};
    int e = b.owner;
    for (double wgt : kWeights) {
      if (e < 0) break;
      elems[e].score += s * wgt;
      e = elems[e].parent;
    }
  }
  auto final_score = [&](int i) {
    const Elem& e = elems[i];
    if (e.score <= 0 || e.negative) return 0.0;
    double ld = e.letters ? static_cast<double>(e.link_letters) / e.letters : 0;
    double f = e.score * (1.0 - ld);
    if (e.hint > 0) f *= 1.25;
    if (e.hint < 0) f *= 0.7;
    return f;
  };
  int best = -1;
  double best_score = 0;
  for (int i = 0; i < static_cast<int>(elems.size()); ++i) {
    double f = final_score(i);
    if (f > best_score) best = i, best_score = f;
  }

  std::vector<int> roots;  // the article container and strong siblings
  if (best < 0) {
    // No paragraph looks like an article (a very short page): keep the
    // whole body, still minus negative chrome.
    best = 0;
    roots.push_back(0);
  } else {
    roots.push_back(best);
    const int parent = elems[best].parent;
    if (parent >= 0) {
      for (int i = parent + 1; i <= elems[parent].end; i = elems[i].end + 1) {
        if (i == best || elems[i].negative) continue;
        if (final_score(i) >= std::max(3.0, 0.25 * best_score)) roots.push_back(i);
      }
    }
  }
  an.container = best;

  // The article's scope for dates: from its headline to the end of the body.
  const int parent = elems[best].parent;
  const int grand = parent >= 0 ? elems[parent].parent : -1;
  const int scope_root = grand >= 0 ? grand : (parent >= 0 ? parent : best);
  int article_root = -1;
  for (int e = best; e >= 0; e = elems[e].parent)
    if (elems[e].tag == GUMBO_TAG_ARTICLE) { article_root = e; break; }
  an.scope_begin = best;
  an.scope_end = elems[best].end;
  for (int r : roots) an.scope_begin = std::min(an.scope_begin, r), an.scope_end = std::max(an.scope_end, elems[r].end);
  an.scope_begin_body = an.scope_begin;
  for (size_t h = 0; h < w.h1s.size(); ++h) {
    const int e = w.h1s[h];
    const bool near = article_root >= 0 ? Inside(elems, e, article_root) : Inside(elems, e, scope_root);
    if (e > an.scope_end || !near || NegativeBelow(elems, e, -1) || w.h1_texts[h].empty()) continue;
    an.headline = static_cast<int>(h);  // the last such headline before the body end
  }
  if (an.headline >= 0) an.scope_begin = std::min(an.scope_begin, w.h1s[an.headline]);
  if (article_root >= 0) an.scope_begin = std::min(an.scope_begin, article_root);

  auto root_of = [&](int owner) {
    for (int r : roots)
      if (Inside(elems, owner, r)) return r;
    return -2;
  };
  // A lead ("standfirst") between the headline and the body, outside the
  // body's container: <p class="excerpt"> beside <div class="rich-text">.
  const int lead_from = an.headline >= 0 ? elems[w.h1s[an.headline]].end + 1 : -1;
  const int lead_root = article_root >= 0 ? article_root : scope_root;
  auto is_lead = [&](const Block& b) {
    return lead_from >= 0 && b.good && b.owner >= lead_from && b.owner < an.scope_begin_body &&
           Inside(elems, b.owner, lead_root) && b.LinkDensity() < 0.1 && !NegativeBelow(elems, b.owner, -1);
  };
  bool after_related = false;
  int related_box = -1;  // the element holding the "اقرأ أيضاً" marker and its list
  std::unordered_set<std::string> seen;
  for (int i = 0; i < static_cast<int>(blocks.size()); ++i) {
    const Block& b = blocks[i];
    int r = root_of(b.owner);
    if (r == -2 && best != 0 && b.good && b.owner == parent) r = parent;  // loose paragraph beside the body
    if (r == -2 && is_lead(b)) r = lead_root;
    if (r == -2) continue;
    if (NegativeBelow(elems, b.owner, elems[r].parent)) continue;
    if (b.bad) {
      if (b.marker && b.marker->related) after_related = true, related_box = elems[b.owner].parent;
      continue;
    }
    // A block outside the box of the marker ("<div class=read-also><h4>اقرأ
    // أيضاً</h4><a>..</a></div><h3>subheading</h3>") is past the list.
    if (after_related && related_box >= 0 && !Inside(elems, b.owner, related_box)) after_related = false;
    if (after_related) {
      // The list after "اقرأ أيضاً": link titles, short lines.
      if (b.LinkDensity() > 0.2 || b.li || (!b.good && b.words < 12) || (b.heading && b.words < 15)) continue;
      after_related = false;
    }
    bool keep = b.good;
    if (!keep && b.heading >= 1 && b.words <= 30 && b.LinkDensity() < 0.5) keep = true;
    // A bold line is a subheading ("<p><strong>كندا تحذر تركيا</strong></p>").
    if (!keep && b.words >= 2 && b.words <= 20 && b.bold_letters * 10 >= b.letters * 9 && b.LinkDensity() < 0.5)
      keep = true;
    if (!keep && b.li && b.words >= 6 && b.LinkDensity() < 0.2) keep = true;
    if (!keep && b.words >= 8 && b.LinkDensity() < 0.1 && b.arabic * 2 >= b.letters) keep = true;
    // A short line ending in ':' that opens the next paragraph: a dateline
    // ("القاهرة - وكالات:") or a lead-in ("وأضاف:").
    if (!keep && b.words <= 6 && b.link_letters == 0 && !b.heading && !b.byline && b.text.back() == ':' &&
        i + 1 < static_cast<int>(blocks.size()) && blocks[i + 1].good && root_of(blocks[i + 1].owner) == r)
      keep = true;
    // An author note outside the body's own container is not article text.
    if (keep && b.byline && !Inside(elems, b.owner, best)) keep = false;
    if (!keep) continue;
    if (!seen.insert(b.text).second) continue;  // repeated headline, duplicated lead
    an.kept.push_back(i);
  }
  if (an.kept.empty() && roots.size() == 1 && roots[0] == 0) {
    // A tiny page (a note, a one-line resource): keep whatever is not chrome.
    for (int i = 0; i < static_cast<int>(blocks.size()); ++i)
      if (!blocks[i].bad && !NegativeBelow(elems, blocks[i].owner, -1) && seen.insert(blocks[i].text).second)
        an.kept.push_back(i);
  }
  return an;
}

std::string HeadlineOf(const Walker& w, const Analysis& an) {
  return an.headline >= 0 ? w.h1_texts[an.headline] : std::string();
}

}  // namespace

MainText ExtractMainText(std::string_view html) {
  MainText mt;
  GumboPtr doc = Parse(html);
  if (!doc) return mt;
  PageSignals sig;
  Walker w(&sig);
  w.Run(doc->document);
  Analysis an = Analyze(w);
  mt.headline = HeadlineOf(w, an);
  for (int i : an.kept)
    if (w.blocks[i].text != mt.headline) mt.paragraphs.push_back(w.blocks[i].text);
  return mt;
}

Status ReadHtmlArticleUtf8(std::string_view html, const HtmlInput& in, Article& out) {
  // Without its word lists the extractor would keep menus and related links.
  if (const Status& res = GetHtmlResources().status; !res.ok()) return res.WithContext("loading the HTML word lists");
  size_t flattened = 0;
  GumboPtr doc = Parse(html, &flattened);
  if (!doc) return DataLoss("HTML parser failed");
  if (flattened) {
    std::string w = "tags nested deeper than " + std::to_string(kMaxNesting) + " levels: " +
                    std::to_string(flattened) + " tags dropped, their text kept";
    if (in.notices) in.notices->push_back(w);
    out.warnings.push_back(std::move(w));
  }
  PageSignals sig;
  sig.url = in.url;
  Walker w(&sig);
  w.Run(doc->document);
  Analysis an = Analyze(w);
  sig.h1 = HeadlineOf(w, an);

  // Dates inside the article's own scope only (never the page header).
  for (const auto& [e, v] : w.times) {
    if (e < an.scope_begin || e > an.scope_end || NegativeBelow(w.elems, e, -1)) continue;
    sig.time_in_article = v;
    break;
  }
  int lines = 0;
  for (const Block& b : w.blocks) {
    if (b.owner < an.scope_begin || b.owner > an.scope_end) continue;
    if (NegativeBelow(w.elems, b.owner, -1) && !(b.words <= 8)) continue;
    sig.dateline_text += b.text;
    sig.dateline_text += '\n';
    if (++lines >= 6) break;
  }

  for (const Block& b : w.blocks) {
    if (b.owner < an.scope_begin || b.owner > an.scope_end) continue;
    if (b.words < 2 || b.words > 30 || b.LinkDensity() >= 0.5 || NegativeBelow(w.elems, b.owner, -1)) continue;
    sig.headline_candidates.push_back(b.text);
    if (sig.headline_candidates.size() >= 24) break;
  }
  std::string body;
  for (int i : an.kept) {
    body += w.blocks[i].text;
    body += '\n';
  }
  sig.body_text = body;

  out.format = "html";
  out.origin = in.origin;
  if (!in.url.empty()) out.url = in.url;
  ResolveMetadata(sig, out);
  if (out.title.empty() && !an.kept.empty()) out.title = w.blocks[an.kept.front()].text;
  // A <title> that is only the outlet's name (the same on every page of old
  // sites: it is the site name, or a line outside the article such as the
  // copyright holds it): the headline is the article's first heading-like
  // block (a heading or a bold line, not a sentence) up to its first paragraph.
  if (sig.h1.empty() && !an.kept.empty() && !out.title.empty() &&
      std::count(out.title.begin(), out.title.end(), ' ') < 6) {
    auto in_scope = [&](const Block& b) { return b.owner >= an.scope_begin && b.owner <= an.scope_end; };
    bool site_name = out.title == out.source;
    for (const Block& b : w.blocks)
      if (!site_name && !in_scope(b) && b.text != out.title && b.text.find(out.title) != std::string::npos)
        site_name = true;
    for (int i = 0; site_name && i <= an.kept.front(); ++i) {
      const Block& b = w.blocks[i];
      if (!in_scope(b) || b.words < 3 || b.words > 25 || b.ends_sentence || b.link_letters > 0 ||
          !(b.heading || b.bold_letters * 10 >= b.letters * 9))
        continue;
      out.title = b.text;
      break;
    }
  }

  // Title line, then the paragraphs (the headline is not repeated).
  std::string text = out.title;
  for (int i : an.kept) {
    const std::string& t = w.blocks[i].text;
    if (t == out.title || t == sig.h1) continue;
    if (!text.empty()) text += '\n';
    text += t;
  }
  if (text.empty()) return DataLoss("the page has no text");
  if (an.kept.empty()) out.warnings.push_back("no article body found; only the title was kept");
  out.text = std::move(text);
  out.body = Span{0, static_cast<uint32_t>(out.text.size())};
  return Status::Ok();
}

Status ReadHtmlArticle(std::string_view bytes, const HtmlInput& in, Article& out) {
  ASSIGN_OR_RETURN(DecodedText dec, DecodeToUtf8(bytes, in.http_charset));
  Status st = ReadHtmlArticleUtf8(dec.utf8, in, out);
  for (std::string& w : dec.warnings) out.warnings.push_back(std::move(w));
  return st;
}

std::string HtmlFragmentToText(std::string_view html) {
  GumboPtr doc = Parse(html);
  if (!doc) return {};
  Walker w(nullptr);
  w.Run(doc->document);
  std::string out;
  for (const Block& b : w.blocks) {
    std::string folded = Fold(b.text.substr(0, 120));
    const BoilerplateMarker* m = StartsWithMarker(folded);
    if (m && b.words <= 8) continue;  // "اقرأ المزيد", "Read more", share lines
    if (!out.empty()) out += '\n';
    out += b.text;
  }
  return out;
}

}  // namespace marsad::ingest::web
