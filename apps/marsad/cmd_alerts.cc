// marsad alerts --db DB [--json] [--log FILE]: the alerts `marsad watch` raised.
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "marsad/watch/watcher.h"

namespace marsad::cli {

void AddAlertsCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db, log;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("alerts", "List the alerts `marsad watch` raised (oldest first).");
  cmd->add_option("--db", opts->db, "the store `marsad watch` fed")->required();
  cmd->add_option("--log", opts->log, "alerts log (default DB.alerts.jsonl)");
  cmd->add_flag("--json", opts->json, "print the alerts as JSON lines");
  cmd->callback([opts, &exit_code] {
    const std::string path = opts->log.empty() ? watch::DefaultAlertsLog(opts->db) : opts->log;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::printf("no alerts (no log at %s)\n", path.c_str());
      return;
    }
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) {
        PrintError(path + ": skipped a line that is not JSON");
        exit_code = kExitPartial;
        continue;
      }
      ++n;
      if (opts->json) {
        std::printf("%s\n", line.c_str());
        continue;
      }
      std::string sources;
      if (j.contains("sources") && j["sources"].is_array())
        for (const auto& s : j["sources"]) sources += (sources.empty() ? "" : ", ") + s.get<std::string>();
      std::printf("%s  %-24s %-10s %s\n    %s  [%s]\n", j.value("time", "").c_str(), j.value("rule", "").c_str(),
                  j.value("story", "").c_str(), Ellipsize(j.value("title", ""), 70).c_str(),
                  j.value("change", "").c_str(), sources.c_str());
    }
    if (!opts->json) std::printf("%d alert(s)\n", n);
  });
}

}  // namespace marsad::cli
