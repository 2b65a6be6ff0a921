// Fixtures for the serve tests: a temporary store filled through the
// Service's own POST /api/ingest, and a web directory with a secret beside it
// (for traversal attempts). The articles are written for these tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <nlohmann/json.hpp>

namespace marsad::serve::testing {

inline const char* kToken = "test-token-123456";

// One JSONL line per article: two reports of one truce (one spells the
// president بوتن, one writes سيُوقَّع with harakat), an unrelated flood report
// and a hostile one with markup and private-use markers in it.
inline std::string FixtureJsonl() {
  auto line = [](const std::string& id, const std::string& source, const std::string& published,
                 const std::string& text) {
    return nlohmann::json{{"id", id}, {"source", source}, {"published", published}, {"text", text}}.dump() + "\n";
  };
  std::string out;
  out += line("fx-1", "وكالة الرصد", "2020-10-10",
              "وقف إطلاق النار بين أرمينيا وأذربيجان\n"
              "أعلن الرئيس الروسي فلاديمير بوتين أن اتفاق وقف إطلاق النار بين أرمينيا وأذربيجان سيُوقَّع في موسكو "
              "يوم السبت 10 أكتوبر 2020. وقال وزير الخارجية الروسي سيرغي لافروف إن «الطرفين اتفقا على تبادل الأسرى». "
              "وقتل 12 شخصا في القصف على مدينة ستيباناكرت.");
  out += line("fx-2", "صحيفة المرصد", "2020-10-10",
              "أرمينيا وأذربيجان تتفقان على هدنة في موسكو\n"
              "اتفقت أرمينيا وأذربيجان على وقف إطلاق النار في إقليم ناغورني قره باغ اعتبارا من ظهر السبت 10 أكتوبر "
              "2020، بوساطة الرئيس الروسي فلاديمير بوتن. وقالت وزارة الدفاع الأرمينية إن 15 شخصا قتلوا في القصف.");
  out += line("fx-3", "نشرة السيول", "2021-03-05",
              "فيضانات في الخرطوم\nغمرت السيول أحياء واسعة من مدينة الخرطوم في السودان يوم الجمعة 5 مارس 2021، "
              "وأعلنت السلطات إجلاء مئات الأسر من المناطق المنخفضة.");
  out += line("fx-4", "<script>alert(1)</script>", "2021-04-01",
              "خبر <b>عريض</b> عن \xEE\x80\x80 السيول <script>alert(1)</script> في مدينة الخرطوم.");
  return out;
}

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("marsad-serve-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// web/ with index.html, app.js and sub/page.html; secret.txt beside web/;
// web/link -> the parent directory (a symlink out of the root).
inline std::filesystem::path MakeWebDir(const std::filesystem::path& base) {
  namespace fs = std::filesystem;
  const fs::path web = base / "web";
  fs::create_directories(web / "sub");
  std::ofstream(web / "index.html") << "<!doctype html><title>marsad</title>";
  std::ofstream(web / "app.js") << "console.log('hi');";
  std::ofstream(web / "sub" / "page.html") << "sub page";
  std::ofstream(base / "secret.txt") << "TOP SECRET";
  std::error_code ec;
  fs::create_directory_symlink(base, web / "link", ec);
  return web;
}

}  // namespace marsad::serve::testing
