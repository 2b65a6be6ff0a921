// One function per subcommand; main.cc only wires them. Each Add*Command
// registers a CLI11 subcommand whose callback stores its exit code in
// `exit_code` (nothing below main calls exit()).
#pragma once

#include <CLI/CLI.hpp>

namespace marsad::cli {

// Exit codes that mean something to scripts.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // the command failed (message on stderr)
inline constexpr int kExitUsage = 2;         // bad arguments
inline constexpr int kExitPartial = 3;       // done, but some inputs could not be read
inline constexpr int kExitNotFound = 4;      // the requested id does not exist

void AddIngestCommand(CLI::App& app, int& exit_code);
void AddStoriesCommand(CLI::App& app, int& exit_code);
void AddStoryCommand(CLI::App& app, int& exit_code);    // marsad story (cmd_story.cc)
void AddShowCommand(CLI::App& app, int& exit_code);
void AddAnalyzeCommand(CLI::App& app, int& exit_code);
void AddExportCommand(CLI::App& app, int& exit_code);
void AddEntitiesCommand(CLI::App& app, int& exit_code);
void AddTrainCommand(CLI::App& app, int& exit_code);  // marsad train ner (cmd_train.cc)
void AddEvalCommand(CLI::App& app, int& exit_code);   // marsad eval ner (cmd_eval.cc)
void AddServeCommand(CLI::App& app, int& exit_code);  // marsad serve (cmd_serve.cc)
void AddWatchCommand(CLI::App& app, int& exit_code);  // marsad watch (cmd_watch.cc)
void AddAlertsCommand(CLI::App& app, int& exit_code); // marsad alerts (cmd_alerts.cc)

}  // namespace marsad::cli
