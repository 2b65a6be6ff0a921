// marsad entities --db DB: entities with their spelling variants and counts.
#include <algorithm>
#include <cstdio>
#include <string>

#include "cli_util.h"
#include "commands.h"

namespace marsad::cli {

void AddEntitiesCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db, type;
    int limit = 0;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("entities", "List entities (people, organisations, places) with their spellings.");
  cmd->add_option("--db", opts->db, "store")->required();
  cmd->add_option("--type", opts->type, "only PER, ORG, LOC or GPE");
  cmd->add_option("-n,--limit", opts->limit, "show at most N entities");
  cmd->callback([opts, &exit_code] {
    auto store = OpenStoreOrReport(opts->db);
    if (!store) { exit_code = kExitFailure; return; }
    auto rows = store->ListEntities();
    if (!rows.ok()) { PrintError(rows.status()); exit_code = kExitFailure; return; }
    auto list = std::move(rows).value();
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.articles > b.articles; });
    int shown = 0;
    for (const auto& e : list) {
      if (!opts->type.empty() && e.type != opts->type) continue;
      if (opts->limit > 0 && shown >= opts->limit) break;
      ++shown;
      std::string variants;
      for (const auto& [s, n] : e.variants) variants += (variants.empty() ? "" : " / ") + s;
      std::printf("%-4s %-32s %4d art.  %s  [%s]\n", e.type.c_str(), Ellipsize(e.name, 32).c_str(), e.articles,
                  Ellipsize(variants, 90).c_str(), e.entity.c_str());
    }
  });
}

}  // namespace marsad::cli
