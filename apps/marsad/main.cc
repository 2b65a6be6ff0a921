// marsad: Arabic news -> a trustworthy record of a conflict.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "marsad (مرصد): reads Arabic news and turns it into a record of a conflict —\n"
      "stories, entities, dates, casualty counts by source, coded events and ceasefires."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "marsad 0.1.0");
  int exit_code = marsad::cli::kExitOk;

  marsad::cli::AddIngestCommand(app, exit_code);
  marsad::cli::AddStoriesCommand(app, exit_code);
  marsad::cli::AddStoryCommand(app, exit_code);
  marsad::cli::AddShowCommand(app, exit_code);
  marsad::cli::AddAnalyzeCommand(app, exit_code);
  marsad::cli::AddExportCommand(app, exit_code);
  marsad::cli::AddEntitiesCommand(app, exit_code);
  marsad::cli::AddTrainCommand(app, exit_code);
  marsad::cli::AddEvalCommand(app, exit_code);
  marsad::cli::AddServeCommand(app, exit_code);
  marsad::cli::AddWatchCommand(app, exit_code);
  marsad::cli::AddAlertsCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : marsad::cli::kExitUsage;
  }
  return exit_code;
}
