// A polite HTTP client for the watcher (libcurl easy handle, reused so
// connections are kept alive): a connect and a total timeout on every
// request, User-Agent "marsad/0.1", redirects followed (at most 5, http and
// https only), conditional GET (If-None-Match / If-Modified-Since), gzip,
// a body cap, and a minimum delay between two requests to the same host.
// Requests run one at a time, so the per-host concurrency is one.
// Not thread-safe: one HttpClient per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "marsad/core/status.h"

namespace marsad::watch {

struct HttpOptions {
  long connect_timeout_ms = 5000;
  long timeout_ms = 20000;          // whole request, body included
  long host_delay_ms = 1000;        // between two requests to one host
  size_t max_body_bytes = 32u << 20;
  std::string user_agent = "marsad/0.1";
};

struct HttpResponse {
  long status = 0;                  // 200, 304, 404 ... (0 when no response)
  std::string body;
  std::string etag;
  std::string last_modified;
  std::string content_type;
  std::string effective_url;        // after redirects
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GET `url`. A transport failure (DNS, refused, timeout, too big) is an
  // error Status; any HTTP status is a response.
  StatusOr<HttpResponse> Get(const std::string& url, const std::string& etag = "",
                             const std::string& last_modified = "");
  // POST a JSON body; returns the HTTP status.
  StatusOr<long> PostJson(const std::string& url, const std::string& json);

  int64_t requests() const { return requests_; }

 private:
  void WaitForHost(const std::string& host);
  void* curl_ = nullptr;
  HttpOptions options_;
  std::map<std::string, std::chrono::steady_clock::time_point> last_by_host_;
  int64_t requests_ = 0;
};

// "http://Example.com:8080/a?b" -> scheme "http", host "example.com:8080",
// path "/a?b". False when the URL is not http(s).
struct UrlParts {
  std::string scheme, host, path;
};
bool SplitUrl(const std::string& url, UrlParts& out);

// Resolves `ref` (absolute or relative) against `base`.
std::string ResolveUrl(const std::string& base, const std::string& ref);

}  // namespace marsad::watch
