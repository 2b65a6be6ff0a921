// marsad export --db DB --what X --format jsonl|csv|gdelt [--out FILE|DIR]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "cli_util.h"
#include "commands.h"
#include "marsad/serve/export.h"

namespace marsad::cli {

void AddExportCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db, what = "articles", format = "jsonl", out;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "export",
      "Write a table of the store as JSONL or CSV (offsets in code points of the original text).\n"
      "--what all writes every table into the folder given by --out.");
  cmd->add_option("--db", opts->db, "store")->required();
  std::string tables;
  for (const auto& t : serve::ExportTables()) tables += t + "|";
  cmd->add_option("--what", opts->what, "table: " + tables + "all");
  cmd->add_option("--format", opts->format, "jsonl | csv | gdelt (events only)")
      ->check(CLI::IsMember({"jsonl", "csv", "gdelt"}));
  cmd->add_option("-o,--out", opts->out, "output file (folder with --what all); default stdout");
  cmd->callback([opts, &exit_code] {
    auto store = OpenStoreOrReport(opts->db);
    if (!store) { exit_code = kExitFailure; return; }
    serve::ExportFormat format = opts->format == "csv"     ? serve::ExportFormat::kCsv
                                 : opts->format == "gdelt" ? serve::ExportFormat::kGdelt
                                                           : serve::ExportFormat::kJsonl;
    auto write_one = [&](const std::string& what, const std::string& path) -> Status {
      if (path.empty()) return serve::Export(*store, what, format, std::cout);
      // Write to a temporary file and rename: a killed export leaves no half file.
      std::string tmp = path + ".tmp";
      {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return IoError("cannot write " + tmp);
        RETURN_IF_ERROR(serve::Export(*store, what, format, out).WithContext(path));
        out.close();
        if (!out) return IoError("cannot write " + path + " (disk full?)");
      }
      std::error_code ec;
      std::filesystem::rename(tmp, path, ec);
      if (ec) return IoError("cannot rename " + tmp + ": " + ec.message());
      return Status::Ok();
    };
    Status st;
    if (opts->what == "all") {
      if (opts->out.empty()) { PrintError("--what all needs --out FOLDER"); exit_code = kExitUsage; return; }
      std::error_code ec;
      std::filesystem::create_directories(opts->out, ec);
      std::string ext = format == serve::ExportFormat::kCsv ? ".csv" : ".jsonl";
      for (const auto& t : serve::ExportTables()) {
        st = write_one(t, (std::filesystem::path(opts->out) / (t + ext)).string());
        if (!st.ok()) break;
      }
    } else {
      st = write_one(opts->what, opts->out);
    }
    if (!st.ok()) {
      PrintError(st);
      exit_code = st.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
    }
  });
}

}  // namespace marsad::cli
