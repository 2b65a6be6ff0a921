// The socket side of `marsad serve`: maps cpp-httplib requests to
// Service::Handle and back, nothing more (limits, routing and guards live in
// the Service). One HttpServer listens on one address; thread-safe to Stop()
// from another thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "marsad/core/status.h"
#include "marsad/serve/service.h"

namespace httplib { class Server; }

namespace marsad::serve {

struct HttpOptions {
  std::string bind = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0 = any free port (see port())
  int threads = 8;                 // request workers
  size_t max_body_bytes = 8u << 20;
};

class HttpServer {
 public:
  HttpServer(Service& service, HttpOptions options);
  ~HttpServer();

  // Binds the socket; after this, port() is the port listened on.
  Status Bind();
  // Serves until Stop(); call Bind() first.
  Status Listen();
  void Stop();
  int port() const { return port_; }

 private:
  Service& service_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
  std::atomic<int> port_{0};
};

}  // namespace marsad::serve
