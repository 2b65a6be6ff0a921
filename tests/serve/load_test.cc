// A bounded loopback load test for `marsad serve`: N client threads send a
// fixed number of GET requests (cycling over a list of paths) or stop at a
// time limit, then report throughput, p50/p99/max latency and errors.
//
//   serve_load_test --port 8080 [--host 127.0.0.1] [--threads 4] [--requests 2000]
//                   [--seconds 30] [--rate R] [--by-path] [PATH ...]
// Default paths mix the list, a story, an article, entities and searches.
// --rate R sends at a fixed R requests/s in all (open loop): request i is
// due at start + i/R and its latency counts from that moment, so a slow
// server cannot hide its queueing by slowing the clients down (no
// coordinated omission). Without --rate each thread sends as fast as it can.
// --by-path adds p50/p99 per path. --unique adds a parameter the server
// ignores (_=N) to every request, so no answer can come from its cache.
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
  double seconds = 30, rate = 0;
  bool by_path = false, unique = false;
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
    else if (a == "--rate") rate = std::max(0.0, std::atof(next().c_str()));
    else if (a == "--by-path") by_path = true;
    else if (a == "--unique") unique = true;
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
  std::vector<std::vector<double>> per_path(paths.size());
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
      std::vector<std::vector<double>> mine_by_path(paths.size());
      for (;;) {
        const long i = next++;
        if (i >= requests || std::chrono::steady_clock::now() > deadline) break;
        std::string p = paths[i % paths.size()];
        if (unique && p.rfind("/api/", 0) == 0) p += (p.find('?') == std::string::npos ? "?_=" : "&_=") + std::to_string(i);
        auto s = std::chrono::steady_clock::now();
        if (rate > 0) {
          const auto due = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(double(i) / rate));
          if (due > s) std::this_thread::sleep_until(due);
          s = due;  // latency from when it was due, not from when we got to it
        }
        auto r = c.Get(p);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count();
        if (!r || r->status != 200) {
          if (errors++ < 5)
            std::fprintf(stderr, "error: %s -> %s\n", p.c_str(), r ? std::to_string(r->status).c_str() : "no response");
        }
        mine.push_back(ms);
        mine_by_path[i % paths.size()].push_back(ms);
      }
      std::lock_guard lock(mu);
      lat_ms.insert(lat_ms.end(), mine.begin(), mine.end());
      for (size_t k = 0; k < paths.size(); ++k)
        per_path[k].insert(per_path[k].end(), mine_by_path[k].begin(), mine_by_path[k].end());
    });
  }
  for (auto& th : pool) th.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto pct = [](std::vector<double>& v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * v.size()))];
  };
  const double p50 = pct(lat_ms, 0.50), p99 = pct(lat_ms, 0.99);
  std::printf("requests %zu  threads %d  wall %.2f s  %.0f req/s%s  p50 %.2f ms  p99 %.2f ms  max %.2f ms  errors %ld\n",
              lat_ms.size(), threads, wall, lat_ms.size() / wall,
              rate > 0 ? (" (target " + std::to_string(long(rate)) + ")").c_str() : "", p50, p99,
              lat_ms.empty() ? 0.0 : lat_ms.back(), errors.load());
  if (by_path)
    for (size_t k = 0; k < paths.size(); ++k) {
      const double a = pct(per_path[k], 0.50), b = pct(per_path[k], 0.99);
      std::printf("  %6zu  p50 %7.2f ms  p99 %7.2f ms  %s\n", per_path[k].size(), a, b, paths[k].c_str());
    }
  return errors == 0 ? 0 : 1;
}
