// Helpers for the web-ingest tests (fixtures live in tests/data/web).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace marsad::ingest::web::testing {

inline std::string FixturePath(const std::string& name) {
  return std::string(MARSAD_SOURCE_DIR) + "/tests/data/web/" + name;
}

inline std::string ReadFixture(const std::string& name) {
  std::ifstream f(FixturePath(name), std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace marsad::ingest::web::testing
