// marsad story --db DB ID: one story as an analyst reads it — title, summary,
// dated timeline, ceasefire records with their status history, the figures
// each source claimed, and the sources.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli_util.h"
#include "commands.h"
#include "marsad/stories/story_view.h"

namespace marsad::cli {
namespace {

std::string Join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out.empty() ? "-" : out;
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

void AddStoryCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db;
    std::string id;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("story", "Show one story: summary, timeline, ceasefire record, claims by source.");
  cmd->add_option("--db", opts->db, "store")->required();
  cmd->add_option("id", opts->id, "story id (see `marsad stories`)")->required();
  cmd->add_flag("--json", opts->json, "print the analysis as JSON (ceasefires and claims as export rows)");
  cmd->callback([opts, &exit_code] {
    auto store = OpenStoreOrReport(opts->db);
    if (!store) { exit_code = kExitFailure; return; }
    auto story = store->GetStory(opts->id);
    if (!story.ok()) { PrintError(story.status()); exit_code = kExitFailure; return; }
    if (!story->has_value()) {
      PrintError("no story " + opts->id + " in " + opts->db + " (list them with: marsad stories --db " + opts->db + ")");
      exit_code = kExitNotFound;
      return;
    }
    const StoryRecord& s = **story;
    std::vector<Article> articles;
    for (const auto& id : s.articles) {
      auto a = store->GetArticle(id);
      if (!a.ok()) { PrintError(a.status()); exit_code = kExitFailure; return; }
      if (a->has_value()) articles.push_back(std::move(**a));
    }
    std::vector<const Article*> ptrs;
    for (const auto& a : articles) ptrs.push_back(&a);
    stories::StoryAnalysis v = stories::AnalyzeStory(s, ptrs);

    if (opts->json) {
      nlohmann::json j = {{"story", s.id}, {"title", v.title}, {"summary", v.summary}};
      j["timeline"] = nlohmann::json::array();
      for (const auto& t : v.timeline)
        j["timeline"].push_back({{"date", t.date}, {"type", t.type}, {"mode", t.mode}, {"text", t.text},
                                 {"articles", t.articles}, {"sources", t.sources}});
      j["ceasefires"] = nlohmann::json::array();
      for (const auto& c : v.ceasefires) j["ceasefires"].push_back(stories::CeasefireRow(s.id, c));
      j["claims"] = nlohmann::json::array();
      for (const auto& c : v.claims) j["claims"].push_back(stories::ClaimRow(s.id, c));
      std::printf("%s\n", j.dump(2).c_str());
      exit_code = kExitOk;
      return;
    }
    std::string dates = s.first_seen == s.last_seen ? s.first_seen : s.first_seen + " … " + s.last_seen;
    std::printf("%s  %s  %zu report%s\n\n%s\n\n", s.id.c_str(), dates.c_str(), articles.size(),
                articles.size() == 1 ? "" : "s", v.title.c_str());
    if (!v.summary.empty()) std::printf("Summary\n  %s\n\n", v.summary.c_str());
    if (!v.timeline.empty()) {
      std::printf("Timeline\n");
      for (const auto& t : v.timeline)
        std::printf("  %-10s  %-30s %s%s\n      %s\n", t.date.empty() ? "(undated)" : t.date.c_str(), t.type.c_str(),
                    t.mode == "asserted" ? "" : ("[" + t.mode + "] ").c_str(), Join(t.sources).c_str(),
                    Ellipsize(t.text, 200).c_str());
      std::printf("\n");
    }
    for (const auto& c : v.ceasefires) {
      std::printf("Ceasefire: %s (%s)\n", Join(c.parties, " / ").c_str(), c.kind.c_str());
      std::printf("  declared by  %s\n  mediators    %s\n  declared     %s\n  effective    %s\n",
                  Join(c.declared_by).c_str(), Join(c.mediators).c_str(), c.declared.empty() ? "-" : c.declared.c_str(),
                  c.effective.empty() ? "-" : c.effective.c_str());
      std::printf("  purpose      %s\n  provisions   %s\n  status       %s\n",
                  c.purpose.empty() ? "-" : c.purpose.c_str(), Join(c.provisions).c_str(), c.status.c_str());
      for (const auto& h : c.status_history)
        std::printf("    %-10s  %-10s  %s\n", h.date.empty() ? "(undated)" : h.date.c_str(), h.status.c_str(),
                    Join(h.sources).c_str());
      if (!c.violence_before.empty() || !c.violence_after.empty())
        std::printf("  fighting reported before: %s; after: %s\n", Join(c.violence_before).c_str(),
                    Join(c.violence_after).c_str());
      std::printf("\n");
    }
    if (!v.claims.empty()) {
      std::printf("Claims by source\n  %-17s %8s  %-22s %-24s %-10s %s\n", "what", "value", "source", "said by", "date",
                  "as written");
      for (const auto& c : v.claims)
        std::printf("  %-17s %8s  %-22s %-24s %-10s %s\n", c.what.c_str(), Num(c.value).c_str(),
                    Ellipsize(c.source, 22).c_str(),
                    Ellipsize(c.said_by.empty() ? "-"
                              : c.said_for.empty() ? c.said_by
                                                   : c.said_by + " (" + c.said_for + ")",
                              24)
                        .c_str(),
                    c.date.empty() ? "-" : c.date.c_str(), c.surface.c_str());
      std::printf("\n");
    }
    std::vector<std::string> outlets;
    for (const auto& a : articles) {
      std::string o = a.source.empty() ? a.id : a.source;
      if (std::find(outlets.begin(), outlets.end(), o) == outlets.end()) outlets.push_back(o);
    }
    std::printf("Sources (%zu): %s\n", outlets.size(), Join(outlets).c_str());
    exit_code = kExitOk;
  });
}

}  // namespace marsad::cli
