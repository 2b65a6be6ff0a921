// Small helpers shared by the fuzz targets. A fuzz target is a file
// <name>_fuzz.cc defining LLVMFuzzerTestOneInput; it is built twice: with
// clang + libFuzzer (fuzz/CMakeLists.txt, `make fuzz`) and with the normal
// compiler linked to replay_main.cc (tests/CMakeLists.txt), so `make test`
// replays every seed corpus without clang.
//
// FUZZ_CHECK aborts on a broken invariant (libFuzzer reports abort() as a
// crash and saves the input); it is active in release builds too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(cond)                                                            \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

namespace marsad::fuzz {

inline std::string_view AsView(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Splits off the first byte as a selector (0 when empty), so one target can
// drive several entry points or options from the same input.
inline uint8_t TakeSelector(std::string_view& in) {
  if (in.empty()) return 0;
  const uint8_t s = static_cast<uint8_t>(in.front());
  in.remove_prefix(1);
  return s;
}

}  // namespace marsad::fuzz
