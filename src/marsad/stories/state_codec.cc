#include "marsad/stories/state_codec.h"

#include <cstring>

namespace marsad::stories {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Tag() { return "msc" + std::to_string(kStateVersion) + ":"; }

std::string Base64(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                       static_cast<uint8_t>(in[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < in.size()) {
    uint32_t v = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<uint8_t>(in[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool Unbase64(std::string_view in, std::string& out) {
  int8_t map[256];
  std::memset(map, -1, sizeof map);
  for (int i = 0; i < 64; ++i) map[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  if (in.size() % 4) return false;
  out.clear();
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t v = 0;
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = in[i + k];
      if (c == '=' && i + 4 == in.size() && k >= 2) {
        ++pad;
        v <<= 6;
        continue;
      }
      if (pad || map[static_cast<uint8_t>(c)] < 0) return false;
      v = (v << 6) | static_cast<uint32_t>(map[static_cast<uint8_t>(c)]);
    }
    out += static_cast<char>(v >> 16);
    if (pad < 2) out += static_cast<char>((v >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(v & 0xFF);
  }
  return true;
}

}  // namespace

void StateWriter::Varint(uint64_t v) {
  while (v >= 0x80) {
    buf_ += static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  buf_ += static_cast<char>(v);
}

void StateWriter::Fixed32(uint32_t v) {
  for (int i = 0; i < 4; ++i) buf_ += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void StateWriter::Float(float f) {
  uint32_t v;
  std::memcpy(&v, &f, sizeof v);
  Fixed32(v);
}

void StateWriter::String(std::string_view s) {
  Varint(s.size());
  buf_.append(s);
}

std::string StateWriter::Finish() const { return Tag() + Base64(buf_); }

StateReader::StateReader(std::string_view tagged) {
  const std::string tag = Tag();
  if (tagged.substr(0, 3) != "msc") {
    status_ = DataLoss("story state is not a marsad clusterer state (no msc tag)");
  } else if (tagged.substr(0, tag.size()) != tag) {
    status_ = FailedPrecondition("story state has tag '" + std::string(tagged.substr(0, tagged.find(':') + 1)) +
                                 "', this build reads '" + tag + "'; re-cluster the store");
  } else if (!Unbase64(tagged.substr(tag.size()), buf_)) {
    status_ = DataLoss("story state is not valid base64");
  }
}

bool StateReader::Failed() {
  (void)Fail();
  return false;
}

Status StateReader::Fail() {
  if (status_.ok()) status_ = DataLoss("story state is truncated or corrupt");
  return status_;
}

bool StateReader::Varint(uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= buf_.size()) return Failed();
    const auto b = static_cast<uint8_t>(buf_[pos_++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return Failed();
}

bool StateReader::Signed(int32_t& v) {
  uint64_t u;
  if (!Varint(u)) return false;
  const int64_t x = static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1);
  if (x < INT32_MIN || x > INT32_MAX) return Failed();
  v = static_cast<int32_t>(x);
  return true;
}

bool StateReader::Fixed32(uint32_t& v) {
  if (remaining() < 4) return Failed();
  v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<uint8_t>(buf_[pos_++])) << (8 * i);
  return true;
}

bool StateReader::Float(float& f) {
  uint32_t v;
  if (!Fixed32(v)) return false;
  std::memcpy(&f, &v, sizeof f);
  return true;
}

bool StateReader::String(std::string& s) {
  uint64_t n;
  if (!Varint(n)) return false;
  if (n > remaining()) return Failed();
  s.assign(buf_, pos_, n);
  pos_ += n;
  return true;
}

}  // namespace marsad::stories
