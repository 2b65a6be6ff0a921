#include "marsad/core/paths.h"

#include <cstdlib>
#include <filesystem>

namespace marsad {

std::string DataDir() {
  if (const char* env = std::getenv("MARSAD_DATA"); env && *env) return env;
#ifdef MARSAD_SOURCE_DIR
  std::filesystem::path compiled = std::filesystem::path(MARSAD_SOURCE_DIR) / "data";
  std::error_code ec;
  if (std::filesystem::is_directory(compiled, ec)) return compiled.string();
#endif
  return "data";
}

}  // namespace marsad
