// marsad show --db DB ID: an article, a story or an entity.
#include <cstdio>
#include <string>

#include "cli_util.h"
#include "commands.h"
#include "render.h"

namespace marsad::cli {

void AddShowCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db, id;
    bool json = false, text = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("show", "Show one article, story or entity by its id.");
  cmd->add_option("--db", opts->db, "store")->required();
  cmd->add_option("id", opts->id, "article id, story id or entity id")->required();
  cmd->add_flag("--json", opts->json, "machine-readable output");
  cmd->add_flag("--text", opts->text, "also print an article's full text");
  cmd->callback([opts, &exit_code] {
    auto store = OpenStoreOrReport(opts->db);
    if (!store) { exit_code = kExitFailure; return; }
    auto article = store->GetArticle(opts->id);
    if (!article.ok()) { PrintError(article.status()); exit_code = kExitFailure; return; }
    if (article->has_value()) {
      const Article& a = **article;
      // Every input it arrived from (the same report as a page, a feed item, a WARC record ...).
      auto sources = store->ListSources(a.id);
      if (!sources.ok()) { PrintError(sources.status()); exit_code = kExitFailure; return; }
      if (opts->json) {
        auto j = ArticleAnalysisJson(a, false);
        j["sources"] = nlohmann::ordered_json::array();
        for (const auto& s : *sources)
          j["sources"].push_back({{"url", s.url}, {"source", s.source}, {"format", s.format}, {"path", s.path},
                                  {"first_seen", s.first_seen}});
        std::printf("%s\n", j.dump(2).c_str());
      } else {
        std::printf("%s", ArticleReport(a).c_str());
        std::printf("\nsources (%zu):\n", sources->size());
        for (const auto& s : *sources)
          std::printf("  %-5s %-20s %s%s%s\n", s.format.c_str(), s.first_seen.empty() ? "?" : s.first_seen.c_str(),
                      s.path.c_str(), s.url.empty() ? "" : "  ", s.url.c_str());
        if (opts->text) std::printf("\n%s\n", a.text.c_str());
      }
      return;
    }
    auto story = store->GetStory(opts->id);
    if (story.ok() && story->has_value()) {
      const StoryRecord& s = **story;
      std::printf("%s  %s\n  %s … %s, %zu reports\n", s.id.c_str(), s.title.c_str(), s.first_seen.c_str(),
                  s.last_seen.c_str(), s.articles.size());
      if (!s.summary.empty()) std::printf("\n%s\n", s.summary.c_str());
      std::printf("\n");
      for (const auto& id : s.articles) {
        auto a = store->GetArticle(id);
        if (a.ok() && a->has_value())
          std::printf("  %-14s %-10s %-24s %s\n", id.c_str(), (*a)->published.empty() ? "?" : (*a)->published.c_str(),
                      Ellipsize((*a)->source, 24).c_str(), Ellipsize((*a)->title, 80).c_str());
      }
      return;
    }
    auto entity = store->GetEntity(opts->id);
    if (entity.ok() && entity->has_value()) {
      const auto& e = **entity;
      std::printf("%s  %s (%s%s)  in %d article(s)\nvariants:\n", e.entity.c_str(), e.name.c_str(), e.type.c_str(),
                  e.country.empty() ? "" : (", " + e.country).c_str(), e.articles);
      for (const auto& [surface, n] : e.variants) std::printf("  %-30s %d\n", surface.c_str(), n);
      return;
    }
    PrintError("no article, story or entity with id '" + opts->id + "' in " + opts->db);
    exit_code = kExitNotFound;
  });
}

}  // namespace marsad::cli
