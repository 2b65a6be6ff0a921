// marsad stories --db DB: the stories, most recent first, with their sources.
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>

#include "cli_util.h"
#include "commands.h"
#include "marsad/serve/export.h"

namespace marsad::cli {

void AddStoriesCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db;
    bool json = false;
    int limit = 0;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("stories", "List the stories in the store: dates, title, reports and outlets.");
  cmd->add_option("--db", opts->db, "store")->required();
  cmd->add_flag("--json", opts->json, "one JSON object per story (the stories export)");
  cmd->add_option("-n,--limit", opts->limit, "show at most N stories");
  cmd->callback([opts, &exit_code] {
    auto store = OpenStoreOrReport(opts->db);
    if (!store) { exit_code = kExitFailure; return; }
    auto stories = store->ListStories();
    if (!stories.ok()) { PrintError(stories.status()); exit_code = kExitFailure; return; }
    auto list = std::move(stories).value();
    std::stable_sort(list.begin(), list.end(), [](const StoryRecord& a, const StoryRecord& b) {
      return a.last_seen > b.last_seen;
    });
    int shown = 0;
    for (const auto& s : list) {
      if (opts->limit > 0 && shown >= opts->limit) break;
      ++shown;
      if (opts->json) {
        std::printf("%s\n", serve::StoryRow(s).dump().c_str());
        continue;
      }
      std::set<std::string> outlets;
      for (const auto& id : s.articles) {
        auto a = store->GetArticle(id);
        if (a.ok() && a->has_value() && !(*a)->source.empty()) outlets.insert((*a)->source);
      }
      std::string dates = s.first_seen.empty() ? "date unknown"
                          : s.first_seen == s.last_seen ? s.first_seen
                                                        : s.first_seen + " … " + s.last_seen;
      std::printf("%s  %-23s  %zu report%s\n  %s\n", s.id.c_str(), dates.c_str(), s.articles.size(),
                  s.articles.size() == 1 ? "" : "s", Ellipsize(s.title, 110).c_str());
      if (!s.summary.empty()) std::printf("  %s\n", Ellipsize(s.summary, 220).c_str());
      std::string src;
      for (const auto& o : outlets) src += (src.empty() ? "" : ", ") + o;
      if (!src.empty()) std::printf("  sources: %s\n", Ellipsize(src, 200).c_str());
      std::printf("\n");
    }
    if (!opts->json) std::printf("%zu stor%s\n", list.size(), list.size() == 1 ? "y" : "ies");
  });
}

}  // namespace marsad::cli
