// A bounded loopback load test for `marsad serve`: N client threads send a
// fixed number of GET requests (cycling over a list of paths) or stop at a
// time limit, then report throughput, p50/p99/max latency and errors.
//
//   serve_load_test --port 8080 [--host 127.0.0.1] [--threads 4] [--requests 2000]
//                   [--seconds 30] [PATH ...]
// Default paths mix the list, a story, an article, entities and searches.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 0, threads = 4;
  long requests = 2000;
  double seconds = 30;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) { std::fprintf(stderr, "%s needs a value\n", a.c_str()); std::exit(2); }
      return argv[++i];
    };
    if (a == "--host") host = next();
    else if (a == "--port") port = std::atoi(next().c_str());
    else if (a == "--threads") threads = std::max(1, std::atoi(next().c_str()));
    else if (a == "--requests") requests = std::max(1L, std::atol(next().c_str()));
    else if (a == "--seconds") seconds = std::atof(next().c_str());
    else if (a.rfind("--", 0) == 0) { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
    else paths.push_back(a);
  }
  if (port <= 0) { std::fprintf(stderr, "usage: serve_load_test --port PORT [options] [PATH ...]\n"); return 2; }
  if (paths.empty())
    paths = {"/api/health", "/api/stories", "/api/stories?from=2020-01-01&to=2020-12-31", "/api/entities?limit=50",
             "/api/search?q=%D9%8A%D9%88%D9%82%D8%B9",                     // يوقع
             "/api/search?q=%D8%A8%D9%88%D8%AA%D9%86",                     // بوتن
             "/api/search?q=%D9%88%D9%82%D9%81%20%D8%A5%D8%B7%D9%84%D8%A7%D9%82%20%D8%A7%D9%84%D9%86%D8%A7%D8%B1",
             "/api/entities/Vladimir_Putin", "/"};

  std::atomic<long> next{0};
  std::atomic<long> errors{0};
  std::mutex mu;
  std::vector<double> lat_ms;
  lat_ms.reserve(requests);
  const auto t0 = std::chrono::steady_clock::now();
  const auto deadline = t0 + std::chrono::duration<double>(seconds);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      httplib::Client c(host, port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      c.set_connection_timeout(5);
      c.set_read_timeout(30);
      std::vector<double> mine;
      for (;;) {
        const long i = next++;
        if (i >= requests || std::chrono::steady_clock::now() > deadline) break;
        const std::string& p = paths[i % paths.size()];
        const auto s = std::chrono::steady_clock::now();
        auto r = c.Get(p);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count();
        if (!r || r->status != 200) {
          if (errors++ < 5)
            std::fprintf(stderr, "error: %s -> %s\n", p.c_str(), r ? std::to_string(r->status).c_str() : "no response");
        }
        mine.push_back(ms);
      }
      std::lock_guard lock(mu);
      lat_ms.insert(lat_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& th : pool) th.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::sort(lat_ms.begin(), lat_ms.end());
  auto pct = [&](double q) { return lat_ms.empty() ? 0.0 : lat_ms[std::min(lat_ms.size() - 1, size_t(q * lat_ms.size()))]; };
  std::printf("requests %zu  threads %d  wall %.2f s  %.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.2f ms  errors %ld\n",
              lat_ms.size(), threads, wall, lat_ms.size() / wall, pct(0.50), pct(0.99),
              lat_ms.empty() ? 0.0 : lat_ms.back(), errors.load());
  return errors == 0 ? 0 : 1;
}
