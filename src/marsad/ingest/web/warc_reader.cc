#include "marsad/ingest/web/warc_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "marsad/ingest/web/encoding.h"
#include "marsad/ingest/web/html_extract.h"
#include "marsad/ingest/web/web_common.h"

namespace marsad::ingest::web {

// A buffered byte stream over a plain or gzip (multi-member) file.
class WarcReader::Input {
 public:
  Input(FILE* f, bool gz) : f_(f), gz_(gz) {
    if (gz_) {
      std::memset(&zs_, 0, sizeof zs_);
      zs_ok_ = inflateInit2(&zs_, 15 + 32) == Z_OK;  // 15+32: gzip or zlib header, detected
    }
  }
  ~Input() {
    if (gz_ && zs_ok_) inflateEnd(&zs_);
    if (f_) std::fclose(f_);
  }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Offset (in decompressed bytes) of the next byte to be read.
  uint64_t offset() const { return consumed_; }
  uint64_t compressed_offset() const { return compressed_read_ - (gz_ ? zs_.avail_in : 0); }
  const std::string& error() const { return error_; }

  // Reads one line without its "\r\n"/"\n"; keeps at most max bytes of it.
  // False at the end of input with nothing read.
  bool ReadLine(std::string& line, size_t max) {
    line.clear();
    bool any = false;
    for (;;) {
      if (pos_ >= buf_.size() && !Fill()) return any;
      any = true;
      const char* start = buf_.data() + pos_;
      const size_t avail = buf_.size() - pos_;
      const void* nl = std::memchr(start, '\n', avail);
      const size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : avail;
      if (line.size() < max) line.append(start, std::min(take, max - line.size()));
      pos_ += take + (nl ? 1 : 0);
      consumed_ += take + (nl ? 1 : 0);
      if (nl) break;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }

  // Appends up to n bytes to out; returns how many.
  uint64_t Read(std::string& out, uint64_t n) {
    uint64_t got = 0;
    while (got < n) {
      if (pos_ >= buf_.size() && !Fill()) break;
      const size_t take = static_cast<size_t>(std::min<uint64_t>(n - got, buf_.size() - pos_));
      out.append(buf_.data() + pos_, take);
      pos_ += take;
      consumed_ += take;
      got += take;
    }
    return got;
  }

  uint64_t Skip(uint64_t n) {
    uint64_t got = 0;
    while (got < n) {
      if (pos_ >= buf_.size() && !Fill()) break;
      const size_t take = static_cast<size_t>(std::min<uint64_t>(n - got, buf_.size() - pos_));
      pos_ += take;
      consumed_ += take;
      got += take;
    }
    return got;
  }

 private:
  // Refills the buffer with the next decompressed bytes; false at the end.
  bool Fill() {
    buf_.clear();
    pos_ = 0;
    if (ended_) return false;
    if (!gz_) {
      buf_.resize(kChunk);
      size_t n = std::fread(buf_.data(), 1, kChunk, f_);
      buf_.resize(n);
      compressed_read_ += n;
      if (n == 0) ended_ = true;
      return n > 0;
    }
    if (!zs_ok_) {
      error_ = "zlib could not be initialized";
      ended_ = true;
      return false;
    }
    buf_.resize(kChunk);
    zs_.next_out = reinterpret_cast<Bytef*>(buf_.data());
    zs_.avail_out = kChunk;
    while (zs_.avail_out == kChunk) {
      if (zs_.avail_in == 0) {
        size_t n = std::fread(in_, 1, sizeof in_, f_);
        compressed_read_ += n;
        if (n == 0) {
          if (member_open_) error_ = "truncated gzip data (the file ends inside a compressed member)";
          ended_ = true;
          break;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(in_);
        zs_.avail_in = static_cast<uInt>(n);
      }
      member_open_ = true;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // End of one gzip member: the next record is (usually) the next member.
        member_open_ = false;
        inflateReset(&zs_);
        if (zs_.avail_in == 0) {
          int c = std::fgetc(f_);
          if (c == EOF) { ended_ = true; break; }
          std::ungetc(c, f_);
        }
      } else if (rc == Z_BUF_ERROR) {
        if (zs_.avail_in != 0) {  // no progress possible with input left: corrupt
          error_ = "corrupt gzip data";
          ended_ = true;
          break;
        }
      } else if (rc != Z_OK) {
        // Zero padding after the last member is harmless; anything else is damage.
        bool zeros = !member_open_ || std::all_of(zs_.next_in, zs_.next_in + zs_.avail_in, [](Bytef b) { return b == 0; });
        if (!(zeros && zs_.total_in == 0)) error_ = std::string("corrupt gzip data (") + (zs_.msg ? zs_.msg : "inflate error") + ")";
        ended_ = true;
        break;
      }
    }
    buf_.resize(kChunk - zs_.avail_out);
    return !buf_.empty();
  }

  static constexpr size_t kChunk = 1 << 16;
  FILE* f_;
  bool gz_;
  z_stream zs_{};
  bool zs_ok_ = false;
  bool member_open_ = false;
  bool ended_ = false;
  char in_[1 << 16];
  std::string buf_;
  size_t pos_ = 0;
  uint64_t consumed_ = 0;
  uint64_t compressed_read_ = 0;
  std::string error_;
};

namespace {

char LowerChar(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (LowerChar(a[i]) != LowerChar(b[i])) return false;
  return true;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool ParseUint(std::string_view s, uint64_t& v) {
  s = TrimView(s);
  if (s.empty() || s.size() > 19) return false;
  v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

struct HttpMessage {
  int status = 0;
  std::string content_type, transfer_encoding, content_encoding;
  std::string_view payload;
};

// Parses "HTTP/1.1 200 OK\r\nHeaders...\r\n\r\npayload". False when the
// block is not an HTTP response.
bool ParseHttp(std::string_view block, size_t max_header, HttpMessage& m) {
  if (block.rfind("HTTP/", 0) != 0) return false;
  size_t end = block.find("\r\n\r\n");
  size_t body = end == std::string_view::npos ? end : end + 4;
  size_t lf = block.find("\n\n");
  if (lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) end = lf, body = lf + 2;
  if (end == std::string_view::npos || end > max_header) {
    end = std::min(block.size(), max_header);
    body = end;
  }
  std::string_view head = block.substr(0, end);
  m.payload = block.substr(std::min(body, block.size()));
  size_t nl = head.find('\n');
  std::string_view status_line = head.substr(0, nl);
  size_t sp = status_line.find(' ');
  if (sp == std::string_view::npos) return false;
  uint64_t code = 0;
  std::string_view code_text = status_line.substr(sp + 1, 3);
  if (!ParseUint(code_text, code)) return false;
  m.status = static_cast<int>(code);
  while (nl != std::string_view::npos) {
    size_t next = head.find('\n', nl + 1);
    std::string_view line = head.substr(nl + 1, next == std::string_view::npos ? std::string_view::npos : next - nl - 1);
    nl = next;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = TrimView(line.substr(0, colon)), value = TrimView(line.substr(colon + 1));
    if (IEquals(name, "content-type")) m.content_type = value;
    else if (IEquals(name, "transfer-encoding")) m.transfer_encoding = value;
    else if (IEquals(name, "content-encoding")) m.content_encoding = value;
  }
  return true;
}

bool Dechunk(std::string_view in, std::string& out) {
  out.clear();
  size_t p = 0;
  while (p < in.size()) {
    size_t nl = in.find('\n', p);
    if (nl == std::string_view::npos) return false;
    std::string_view size_line = TrimView(in.substr(p, nl - p));
    size_line = size_line.substr(0, size_line.find(';'));
    uint64_t n = 0;
    for (char c : size_line) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (LowerChar(c) >= 'a' && LowerChar(c) <= 'f') ? LowerChar(c) - 'a' + 10 : -1;
      if (d < 0 || n > (1ull << 40)) return false;
      n = n * 16 + static_cast<uint64_t>(d);
    }
    p = nl + 1;
    if (n == 0) return true;
    if (p + n > in.size()) {
      out.append(in.substr(p));
      return true;  // truncated chunk: keep what is there
    }
    out.append(in.substr(p, n));
    p += n;
    if (p < in.size() && in[p] == '\r') ++p;
    if (p < in.size() && in[p] == '\n') ++p;
  }
  return true;
}

// Inflates an HTTP gzip/deflate body, at most `cap` output bytes.
bool InflateBody(std::string_view in, size_t cap, std::string& out, bool& capped) {
  z_stream zs;
  std::memset(&zs, 0, sizeof zs);
  // 15+32: gzip or zlib; raw deflate (some servers) is retried below.
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return false;
  out.clear();
  capped = false;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 15];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > cap) {
      capped = true;
      out.resize(cap);
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  return rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR || capped;
}

bool IsHtmlType(std::string_view ct) {
  std::string l;
  for (char c : ct.substr(0, ct.find(';'))) l.push_back(LowerChar(c));
  return l.find("html") != std::string::npos;  // text/html, application/xhtml+xml
}

bool SniffHtml(std::string_view payload) {
  std::string head;
  size_t i = 0;
  if (payload.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;
  while (i < payload.size() && (payload[i] == ' ' || payload[i] == '\n' || payload[i] == '\r' || payload[i] == '\t')) ++i;
  for (size_t k = i; k < payload.size() && head.size() < 15; ++k) head.push_back(LowerChar(payload[k]));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<head", 0) == 0;
}

}  // namespace

WarcReader::WarcReader(std::string path, std::vector<Problem>& problems, WarcOptions options)
    : path_(std::move(path)), options_(options) {
  FILE* f = std::fopen(path_.c_str(), "rb");
  if (!f) {
    problems.push_back({path_, std::string("cannot open: ") + std::strerror(errno), true});
    done_ = true;
    return;
  }
  int c1 = std::fgetc(f), c2 = std::fgetc(f);
  std::rewind(f);
  const bool gz = c1 == 0x1f && c2 == 0x8b;
  in_ = std::make_unique<Input>(f, gz);
}

WarcReader::~WarcReader() = default;

bool WarcReader::Next(Article& out, std::vector<Problem>& problems) {
  std::string line;
  while (!done_) {
    // The version line, after the blank lines that end the previous record.
    uint64_t offset = in_->offset();
    bool have = false;
    while ((have = in_->ReadLine(line, options_.max_header_bytes)) && line.empty()) offset = in_->offset();
    if (!have) break;
    if (line.rfind("WARC/", 0) != 0) {
      problems.push_back({path_ + "@" + std::to_string(offset),
                          "expected a WARC record header (\"WARC/1.0\"); skipping to the next record", true});
      while ((have = in_->ReadLine(line, options_.max_header_bytes)) && line.rfind("WARC/1.", 0) != 0)
        offset = in_->offset();
      if (!have) break;
      offset = in_->offset() - line.size() - 2;
    }
    ++stats_.records;
    const std::string origin = path_ + "#record " + std::to_string(stats_.records) + " @" + std::to_string(offset);

    // WARC named fields.
    std::string type, target, record_id, content_type, date;
    uint64_t length = 0;
    bool have_length = false;
    size_t header_bytes = 0;
    bool header_ok = false;
    while (in_->ReadLine(line, options_.max_header_bytes)) {
      header_bytes += line.size() + 2;
      if (line.empty()) {
        header_ok = true;
        break;
      }
      if (header_bytes > options_.max_header_bytes) break;
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string_view name = TrimView(std::string_view(line).substr(0, colon));
      std::string_view value = TrimView(std::string_view(line).substr(colon + 1));
      if (IEquals(name, "WARC-Type")) type = value;
      else if (IEquals(name, "WARC-Target-URI")) target = value;
      else if (IEquals(name, "WARC-Record-ID")) record_id = value;
      else if (IEquals(name, "Content-Type")) content_type = value;
      else if (IEquals(name, "WARC-Date")) date = value;
      else if (IEquals(name, "Content-Length")) have_length = ParseUint(value, length);
    }
    // WARC/1.0 writers sometimes wrap the URI in <>.
    if (target.size() >= 2 && target.front() == '<' && target.back() == '>') target = target.substr(1, target.size() - 2);
    if (!header_ok) {
      problems.push_back({origin, header_bytes > options_.max_header_bytes ? "WARC header too long; skipped"
                                                                          : "truncated WARC header (end of file)",
                          true});
      if (header_bytes <= options_.max_header_bytes) ++stats_.truncated;
      continue;
    }
    if (!have_length) {
      problems.push_back({origin, "WARC record without a valid Content-Length; skipping to the next record", true});
      continue;
    }

    const bool wanted = type == "response" || type == "resource";
    if (!wanted || length > options_.max_record_bytes) {
      if (wanted) {
        ++stats_.skipped_oversize;
        problems.push_back({origin, "record of " + std::to_string(length) + " bytes is over the limit of " +
                                        std::to_string(options_.max_record_bytes) + "; skipped",
                            true});
      } else {
        ++stats_.skipped_type;
      }
      if (length > options_.max_skip_bytes) {
        problems.push_back({origin, "record claims " + std::to_string(length) +
                                        " bytes, more than can be skipped safely; the rest of the file is not read",
                            true});
        done_ = true;
        break;
      }
      if (in_->Skip(length) < length) {
        ++stats_.truncated;
        reported_error_ = true;
        problems.push_back({origin, "truncated record (the file ends inside it)" +
                                        (in_->error().empty() ? std::string() : ": " + in_->error()),
                            true});
        done_ = true;
      }
      continue;
    }

    std::string block;
    block.reserve(static_cast<size_t>(length));
    const uint64_t got = in_->Read(block, length);
    const bool truncated = got < length;
    if (truncated) {
      ++stats_.truncated;
      done_ = true;
    }

    // The page inside: HTTP response or a bare resource.
    std::string_view payload = block;
    std::string http_ct = content_type;
    std::string decoded;
    if (type == "response") {
      HttpMessage m;
      if (!ParseHttp(block, options_.max_header_bytes, m)) {
        problems.push_back({origin, truncated ? "truncated record with no HTTP response" : "response record without an HTTP status line; skipped", true});
        continue;
      }
      if (m.status != 200) {
        ++stats_.skipped_status;
        continue;
      }
      http_ct = m.content_type;
      payload = m.payload;
      if (m.transfer_encoding.find("chunked") != std::string::npos && Dechunk(payload, decoded)) payload = decoded;
      std::string enc;
      for (char c : m.content_encoding) enc.push_back(LowerChar(c));
      if (enc == "gzip" || enc == "x-gzip" || enc == "deflate") {
        std::string inflated;
        bool capped = false;
        if (!InflateBody(payload, options_.max_record_bytes, inflated, capped) || capped) {
          problems.push_back({origin, capped ? "compressed HTTP body inflates past the record limit; skipped"
                                             : "HTTP body declared " + enc + " does not inflate; skipped",
                              true});
          ++stats_.skipped_oversize;
          continue;
        }
        decoded = std::move(inflated);
        payload = decoded;
      } else if (!enc.empty() && enc != "identity") {
        problems.push_back({origin, "HTTP body encoded as \"" + enc + "\" is not supported; skipped", true});
        ++stats_.skipped_not_html;
        continue;
      }
    }
    if (!(http_ct.empty() ? SniffHtml(payload) : IsHtmlType(http_ct))) {
      ++stats_.skipped_not_html;
      continue;
    }
    HtmlInput hin;
    hin.url = target;
    hin.http_charset = CharsetFromContentType(http_ct);
    hin.origin = origin;
    std::vector<std::string> notices;
    hin.notices = &notices;
    Article a;
    Status st = ReadHtmlArticle(payload, hin, a);
    for (auto& n : notices) problems.push_back({origin, std::move(n), false});
    if (truncated) {
      reported_error_ = true;
      problems.push_back({origin, "truncated record: " + std::to_string(got) + " of " + std::to_string(length) +
                                      " bytes" + (in_->error().empty() ? std::string() : " (" + in_->error() + ")") +
                                      (st.ok() ? "; the partial page was read" : ""),
                          !st.ok()});
      if (st.ok()) a.warnings.push_back("truncated WARC record: the page may be incomplete");
    }
    if (!st.ok()) {
      ++stats_.skipped_empty;
      if (!truncated) problems.push_back({origin, st.message() + "; skipped", true});
      continue;
    }
    a.format = "warc";
    a.id = WebArticleId(!record_id.empty() ? record_id : origin);
    ++stats_.html_pages;
    out = std::move(a);
    return true;
  }
  if (!done_ || in_) {
    if (in_ && !in_->error().empty() && !reported_error_) {
      reported_error_ = true;
      problems.push_back({path_ + "@" + std::to_string(in_->offset()), in_->error() + "; records before it were read", true});
    }
  }
  done_ = true;
  return false;
}

std::unique_ptr<Reader> OpenWarc(const std::string& path, std::vector<Problem>& problems) {
  return std::make_unique<WarcReader>(path, problems);
}

}  // namespace marsad::ingest::web
