#include "progress.h"

#include <unistd.h>

#include <cstdio>

namespace marsad::cli {

ProgressBar::ProgressBar() {
  enabled_ = isatty(STDERR_FILENO) != 0;
  start_ = last_ = std::chrono::steady_clock::now();
}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(uint64_t done, uint64_t total, int64_t items, const std::string& label) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100) && done < total) return;
  last_ = now;
  drawn_ = true;
  double frac = total ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  if (frac > 1) frac = 1;
  constexpr int kWidth = 30;
  int filled = static_cast<int>(frac * kWidth);
  std::string bar(filled, '#');
  bar += std::string(kWidth - filled, '.');
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? items / secs : 0;
  std::string shown = label.size() > 40 ? "…" + label.substr(label.size() - 39) : label;
  std::fprintf(stderr, "\r\033[K[%s] %3d%%  %lld articles  %.0f/s  %s", bar.c_str(),
               static_cast<int>(frac * 100), static_cast<long long>(items), rate, shown.c_str());
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (enabled_ && drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace marsad::cli
