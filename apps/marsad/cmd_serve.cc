// marsad serve --db DB: the HTTP API and the web interface (docs/SERVER.md).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "cli_util.h"
#include "commands.h"
#include "marsad/serve/http_server.h"
#include "marsad/serve/service.h"

namespace marsad::cli {
namespace {

serve::HttpServer* g_server = nullptr;

extern "C" void StopOnSignal(int) {
  if (g_server) g_server->Stop();
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string db;
    std::string bind = "127.0.0.1";
    int port = 8080;
    std::string web;
    std::string write_token;
    std::string watch_state;
    int threads = 8;
    double rate = 50;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("serve", "Serve the HTTP API and the web interface over a store.");
  cmd->add_option("--db", opts->db, "store")->required();
  cmd->add_option("--port", opts->port, "port (0 = any free port)")->capture_default_str();
  cmd->add_option("--bind", opts->bind, "address to listen on (loopback unless told otherwise)")->capture_default_str();
  cmd->add_option("--web", opts->web, "directory of the web UI (default: the source tree's web/)");
  cmd->add_option("--write-token", opts->write_token,
                  "enable POST /api/ingest for clients sending 'Authorization: Bearer TOKEN' "
                  "(also read from $MARSAD_WRITE_TOKEN)");
  cmd->add_option("--watch-state", opts->watch_state,
                  "the `marsad watch` state file shown at /api/watch (default DB.watch)");
  cmd->add_option("--threads", opts->threads, "request workers")->capture_default_str();
  cmd->add_option("--rate-limit", opts->rate, "requests per second per client address (0 = no limit)")
      ->capture_default_str();
  cmd->callback([opts, &exit_code] {
    serve::ServiceOptions so;
    so.db = opts->db;
    so.write_token = opts->write_token;
    if (so.write_token.empty()) {
      // An environment variable keeps the token out of `ps` listings.
      if (const char* t = std::getenv("MARSAD_WRITE_TOKEN")) so.write_token = t;
    }
    so.web_dir = opts->web;
    if (so.web_dir.empty()) {
      std::error_code ec;
      const std::string dflt = MARSAD_SOURCE_DIR "/web";
      if (std::filesystem::is_directory(dflt, ec)) so.web_dir = dflt;
    }
    so.watch_state = opts->watch_state;
    so.rate_per_second = opts->rate;
    so.rate_burst = opts->rate * 4;
    so.pool_size = std::max(2, std::min(opts->threads, 16));
    const bool is_uri = opts->db.starts_with("postgresql://") || opts->db.starts_with("postgres://");
    if (!is_uri && !std::filesystem::exists(opts->db)) {
      PrintError("no store at " + opts->db + " (create one with: marsad ingest --db " + opts->db + " FILES)");
      exit_code = kExitFailure;
      return;
    }
    auto service = serve::Service::Create(so);
    if (!service.ok()) { PrintError(service.status()); exit_code = kExitFailure; return; }
    {
      // The catalog behind the story list, built before listening so the
      // first users do not wait for it.
      std::fprintf(stderr, "marsad: reading the stories of %s ...\n", opts->db.c_str());
      const auto t0 = std::chrono::steady_clock::now();
      auto warm = (*service)->Warm();
      if (!warm.ok()) { PrintError(warm.status()); exit_code = kExitFailure; return; }
      std::fprintf(stderr, "marsad: %lld articles in %lld stories (%.1f s)\n", static_cast<long long>(warm->first),
                   static_cast<long long>(warm->second),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    serve::HttpOptions ho;
    ho.bind = opts->bind;
    ho.port = opts->port;
    ho.threads = opts->threads;
    serve::HttpServer server(**service, ho);
    if (Status st = server.Bind(); !st.ok()) { PrintError(st); exit_code = kExitFailure; return; }
    std::fprintf(stderr, "marsad: serving %s on http://%s:%d/ (%s)%s\n", opts->db.c_str(), opts->bind.c_str(),
                 server.port(), so.write_token.empty() ? "read-only" : "writes need the token",
                 so.web_dir.empty() ? ", no web UI found (--web DIR)" : "");
    if (opts->bind != "127.0.0.1" && opts->bind != "localhost" && opts->bind != "::1")
      std::fprintf(stderr, "marsad: warning: listening beyond loopback; there is no TLS — put a proxy in front\n");
    g_server = &server;
    std::signal(SIGINT, StopOnSignal);
    std::signal(SIGTERM, StopOnSignal);
    Status st = server.Listen();
    g_server = nullptr;
    if (!st.ok()) { PrintError(st); exit_code = kExitFailure; return; }
    exit_code = kExitOk;
  });
}

}  // namespace marsad::cli
