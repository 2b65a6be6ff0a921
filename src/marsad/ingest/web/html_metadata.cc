#include "marsad/ingest/web/html_metadata.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

#include "marsad/ingest/web/language.h"
#include "marsad/ingest/web/web_date.h"

namespace marsad::ingest::web {
namespace {

std::string_view Trim(std::string_view s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  // U+00A0 no-break space at either end.
  while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
  while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0") s.remove_suffix(2);
  return s;
}

std::string Meta(const PageSignals& s, std::string_view key) {
  for (const auto& [k, v] : s.meta)
    if (k == key && !Trim(v).empty()) return std::string(Trim(v));
  return {};
}

bool LooksLikeUrl(std::string_view v) {
  return v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0 || v.rfind("//", 0) == 0;
}

// What JSON-LD says about the article (the first Article-like object wins
// over a WebPage that merely carries dates).
struct JsonLdArticle {
  std::string date_published, headline, author, publisher, url;
  int rank = -1;  // 2: *Article/*Posting type, 1: other object with datePublished
};

std::string JsonString(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array() && !j.empty()) return JsonString(j[0]);
  if (j.is_object()) {
    for (const char* k : {"name", "@value", "url", "@id"})
      if (j.contains(k) && j[k].is_string()) return j[k].get<std::string>();
  }
  return {};
}

std::string JsonAuthors(const nlohmann::json& j) {
  if (j.is_array()) {
    std::string out;
    for (const auto& a : j) {
      std::string n = JsonString(a);
      if (n.empty() || LooksLikeUrl(n)) continue;
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  }
  std::string n = JsonString(j);
  return LooksLikeUrl(n) ? std::string() : n;
}

void VisitJsonLd(const nlohmann::json& j, JsonLdArticle& best, int depth) {
  if (depth > 12) return;
  if (j.is_array()) {
    for (const auto& x : j) VisitJsonLd(x, best, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  std::string type;
  if (j.contains("@type")) {
    const auto& t = j["@type"];
    if (t.is_string()) type = t.get<std::string>();
    else if (t.is_array())
      for (const auto& x : t)
        if (x.is_string()) type += x.get<std::string>() + " ";
  }
  const bool articleish = type.find("Article") != std::string::npos || type.find("Posting") != std::string::npos ||
                          type.find("Report") != std::string::npos;
  const bool dated = j.contains("datePublished");
  if (articleish || dated) {
    int rank = articleish ? 2 : 1;
    if (rank > best.rank) {
      JsonLdArticle a;
      a.rank = rank;
      if (dated) a.date_published = JsonString(j["datePublished"]);
      if (j.contains("headline")) a.headline = JsonString(j["headline"]);
      else if (j.contains("name") && articleish) a.headline = JsonString(j["name"]);
      if (j.contains("author")) a.author = JsonAuthors(j["author"]);
      if (j.contains("publisher")) a.publisher = JsonString(j["publisher"]);
      if (j.contains("mainEntityOfPage")) a.url = JsonString(j["mainEntityOfPage"]);
      if (a.url.empty() && j.contains("url")) a.url = JsonString(j["url"]);
      best = std::move(a);
    }
  }
  for (const char* k : {"@graph", "mainEntity", "itemListElement"})
    if (j.contains(k)) VisitJsonLd(j[k], best, depth + 1);
}

JsonLdArticle ReadJsonLd(const std::vector<std::string>& scripts) {
  JsonLdArticle best;
  for (const std::string& s : scripts) {
    nlohmann::json j = nlohmann::json::parse(s, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
    if (j.is_discarded()) continue;  // broken JSON-LD is common; other signals remain
    VisitJsonLd(j, best, 0);
  }
  return best;
}

std::string Resolve(std::string_view href, std::string_view base) {
  href = Trim(href);
  if (href.empty() || LooksLikeUrl(href)) {
    if (href.rfind("//", 0) == 0) return "https:" + std::string(href);
    return std::string(href);
  }
  size_t scheme = base.find("://");
  if (scheme == std::string_view::npos || href.front() != '/') return std::string(href);
  size_t path = base.find('/', scheme + 3);
  return std::string(base.substr(0, path)) + std::string(href);
}

// Splits "a | b - c" at the title separators (spaced, so hyphens inside
// words and ranges stay).
std::vector<std::string_view> SplitTitle(std::string_view t, bool spaced_colon = false) {
  static constexpr std::array<std::string_view, 8> kSeps = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                                            " :: ", " \xC2\xAB ", " \xC2\xBB ", " || "};
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i < t.size();) {
    size_t hit = 0;
    for (std::string_view sep : kSeps)
      if (t.compare(i, sep.size(), sep) == 0) { hit = sep.size(); break; }
    if (!hit && spaced_colon && t.compare(i, 3, " : ") == 0) hit = 3;
    if (hit) {
      parts.push_back(Trim(t.substr(start, i - start)));
      i += hit;
      start = i;
    } else {
      ++i;
    }
  }
  parts.push_back(Trim(t.substr(start)));
  return parts;
}

size_t Words(std::string_view s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

}  // namespace

std::string DomainOf(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return {};
  std::string_view host = url.substr(p + 3);
  host = host.substr(0, host.find_first_of("/?#:"));
  for (std::string_view pre : {"www.", "m.", "amp.", "mobile."})
    if (host.rfind(pre, 0) == 0) { host.remove_prefix(pre.size()); break; }
  std::string out(host);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return out;
}

std::string StripSiteSuffix(std::string_view title, std::string_view site) {
  title = Trim(title);
  std::vector<std::string_view> parts = SplitTitle(title);
  if (parts.size() < 2) return std::string(title);
  site = Trim(site);
  if (!site.empty()) {
    std::string out;
    for (std::string_view p : parts) {
      if (p.empty() || p == site || p.find(site) != std::string_view::npos || site.find(p) != std::string_view::npos)
        continue;
      if (!out.empty()) out += " - ";
      out += p;
    }
    if (!out.empty()) return out;
  }
  // Unknown site: drop a short last (or first) segment if the rest is longer.
  std::string_view first = parts.front(), last = parts.back();
  if (Words(last) <= 4 && Words(first) > Words(last) + 2) {
    // Up to the end of the segment before the last: separators are 3 to 5
    // bytes (" – " is 5), so cutting a fixed 3 could split a character.
    std::string_view before_last = parts[parts.size() - 2];
    return std::string(Trim(title.substr(0, static_cast<size_t>(before_last.data() + before_last.size() - title.data()))));
  }
  if (Words(first) <= 3 && Words(last) > Words(first) + 2) return std::string(last);
  return std::string(title);
}

void ResolveMetadata(const PageSignals& s, Article& a) {
  const JsonLdArticle ld = ReadJsonLd(s.json_ld);

  // Outlet.
  std::string site = Meta(s, "og:site_name");
  if (site.empty()) site = ld.publisher;
  if (site.empty()) site = Meta(s, "application-name");

  // Canonical URL.
  std::string canonical = s.canonical.empty() ? Meta(s, "og:url") : s.canonical;
  if (!canonical.empty()) a.canonical_url = Resolve(canonical, s.url.empty() ? canonical : s.url);
  if (a.url.empty()) a.url = !a.canonical_url.empty() ? a.canonical_url : s.url;
  if (!site.empty()) {
    a.source = site;
  } else if (a.source.empty()) {
    std::string d = DomainOf(!a.canonical_url.empty() ? a.canonical_url : s.url);
    if (!d.empty()) a.source = d;
  }

  // Title.
  std::string title = Meta(s, "og:title");
  if (title.empty()) title = Meta(s, "twitter:title");
  if (title.empty()) title = ld.headline;
  if (title.empty()) title = s.title_tag;
  title = StripSiteSuffix(title, site);
  // The headline element is the exact title when the <title> is it plus
  // the outlet's name in some form ("عنوان الخبر - موقع المثال").
  const std::string_view h1 = Trim(s.h1);
  if (!h1.empty() && title != h1 && title.find(h1) != std::string::npos)
    for (std::string_view part : SplitTitle(title))
      if (part == h1) {
        title = std::string(h1);
        break;  // the parts point into the old title, freed by this assignment
      }
  if (title.empty()) title = std::string(h1);
  // No <h1> names it: a segment of the title that the page shows as a block
  // of its own ("وكالة النبأ : وقف القتال" over "<span class=title>وقف
  // القتال</span>"), cut also at " : ", which alone is too often part of a
  // headline ("الأمم المتحدة : الهدنة صامدة") to be taken for a separator.
  if (!title.empty() && title != h1 && !s.headline_candidates.empty()) {
    const auto shown = [&](std::string_view t) {
      return std::find(s.headline_candidates.begin(), s.headline_candidates.end(), t) != s.headline_candidates.end();
    };
    if (!shown(title)) {
      for (std::string_view part : SplitTitle(title, /*spaced_colon=*/true))
        if (Words(part) >= 2 && shown(part)) {
          title = std::string(part);
          break;
        }
    }
  }
  if (!title.empty()) a.title = title;

  // Publication date, in order of trust.
  struct Candidate {
    std::string value;
    const char* from;
  };
  std::string date, from;
  auto try_date = [&](std::string_view v, const char* f, bool iso_only) {
    if (!date.empty() || Trim(v).empty()) return;
    std::string d = iso_only ? ParseIsoDate(v) : ParseAnyDate(v);
    if (!d.empty()) { date = d; from = f; }
  };
  try_date(ld.date_published, "jsonld", false);
  static constexpr const char* kDateKeys[] = {
      "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
      "pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "pub_date",
      "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
      "dc.date.created", "date", "article.published", "article_date_original", "citation_publication_date",
      "originalpublicationdate", "displaydate", "cxenseparse:recs:publishtime"};
  for (const char* k : kDateKeys) try_date(Meta(s, k), "meta", false);
  try_date(s.time_in_article, "time", false);
  if (date.empty()) {
    std::string d = DateFromUrl(!a.canonical_url.empty() ? a.canonical_url : a.url);
    if (d.empty() && a.canonical_url != s.url) d = DateFromUrl(s.url);
    if (!d.empty()) { date = d; from = "url"; }
  }
  if (date.empty()) {
    std::string d = FindWrittenDate(s.dateline_text, 2048);
    if (!d.empty()) { date = d; from = "dateline"; }
  }
  if (!date.empty()) {
    a.published = date;
    a.published_from = from;
  }

  // Author: JSON-LD names people; <meta name=author> is often the outlet.
  std::string author = ld.author;
  for (const char* k : {"author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl"}) {
    if (!author.empty()) break;
    std::string v = Meta(s, k);
    if (!v.empty() && !LooksLikeUrl(v) && v != site) author = v;
  }
  if (author.empty()) author = std::string(Trim(s.rel_author));
  if (!author.empty()) a.author = author;

  std::string lang = DetectLanguage(s.body_text, s.html_lang);
  if (!lang.empty()) a.language = lang;
}

}  // namespace marsad::ingest::web
