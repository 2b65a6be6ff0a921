#include "render.h"

#include <fmt/format.h>

#include "marsad/core/utf8.h"
#include "marsad/serve/export.h"
#include "marsad/text/normalizer.h"
#include "cli_util.h"

namespace marsad::cli {

using Json = nlohmann::ordered_json;

Json ArticleAnalysisJson(const Article& a, bool with_tokens) {
  Json j = serve::ArticleTableRows(a, "articles").front();
  j["published_from"] = a.published_from;
  j["language"] = a.language;
  j["normalized"] = text::NormalizeForMatch(a.text);
  utf8::CodepointIndex cps(a.text);
  j["sentences"] = Json::array();
  for (const auto& s : a.sentences) {
    j["sentences"].push_back({{"start", cps.ToCodepoint(s.span.begin)}, {"end", cps.ToCodepoint(s.span.end)},
                              {"text", std::string(s.span.In(a.text))}});
  }
  if (with_tokens) {
    j["tokens"] = Json::array();
    for (const auto& t : a.tokens) {
      j["tokens"].push_back({{"start", cps.ToCodepoint(t.span.begin)},
                             {"end", cps.ToCodepoint(t.span.end)},
                             {"surface", std::string(t.span.In(a.text))},
                             {"norm", t.norm},
                             {"form", t.form},
                             {"stem", t.stem}});
    }
  }
  for (const char* what : {"mentions", "timexes", "numbers", "quotes", "events"}) {
    Json rows = Json::array();
    for (auto& r : serve::ArticleTableRows(a, what)) {
      r.erase("article");
      rows.push_back(std::move(r));
    }
    j[what] = rows;
  }
  if (!a.warnings.empty()) j["warnings"] = a.warnings;
  return j;
}

std::string ArticleReport(const Article& a) {
  std::string out;
  out += fmt::format("{}  {}\n", a.id, a.title);
  out += fmt::format("  source: {}   published: {}{}\n", a.source.empty() ? "?" : a.source,
                     a.published.empty() ? "unknown" : a.published,
                     a.published_from.empty() ? "" : " (from " + a.published_from + ")");
  if (!a.url.empty()) out += fmt::format("  url: {}\n", a.url);
  if (!a.story.empty()) out += fmt::format("  story: {}\n", a.story);
  if (!a.duplicate_of.empty()) out += fmt::format("  near-duplicate of: {}\n", a.duplicate_of);
  if (!a.event_type.empty()) out += fmt::format("  main event: {}\n", a.event_type);
  if (!a.tokens.empty()) out += fmt::format("  {} sentences, {} tokens\n", a.sentences.size(), a.tokens.size());
  for (const auto& w : a.warnings) out += fmt::format("  warning: {}\n", w);
  if (!a.mentions.empty()) {
    out += "\nentities:\n";
    for (const auto& m : a.mentions)
      out += fmt::format("  {:<4} {}  → {} {}\n", EntityTypeName(m.type), m.span.In(a.text),
                         m.name.empty() ? "(unlinked)" : m.name, m.entity.empty() ? "" : "[" + m.entity + "]");
  }
  if (!a.timexes.empty()) {
    out += "\ndates:\n";
    for (const auto& t : a.timexes)
      out += fmt::format("  {}  → {}\n", t.span.In(a.text), t.value.empty() ? "(vague)" : t.value);
  }
  if (!a.numbers.empty()) {
    out += "\nnumbers:\n";
    for (const auto& n : a.numbers)
      out += fmt::format("  {}  → {} {}{}\n", n.span.In(a.text), n.value, n.what,
                         n.qualifier.empty() ? "" : " (" + n.qualifier + ")");
  }
  if (!a.quotes.empty()) {
    out += "\nquotes:\n";
    for (const auto& q : a.quotes) {
      // One line per quote, cut on a character boundary; «» marks direct speech.
      std::string text = Ellipsize(std::string(q.span.In(a.text)), 200);
      std::string cue = q.cue_span.empty() ? q.cue : std::string(q.cue_span.In(a.text));
      out += fmt::format("  {}{} ({}): {}{}{}\n", q.speaker_name.empty() ? "?" : q.speaker_name,
                         q.speaker.empty() ? " (unlinked)" : "", cue, q.direct ? "«" : "", text,
                         q.direct ? "»" : "");
    }
  }
  if (!a.events.empty()) {
    out += "\nevents:\n";
    for (const auto& e : a.events)
      out += fmt::format("  {} [{}] {}  «{}»{}\n", e.type, e.mode, e.cameo, e.trigger.In(a.text),
                         e.effective.empty() ? "" : "  effective " + e.effective);
  }
  return out;
}

}  // namespace marsad::cli
