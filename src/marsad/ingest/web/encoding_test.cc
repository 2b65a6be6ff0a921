#include "marsad/ingest/web/encoding.h"

#include <gtest/gtest.h>

#include "marsad/core/utf8.h"
#include "marsad/ingest/web/html_extract.h"
#include "marsad/ingest/web/test_util.h"

namespace marsad::ingest::web {
namespace {

using testing::ReadFixture;

constexpr const char* kPhrase = "هدنة إنسانية في وادي الصفصاف";

TEST(Encoding, NormalizesLabels) {
  EXPECT_EQ(NormalizeCharsetName("UTF8"), "UTF-8");
  EXPECT_EQ(NormalizeCharsetName(" cp1256 "), "windows-1256");
  EXPECT_EQ(NormalizeCharsetName("ISO_8859-6"), "ISO-8859-6");
  EXPECT_EQ(NormalizeCharsetName("latin1"), "windows-1252");
  EXPECT_EQ(NormalizeCharsetName(""), "");
}

TEST(Encoding, SniffsDeclarations) {
  EXPECT_EQ(SniffDeclaredCharset("<html><head><meta charset=\"Windows-1256\">"), "windows-1256");
  EXPECT_EQ(SniffDeclaredCharset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\">"),
            "iso-8859-6");
  EXPECT_EQ(SniffDeclaredCharset("<?xml version=\"1.0\" encoding='windows-1256'?><rss>"), "windows-1256");
  EXPECT_EQ(SniffDeclaredCharset("<html><body>no declaration</body></html>"), "");
  EXPECT_EQ(CharsetFromContentType("text/html; Charset=\"UTF-8\""), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
}

TEST(Encoding, WrongUtf8DeclarationFallsBackToDetection) {
  const std::string bytes = ReadFixture("cp1256_declares_utf8.html");
  ASSERT_FALSE(bytes.empty());
  ASSERT_FALSE(utf8::IsValid(bytes));
  auto r = DecodeToUtf8(bytes);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->charset, "windows-1256");
  EXPECT_EQ(r->decided_by, "detected");
  ASSERT_FALSE(r->warnings.empty());
  EXPECT_NE(r->warnings[0].find("declared UTF-8"), std::string::npos);
  EXPECT_NE(r->utf8.find(kPhrase), std::string::npos);
  EXPECT_TRUE(utf8::IsValid(r->utf8));
}

TEST(Encoding, Iso8859_6Declared) {
  auto r = DecodeToUtf8(ReadFixture("iso8859_6.html"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->charset, "ISO-8859-6");
  EXPECT_EQ(r->decided_by, "meta");
  EXPECT_TRUE(r->warnings.empty());
  EXPECT_NE(r->utf8.find(kPhrase), std::string::npos);
}

TEST(Encoding, Windows1256Undeclared) {
  auto r = DecodeToUtf8(ReadFixture("cp1256_undeclared.html"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->charset, "windows-1256");
  EXPECT_EQ(r->decided_by, "detected");
  EXPECT_NE(r->utf8.find(kPhrase), std::string::npos);
}

TEST(Encoding, Utf16WithBom) {
  for (const char* name : {"utf16le_bom.html", "utf16be_bom.html"}) {
    auto r = DecodeToUtf8(ReadFixture(name));
    ASSERT_TRUE(r.ok()) << name;
    EXPECT_EQ(r->decided_by, "bom") << name;
    EXPECT_NE(r->utf8.find(kPhrase), std::string::npos) << name;
    EXPECT_EQ(r->utf8.find("\xEF\xBB\xBF"), std::string::npos);
  }
}

TEST(Encoding, HttpCharsetBeatsMeta) {
  // The bytes are windows-1256; the page claims ISO-8859-6, the server knows better.
  std::string bytes = ReadFixture("cp1256_undeclared.html");
  bytes.insert(0, "<meta charset=\"iso-8859-6\">");
  auto r = DecodeToUtf8(bytes, "windows-1256");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->charset, "windows-1256");
  EXPECT_EQ(r->decided_by, "http");
}

TEST(Encoding, Utf8DeclaredSingleByteIsCaught) {
  const std::string page = "<meta charset=\"windows-1256\"><p>" + std::string(kPhrase) + "</p>";
  auto r = DecodeToUtf8(page);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->charset, "UTF-8");
  EXPECT_FALSE(r->warnings.empty());
  EXPECT_NE(r->utf8.find(kPhrase), std::string::npos);
}

TEST(Encoding, BomBeatsDeclaration) {
  auto r = DecodeToUtf8("\xEF\xBB\xBF<meta charset=\"windows-1256\"><p>\xD8\xB3</p>");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->decided_by, "bom");
  EXPECT_EQ(r->utf8, "<meta charset=\"windows-1256\"><p>\xD8\xB3</p>");
}

TEST(Encoding, GarbageNeverFails) {
  std::string junk;
  for (int i = 0; i < 3000; ++i) junk.push_back(static_cast<char>((i * 7919) & 0xFF));
  auto r = DecodeToUtf8(junk);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(utf8::IsValid(r->utf8));
}

TEST(Encoding, EncodedPagesExtract) {
  Article a;
  ASSERT_TRUE(ReadHtmlArticle(ReadFixture("iso8859_6.html"), {}, a).ok());
  EXPECT_EQ(a.title, "هدنة إنسانية في وادي الصفصاف تدخل حيز التنفيذ ظهر السبت");
  EXPECT_EQ(a.language, "ar");
  Article b;
  ASSERT_TRUE(ReadHtmlArticle(ReadFixture("cp1256_declares_utf8.html"), {}, b).ok());
  EXPECT_EQ(b.title, a.title);
  ASSERT_FALSE(b.warnings.empty());
  EXPECT_NE(b.text.find("وإجلاء الجرحى"), std::string::npos);
}

}  // namespace
}  // namespace marsad::ingest::web
