// marsad ingest --db DB PATH...
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "cli_util.h"
#include "commands.h"
#include "marsad/pipeline/analyzer.h"
#include "marsad/pipeline/ingestor.h"
#include "progress.h"

namespace marsad::cli {

void AddIngestCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db;
    std::vector<std::string> paths;
    int threads = 0;
    size_t batch = 256;
    bool quiet = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Read articles (corpus .jsonl, .txt files, folders, @list files; web formats as supported)\n"
      "into the store: analyze them, group them into stories, and say what was read or skipped.");
  cmd->add_option("--db", opts->db, "store: a SQLite file (created if missing)")->required();
  cmd->add_option("paths", opts->paths, "files, folders or @list files")->required();
  cmd->add_option("--threads", opts->threads, "analysis threads (0 = all cores but one, which commits)");
  cmd->add_option("--batch", opts->batch, "articles per store transaction")->check(CLI::Range(1, 100000));
  cmd->add_flag("-q,--quiet", opts->quiet, "print only problems and the summary line");
  cmd->callback([opts, &exit_code] {
    auto store = OpenStoreOrReport(opts->db);
    if (!store) { exit_code = kExitFailure; return; }
    auto analyzer = pipeline::Analyzer::Load();
    if (!analyzer.ok()) { PrintError(analyzer.status()); exit_code = kExitFailure; return; }
    pipeline::IngestOptions io;
    io.threads = opts->threads;
    io.batch_size = opts->batch;
    auto ingestor = pipeline::Ingestor::Create(**analyzer, *store, io);
    if (!ingestor.ok()) { PrintError(ingestor.status()); exit_code = kExitFailure; return; }
    ProgressBar bar;
    (*ingestor)->set_progress([&bar](const pipeline::Progress& p) {
      bar.Update(p.bytes_done, p.bytes_total, p.articles, p.current);
    });
    pipeline::IngestStats stats;
    Status st = (*ingestor)->Run(opts->paths, stats);
    bar.Finish();
    for (const auto& p : stats.problems) {
      std::string_view message = p.message;
      if (message.rfind("skipped: ", 0) == 0) message.remove_prefix(9);
      std::fprintf(stderr, "%s: %s: %.*s\n", p.skipped ? "skipped" : "warning", p.origin.c_str(),
                   static_cast<int>(message.size()), message.data());
    }
    if (!opts->quiet) {
      std::string formats;
      for (const auto& [fmt, n] : stats.read_by_format)
        formats += (formats.empty() ? "" : ", ") + std::to_string(n) + " " + fmt;
      std::printf("read %lld file(s)%s%s%s\n", static_cast<long long>(stats.files), formats.empty() ? "" : " (",
                  formats.c_str(), formats.empty() ? "" : ")");
    }
    int64_t skipped_inputs = 0;
    for (const auto& p : stats.problems) skipped_inputs += p.skipped;
    std::printf("stored %lld new article(s); %lld already stored, %lld repeated in the input, "
                "%lld near-duplicate(s); %lld stor%s updated; %lld input(s) skipped\n",
                static_cast<long long>(stats.inserted), static_cast<long long>(stats.already_stored),
                static_cast<long long>(stats.duplicates_in_input), static_cast<long long>(stats.near_duplicates),
                static_cast<long long>(stats.stories_touched), stats.stories_touched == 1 ? "y" : "ies",
                static_cast<long long>(skipped_inputs));
    if (!st.ok()) {
      PrintError(st);
      exit_code = kExitFailure;
    } else if (skipped_inputs > 0) {
      exit_code = kExitPartial;
    }
  });
}

}  // namespace marsad::cli
