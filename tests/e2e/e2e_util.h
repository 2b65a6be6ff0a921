// Shared helpers for the end-to-end tests of the marsad CLI: run the binary
// (MARSAD_BIN, defined by the test target) as a user would, write input files,
// and give each test a fresh temporary folder. Header-only; not thread-safe
// (each test runs the binary from its own process).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

namespace marsad::e2e {

namespace fs = std::filesystem;

// What one run of the binary returned.
struct CmdResult {
  int code = -1;     // exit code; -1 when it did not exit normally
  std::string out;   // stdout and stderr together
};

// Runs `MARSAD_BIN args` through the shell and collects its output.
inline CmdResult Marsad(const std::string& args) {
  std::string cmd = std::string(MARSAD_BIN) + " " + args + " 2>&1";
  CmdResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Writes `data` to `p`, creating its parent folders.
inline void Write(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << data;
}

// Fixture with a fresh folder per test, <tmp>/<prefix><pid>-<test name>,
// removed afterwards; the pid keeps parallel ctest runs apart.
class TempDirTest : public ::testing::Test {
 protected:
  explicit TempDirTest(std::string prefix) : prefix_(std::move(prefix)) {}
  void SetUp() override {
    dir_ = fs::temp_directory_path() / (prefix_ + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Db() const { return (dir_ / "store.db").string(); }
  fs::path dir_;

 private:
  std::string prefix_;
};

}  // namespace marsad::e2e
