// End to end over a real loopback socket: the server on a free port in this
// process, hit with cpp-httplib's client.
#include "marsad/serve/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>

#include "marsad/serve/serve_test_util.h"

namespace marsad::serve {
namespace {

using nlohmann::json;
namespace t = marsad::serve::testing;

TEST(HttpServer, EndToEndOnLoopback) {
  t::TempDir dir;
  ServiceOptions o;
  o.db = (dir.path() / "store.db").string();
  o.web_dir = t::MakeWebDir(dir.path()).string();
  o.write_token = t::kToken;
  o.rate_per_second = 0;
  auto service = Service::Create(o);
  ASSERT_TRUE(service.ok()) << service.status().message();
  HttpOptions ho;
  ho.port = 0;
  ho.threads = 4;
  ho.max_body_bytes = 1 << 20;
  HttpServer server(**service, ho);
  ASSERT_TRUE(server.Bind().ok());
  EXPECT_GT(server.port(), 0);
  std::thread th([&] { EXPECT_TRUE(server.Listen().ok()); });

  httplib::Client c("127.0.0.1", server.port());
  c.set_connection_timeout(5);
  c.set_read_timeout(30);

  auto health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["articles"], 0);
  EXPECT_EQ(health->get_header_value("X-Content-Type-Options"), "nosniff");

  // Writes need the token.
  auto denied = c.Post("/api/ingest", t::FixtureJsonl(), "application/x-ndjson");
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  httplib::Headers auth = {{"Authorization", std::string("Bearer ") + t::kToken}};
  auto ingested = c.Post("/api/ingest", auth, t::FixtureJsonl(), "application/x-ndjson");
  ASSERT_TRUE(ingested);
  ASSERT_EQ(ingested->status, 200) << ingested->body;
  EXPECT_EQ(json::parse(ingested->body)["inserted"], 4);

  // Query parameters are decoded (Arabic, percent-encoded).
  auto search = c.Get("/api/search?q=%D9%8A%D9%88%D9%82%D8%B9");  // يوقع
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200) << search->body;
  json hits = json::parse(search->body)["hits"];
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["article"], "fx-1");

  auto article = c.Get("/api/articles/fx-1");
  ASSERT_TRUE(article);
  EXPECT_EQ(article->status, 200);
  EXPECT_EQ(article->get_header_value("Content-Type"), "application/json; charset=utf-8");

  // A streamed download.
  auto csv = c.Get("/api/export/articles.csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("id,url,source,published,title,text,story,event_type\r\n", 0), 0u);
  EXPECT_NE(csv->body.find("fx-3"), std::string::npos);
  EXPECT_NE(csv->get_header_value("Content-Disposition").find("attachment"), std::string::npos);

  // Static files, and traversal attempts as raw and percent-encoded paths.
  auto index = c.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  for (const char* p : {"/../secret.txt", "/%2e%2e/secret.txt", "/sub/%2E%2E/%2E%2E/secret.txt", "/..%2fsecret.txt",
                        "/link/secret.txt"}) {
    auto r = c.Get(p);
    ASSERT_TRUE(r) << p;
    EXPECT_NE(r->status, 200) << p;
    EXPECT_EQ(r->body.find("SECRET"), std::string::npos) << p;
  }

  // Over the size limit: refused with a JSON error, the server lives on.
  auto big = c.Post("/api/ingest", auth, std::string((1 << 20) + 10, 'x'), "application/x-ndjson");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  auto missing = c.Get("/api/stories/none");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["error"], "no such story");

  server.Stop();
  th.join();
}

}  // namespace
}  // namespace marsad::serve
