#include "marsad/ingest/web/html_resources.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "marsad/core/paths.h"

namespace marsad::ingest::web {
namespace {

namespace fs = std::filesystem;

TEST(HtmlResources, ShippedListsLoad) {
  auto r = ReadHtmlResources(DataDir());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->markers.empty());
  // Written as in text, folded on load.
  EXPECT_EQ(r->markers.front().text, FoldForMarkers("اقرأ أيضاً"));
  EXPECT_EQ(r->markers.front().text, "اقرا ايضا");
  EXPECT_TRUE(r->markers.front().related);
  EXPECT_EQ(r->hint_weights.at("sidebar"), -2);
  EXPECT_EQ(r->hint_weights.at("byline"), -1);
  EXPECT_EQ(r->hint_weights.at("article"), 1);
  EXPECT_EQ(r->hint_weights.count("header"), 1u);
  EXPECT_NE(std::find(r->glued_negative.begin(), r->glued_negative.end(), "comment"), r->glued_negative.end());
  EXPECT_TRUE(GetHtmlResources().status.ok());
}

TEST(HtmlResources, ErrorsNameTheFileAndLine) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("marsad_html_res_" + std::to_string(::getpid()));
  fs::create_directories(dir / "lexicons");
  auto missing = ReadHtmlResources(dir.string());
  EXPECT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("html_boilerplate.txt"), std::string::npos) << missing.status().message();
  std::ofstream(dir / "lexicons" / "html_boilerplate.txt") << "# comment\nاقرأ أيضاً\trelated\nشارك\tsometimes\n";
  auto bad_kind = ReadHtmlResources(dir.string());
  EXPECT_FALSE(bad_kind.ok());
  EXPECT_NE(bad_kind.status().message().find("html_boilerplate.txt:3"), std::string::npos)
      << bad_kind.status().message();
  std::ofstream(dir / "lexicons" / "html_boilerplate.txt") << "اقرأ أيضاً\trelated\n";
  std::ofstream(dir / "lexicons" / "html_class_hints.txt") << "sidebar\tstrong\nSide-Bar\tstrong\n";
  auto bad_token = ReadHtmlResources(dir.string());
  EXPECT_FALSE(bad_token.ok());
  EXPECT_NE(bad_token.status().message().find("html_class_hints.txt:2"), std::string::npos)
      << bad_token.status().message();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace marsad::ingest::web
