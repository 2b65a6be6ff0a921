#include "marsad/watch/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <thread>

namespace marsad::watch {
namespace {

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
  HttpResponse* resp;
  size_t cap;
  bool too_big = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  size_t len = size * n;
  if (s->resp->body.size() + len > s->cap) {
    s->too_big = true;
    return 0;  // aborts the transfer
  }
  s->resp->body.append(data, len);
  return len;
}

std::string TrimHeader(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
  return std::string(v);
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* s = static_cast<Sink*>(user);
  std::string_view line(data, size * n);
  // A new status line (after a redirect): forget the previous response's headers.
  if (line.rfind("HTTP/", 0) == 0) {
    s->resp->etag.clear();
    s->resp->last_modified.clear();
    s->resp->content_type.clear();
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return size * n;
  std::string key(line.substr(0, colon));
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string value = TrimHeader(line.substr(colon + 1));
  if (key == "etag") s->resp->etag = value;
  else if (key == "last-modified") s->resp->last_modified = value;
  else if (key == "content-type") s->resp->content_type = value;
  return size * n;
}

}  // namespace

bool SplitUrl(const std::string& url, UrlParts& out) {
  size_t sep = url.find("://");
  if (sep == std::string::npos) return false;
  out.scheme = url.substr(0, sep);
  for (char& c : out.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.scheme != "http" && out.scheme != "https") return false;
  size_t host_start = sep + 3;
  size_t path_start = url.find_first_of("/?#", host_start);
  out.host = url.substr(host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  if (size_t at = out.host.rfind('@'); at != std::string::npos) out.host = out.host.substr(at + 1);
  for (char& c : out.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  out.path = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (size_t hash = out.path.find('#'); hash != std::string::npos) out.path.resize(hash);
  if (out.path.empty() || out.path[0] != '/') out.path = "/" + out.path;
  return !out.host.empty();
}

std::string ResolveUrl(const std::string& base, const std::string& ref) {
  if (ref.find("://") != std::string::npos) return ref;
  UrlParts b;
  if (!SplitUrl(base, b)) return ref;
  if (ref.rfind("//", 0) == 0) return b.scheme + ":" + ref;
  if (!ref.empty() && ref[0] == '/') return b.scheme + "://" + b.host + ref;
  std::string dir = b.path.substr(0, b.path.find('?'));
  dir = dir.substr(0, dir.rfind('/') + 1);
  return b.scheme + "://" + b.host + dir + ref;
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
  GlobalInit();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void HttpClient::WaitForHost(const std::string& host) {
  auto now = std::chrono::steady_clock::now();
  auto it = last_by_host_.find(host);
  if (it != last_by_host_.end()) {
    auto ready = it->second + std::chrono::milliseconds(options_.host_delay_ms);
    if (ready > now) std::this_thread::sleep_for(ready - now);
  }
}

StatusOr<HttpResponse> HttpClient::Get(const std::string& url, const std::string& etag,
                                       const std::string& last_modified) {
  if (!curl_) return Internal("libcurl: cannot create a handle");
  UrlParts parts;
  if (!SplitUrl(url, parts)) return InvalidArgument("not an http(s) URL: " + url);
  WaitForHost(parts.host);
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  HttpResponse resp;
  Sink sink{&resp, options_.max_body_bytes};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
  curl_slist* headers = nullptr;
  if (!etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + etag).c_str());
  if (!last_modified.empty()) headers = curl_slist_append(headers, ("If-Modified-Since: " + last_modified).c_str());
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  CURLcode rc = curl_easy_perform(c);
  ++requests_;
  last_by_host_[parts.host] = std::chrono::steady_clock::now();
  if (headers) curl_slist_free_all(headers);
  if (sink.too_big) return DataLoss("response larger than " + std::to_string(options_.max_body_bytes) + " bytes");
  if (rc != CURLE_OK) return IoError(std::string(errbuf[0] ? errbuf : curl_easy_strerror(rc)));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp.status);
  char* eff = nullptr;
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
  resp.effective_url = eff ? eff : url;
  return resp;
}

StatusOr<long> HttpClient::PostJson(const std::string& url, const std::string& json) {
  if (!curl_) return Internal("libcurl: cannot create a handle");
  UrlParts parts;
  if (!SplitUrl(url, parts)) return InvalidArgument("not an http(s) URL: " + url);
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  HttpResponse resp;
  Sink sink{&resp, 1u << 20};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
  curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, json.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(json.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  ++requests_;
  if (rc != CURLE_OK) return IoError(std::string(errbuf[0] ? errbuf : curl_easy_strerror(rc)));
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

}  // namespace marsad::watch
