#include "marsad/ingest/line_reader.h"

#include <cstring>

namespace marsad::ingest {

LineReader::LineReader(std::FILE* file, size_t max_line_bytes)
    : file_(file), max_line_bytes_(max_line_bytes), buffer_(1 << 20) {}

bool LineReader::Fill() {
  if (file_ == nullptr) return false;
  pos_ = 0;
  end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
  if (end_ == 0 && std::ferror(file_)) read_error_ = true;
  return end_ > 0;
}

bool LineReader::Next(std::string& line, bool& too_long, uint64_t& length) {
  line.clear();
  too_long = false;
  length = 0;
  bool any = false;
  for (;;) {
    if (pos_ == end_ && !Fill()) {
      if (!any) return false;
      break;
    }
    any = true;
    const char* start = buffer_.data() + pos_;
    const size_t avail = end_ - pos_;
    const char* nl = static_cast<const char*>(std::memchr(start, '\n', avail));
    const size_t take = nl ? static_cast<size_t>(nl - start) : avail;
    length += take;
    if (!too_long) {
      if (line.size() + take > max_line_bytes_) {
        too_long = true;
        std::string().swap(line);  // give the memory back now
      } else {
        line.append(start, take);
      }
    }
    pos_ += take;
    if (nl) {
      ++pos_;
      break;
    }
  }
  ++line_number_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

}  // namespace marsad::ingest
