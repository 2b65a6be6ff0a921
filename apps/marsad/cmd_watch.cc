// marsad watch --db DB --sources FILE [--once] [--status] [--alerts RULES] [--state FILE]
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

#include "cli_util.h"
#include "commands.h"
#include "marsad/watch/state.h"
#include "marsad/watch/watcher.h"

namespace marsad::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) { g_stop = true; }

int PrintStatus(const std::string& state_path) {
  auto rows = watch::ReadStatus(state_path);
  if (!rows.ok()) {
    PrintError(rows.status());
    return rows.status().code() == StatusCode::kNotFound ? kExitNotFound : kExitFailure;
  }
  std::printf("%-48s %-20s %8s %8s %6s %6s  %s\n", "source", "last success", "failures", "articles", "polls",
              "304s", "last error");
  for (const auto& r : *rows) {
    std::string err = r.last_error.empty() ? "-" : r.last_error_at + " " + r.last_error;
    std::printf("%-48s %-20s %8d %8lld %6lld %6lld  %s\n", Ellipsize(r.source, 48).c_str(),
                r.last_success.empty() ? "never" : r.last_success.c_str(), r.failures,
                static_cast<long long>(r.articles), static_cast<long long>(r.polls),
                static_cast<long long>(r.not_modified), err.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddWatchCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db, sources, rules, state, webhook;
    bool once = false, status = false, quiet = false;
    double timeout = 20, connect_timeout = 5, host_delay = 1;
    int threads = 0;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "watch",
      "Poll feeds, article pages and local folders listed in a sources file; ingest what is new\n"
      "through the full pipeline and raise alerts on the stories that changed (docs/WATCH.md).");
  cmd->add_option("--db", opts->db, "store: a SQLite file (created if missing)")->required();
  cmd->add_option("--sources", opts->sources, "sources file: 'URL-or-path [interval-seconds]' a line");
  cmd->add_option("--alerts", opts->rules, "alert rules file (JSON lines)");
  cmd->add_option("--webhook", opts->webhook, "POST alerts to this URL (overrides the rules file)");
  cmd->add_option("--state", opts->state, "watcher state: a file, or a folder to hold DB.watch (default: beside the store)");
  cmd->add_flag("--once", opts->once, "run one polling cycle and exit (cron, scripts)");
  cmd->add_flag("--status", opts->status, "print each source's last success, error, failures and articles");
  cmd->add_option("--timeout", opts->timeout, "seconds for a whole request")->check(CLI::Range(0.1, 600.0));
  cmd->add_option("--connect-timeout", opts->connect_timeout, "seconds to connect")->check(CLI::Range(0.1, 120.0));
  cmd->add_option("--host-delay", opts->host_delay, "seconds between two requests to one host")
      ->check(CLI::Range(0.0, 3600.0));
  cmd->add_option("--threads", opts->threads, "analysis threads (0 = all cores)");
  cmd->add_flag("-q,--quiet", opts->quiet, "print only errors and the cycle summary");
  cmd->callback([opts, &exit_code] {
    std::string state = opts->state.empty() ? watch::DefaultStatePath(opts->db) : opts->state;
    // --state DIR: the state file goes in that folder, named after the store.
    std::error_code ec;
    if (!opts->state.empty() && std::filesystem::is_directory(opts->state, ec))
      state = (std::filesystem::path(opts->state) /
               std::filesystem::path(watch::DefaultStatePath(opts->db)).filename()).string();
    if (opts->status) {
      exit_code = PrintStatus(state);
      return;
    }
    if (opts->sources.empty()) {
      PrintError("--sources FILE is required (or --status)");
      exit_code = kExitUsage;
      return;
    }
    watch::WatchOptions wo;
    wo.db = opts->db;
    wo.state_path = state;
    wo.sources_file = opts->sources;
    wo.rules_file = opts->rules;
    wo.webhook = opts->webhook;
    wo.threads = opts->threads;
    wo.http.timeout_ms = static_cast<long>(opts->timeout * 1000);
    wo.http.connect_timeout_ms = static_cast<long>(opts->connect_timeout * 1000);
    wo.http.host_delay_ms = static_cast<long>(opts->host_delay * 1000);
    const bool quiet = opts->quiet;
    auto watcher = watch::Watcher::Create(wo, [quiet](const std::string& line) {
      if (!quiet || line.find("error") != std::string::npos) std::fprintf(stderr, "%s\n", line.c_str());
    });
    if (!watcher.ok()) {
      PrintError(watcher.status());
      exit_code = watcher.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
      return;
    }
    if (opts->once) {
      auto r = (*watcher)->RunCycle(true);
      if (!r.ok()) {
        PrintError(r.status());
        exit_code = kExitFailure;
        return;
      }
      std::printf("polled %d source(s) (%d not modified, %d failed, %d backing off); stored %lld new article(s); "
                  "%d stor%s touched; %d new alert(s)%s; %lld request(s)\n",
                  r->polled, r->not_modified, r->failed, r->not_due, static_cast<long long>(r->inserted),
                  r->stories_touched, r->stories_touched == 1 ? "y" : "ies", r->alerts_new,
                  r->alerts_failed ? (", " + std::to_string(r->alerts_failed) + " webhook failure(s)").c_str() : "",
                  static_cast<long long>(r->requests));
      exit_code = r->failed > 0 ? kExitPartial : kExitOk;
      return;
    }
    std::signal(SIGINT, OnStopSignal);
    std::signal(SIGTERM, OnStopSignal);
    Status st = (*watcher)->Run(g_stop);
    if (!st.ok()) {
      PrintError(st);
      exit_code = kExitFailure;
    }
  });
}

}  // namespace marsad::cli
