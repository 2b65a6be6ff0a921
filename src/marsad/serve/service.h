// The HTTP API of `marsad serve`, without sockets: a Service maps a Request
// (method, path, query, headers, body) to a Response (status, type, body).
// http_server.h only adapts cpp-httplib to it, so every endpoint, filter and
// guard is tested by calling Handle() directly.
//
// Endpoints (JSON unless noted; errors are {"error": "..."}):
//   GET  /api/health
//   GET  /api/stories?from&to&entity&event_type&country&status&q&limit
//   GET  /api/stories/{id}            articles, timeline, ceasefires, claims
//   GET  /api/articles/{id}           text and spans (code points)
//   GET  /api/entities?q&type&limit
//   GET  /api/entities/{id}           variants, stories
//   GET  /api/search?q&from&to&limit  words and names, ranked
//   GET  /api/export/{what}.{jsonl|csv}   a download
//   GET  /api/watch                   each watched source: last success, error, articles
//   GET  /api/alerts?limit            the alerts `marsad watch` raised, newest first
//   POST /api/ingest                  corpus JSONL; needs Bearer write token
//   GET  anything else                a static file of the web UI
//
// Thread-safe: Handle() may be called from many threads at once. Reads use a
// small pool of store connections (SQLite WAL readers run side by side);
// writes are serialized by one mutex on their own connection.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>

#include "marsad/core/status.h"

namespace marsad::serve {

struct Request {
  std::string method = "GET";
  std::string path;                          // decoded, without the query
  std::map<std::string, std::string> query;  // decoded parameters
  std::map<std::string, std::string> headers;  // names in any case
  std::string body;
  std::string remote_addr;                   // for the rate limit
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;
  // Large downloads are written by this instead of `body` (the adapter
  // streams it). Returns false when the output failed.
  std::function<bool(std::ostream&)> writer;
};

struct ServiceOptions {
  std::string db;                // store URI (SQLite path)
  std::string web_dir;           // static UI files; "" = none
  std::string data_dir;          // "" = DataDir()
  std::string write_token;       // "" = read-only
  int pool_size = 4;             // read connections
  size_t max_body_bytes = 8u << 20;
  double rate_per_second = 50;   // per client address; <= 0 disables
  double rate_burst = 200;
  bool load_kb = true;           // name lookup for search (بوتن -> بوتين)
  std::string watch_state;       // `marsad watch` state file; "" = DB.watch
  std::string alerts_log;        // its alerts log; "" = DB.alerts.jsonl
};

class Service {
 public:
  // Opens the store (read pool, and a write connection with the analyzer
  // when a write token is set) and loads the knowledge base.
  static StatusOr<std::unique_ptr<Service>> Create(const ServiceOptions& options);
  ~Service();

  Response Handle(const Request& request);

  // Builds the story catalog and the entity list now rather than on the
  // first request (a large store takes seconds; later refreshes read only
  // what changed). Returns the number of articles and stories read.
  StatusOr<std::pair<int64_t, int64_t>> Warm();

 private:
  struct Impl;
  explicit Service(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// HTML-escapes `snippet` and turns the markers into <mark>…</mark>, balanced
// (stray or nested markers are dropped).
std::string SnippetToHtml(const std::string& snippet, const std::string& begin, const std::string& end);

}  // namespace marsad::serve
