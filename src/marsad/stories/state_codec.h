// The story state codec: a compact, versioned binary record (varints,
// delta-coded hashes) wrapped in base64 behind a "msc<version>:" tag so that
// any store can keep it as text. Used only by the clusterer.
// Not thread-safe per object; objects are short-lived.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "marsad/core/status.h"

namespace marsad::stories {

inline constexpr uint32_t kStateVersion = 2;  // 2: entity norm and event types

class StateWriter {
 public:
  void Varint(uint64_t v);
  void Signed(int64_t v) { Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Fixed32(uint32_t v);
  void Float(float f);
  void String(std::string_view s);
  // The tagged base64 text.
  std::string Finish() const;

 private:
  std::string buf_;
};

class StateReader {
 public:
  explicit StateReader(std::string_view tagged);
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  bool Varint(uint64_t& v);
  bool Signed(int32_t& v);
  bool Fixed32(uint32_t& v);
  bool Float(float& f);
  bool String(std::string& s);
  size_t remaining() const { return buf_.size() - pos_; }
  bool AtEnd() const { return pos_ == buf_.size(); }
  // Marks the state truncated and returns that status.
  Status Fail();

 private:
  bool Failed();  // Fail() for bool-returning readers
  std::string buf_;
  size_t pos_ = 0;
  Status status_;
};

}  // namespace marsad::stories
