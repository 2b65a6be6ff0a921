#include "marsad/serve/http_server.h"

#include <httplib.h>

#include <ostream>
#include <streambuf>
#include <vector>

namespace marsad::serve {
namespace {

// httplib's DataSink::os handles only bulk writes (single characters set
// badbit), so downloads go through this buffered stream buffer instead.
class SinkBuf : public std::streambuf {
 public:
  explicit SinkBuf(httplib::DataSink& sink) : sink_(sink), buf_(64 * 1024) { setp(buf_.data(), buf_.data() + buf_.size()); }
  ~SinkBuf() override { sync(); }

 protected:
  int_type overflow(int_type c) override {
    if (!FlushBuffer()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return FlushBuffer() ? 0 : -1; }

 private:
  bool FlushBuffer() {
    const std::ptrdiff_t n = pptr() - pbase();
    if (n > 0) {
      if (!sink_.is_writable() || !sink_.write(pbase(), static_cast<size_t>(n))) return false;
    }
    setp(buf_.data(), buf_.data() + buf_.size());
    return true;
  }
  httplib::DataSink& sink_;
  std::vector<char> buf_;
};

}  // namespace

HttpServer::HttpServer(Service& service, HttpOptions options)
    : service_(service), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    Request r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.query.emplace(k, v);  // first value wins
    for (const auto& [k, v] : req.headers) r.headers.emplace(k, v);
    r.body = req.body;
    r.remote_addr = req.remote_addr;
    Response out = service_.Handle(r);
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k, v);
    if (out.writer) {
      auto writer = std::move(out.writer);
      res.set_chunked_content_provider(out.content_type, [writer](size_t, httplib::DataSink& sink) {
        SinkBuf buf(sink);
        std::ostream os(&buf);
        bool ok = writer(os);
        ok = ok && buf.pubsync() == 0;
        if (ok) sink.done();
        return ok;
      });
    } else {
      res.set_content(std::move(out.body), out.content_type);
    }
  };
  server_->set_payload_max_length(options_.max_body_bytes);
  server_->set_read_timeout(10, 0);
  server_->set_write_timeout(30, 0);
  server_->set_keep_alive_max_count(1000);
  // Idle keep-alive connections hold a worker thread each; let them go soon.
  server_->set_keep_alive_timeout(2);
  // Headers and body go out in separate writes: without TCP_NODELAY the
  // client's delayed ACK adds ~40 ms to every response.
  server_->set_tcp_nodelay(true);
  const int threads = std::max(1, options_.threads);
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  // One pattern per method: the Service routes.
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Delete(".*", handler);
  server_->Patch(".*", handler);
  server_->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    // httplib's own refusals (413 over the size limit, 400 malformed): JSON too.
    if (res.body.empty()) {
      const std::string msg = res.status == 413   ? "request body too large"
                              : res.status == 414 ? "request URI too long (at most 8 KB)"
                                                  : "bad request";
      res.set_content("{\"error\":\"" + msg + "\"}", "application/json; charset=utf-8");
    }
  });
  server_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content("{\"error\":\"internal error\"}", "application/json; charset=utf-8");
  });
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Bind() {
  if (options_.port == 0) {
    const int p = server_->bind_to_any_port(options_.bind);
    if (p <= 0) return IoError("cannot listen on " + options_.bind);
    port_ = p;
  } else {
    if (!server_->bind_to_port(options_.bind, options_.port))
      return IoError("cannot listen on " + options_.bind + ":" + std::to_string(options_.port) +
                     " (in use? try --port)");
    port_ = options_.port;
  }
  return Status::Ok();
}

Status HttpServer::Listen() {
  if (!server_->listen_after_bind()) return IoError("the server stopped with an error");
  return Status::Ok();
}

void HttpServer::Stop() {
  if (server_) server_->stop();
}

}  // namespace marsad::serve
