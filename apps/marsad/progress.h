// A progress bar on a terminal (stderr), nothing when stderr is not one.
// Redraws at most ten times a second so it costs nothing on fast runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace marsad::cli {

class ProgressBar {
 public:
  ProgressBar();
  ~ProgressBar();
  // done/total in any unit (bytes); `items` counts articles for the rate.
  void Update(uint64_t done, uint64_t total, int64_t items, const std::string& label);
  void Finish();
  bool enabled() const { return enabled_; }

 private:
  bool enabled_ = false;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace marsad::cli
