#include "marsad/store/fts_tokenizer.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "marsad/text/tokenizer.h"

namespace marsad::store {
namespace {

struct Term {
  std::string text;
  uint32_t begin, end;
  bool colocated;
};

std::vector<Term> Terms(std::string_view text) {
  std::vector<Term> out;
  ForEachFtsTerm(text::Tokenize(text), [&](std::string_view t, uint32_t b, uint32_t e, bool c) {
    out.push_back({std::string(t), b, e, c});
  });
  return out;
}

TEST(FtsTerms, OffsetsPointAtOriginalSurface) {
  const std::string text = "قال والرئيسُ: سيُوقَّع!";
  const auto terms = Terms(text);
  ASSERT_FALSE(terms.empty());
  EXPECT_FALSE(terms.front().colocated);  // the first term can never be colocated
  for (const Term& t : terms) {
    ASSERT_LE(t.end, text.size());
    const std::string surface = text.substr(t.begin, t.end - t.begin);
    EXPECT_EQ(surface.find(':'), std::string::npos) << surface;
    EXPECT_EQ(surface.find('!'), std::string::npos) << surface;
  }
  // The clitic-bearing surface keeps its full span (so highlights cover it)
  // while its term is clitic-free.
  bool found = false;
  for (const Term& t : terms) {
    if (text.substr(t.begin, t.end - t.begin) == "والرئيسُ") {
      found = true;
      EXPECT_EQ(t.text.find("وال"), std::string::npos) << t.text;
    }
  }
  EXPECT_TRUE(found);
}

TEST(FtsTerms, PunctuationOnlyYieldsNothing) {
  EXPECT_TRUE(Terms("،؛ ... !!! «» () *").empty());
  EXPECT_TRUE(Terms("").empty());
}

TEST(FtsTerms, HarakatDoNotChangeTerms) {
  auto strip = [](std::vector<Term> v) {
    std::vector<std::pair<std::string, bool>> out;
    for (auto& t : v) out.emplace_back(t.text, t.colocated);
    return out;
  };
  EXPECT_EQ(strip(Terms("سيُوقَّعُ الاتفاقُ")), strip(Terms("سيوقع الاتفاق")));
}

TEST(FtsTerms, QueryModeEmitsOneTermPerWordFromTheDocumentTerms) {
  const auto tokens = text::Tokenize("سيوقع والرئيس الاتفاق");
  std::vector<std::pair<std::string, bool>> doc, query;
  ForEachFtsTerm(tokens, [&](std::string_view t, uint32_t, uint32_t, bool c) { doc.emplace_back(t, c); });
  ForEachFtsTerm(tokens, [&](std::string_view t, uint32_t, uint32_t, bool c) { query.emplace_back(t, c); }, true);
  ASSERT_EQ(query.size(), 3u);
  for (const auto& [term, colocated] : query) {
    EXPECT_FALSE(colocated);
    // Every query term is one of the terms the same word is indexed under.
    const bool indexed = std::any_of(doc.begin(), doc.end(), [&](const auto& d) { return d.first == term; });
    EXPECT_TRUE(indexed) << term;
  }
}

TEST(FtsTokenizer, FingerprintIsStable) {
  EXPECT_EQ(FtsTokenizer::Fingerprint(), FtsTokenizer::Fingerprint());
  EXPECT_EQ(FtsTokenizer::Fingerprint().rfind("v1-", 0), 0u);
}

TEST(BuildMatchExpression, QuotesEveryWord) {
  EXPECT_EQ(BuildMatchExpression("الرئيس يوقع"), "\"الرئيس\" \"يوقع\"");
  EXPECT_EQ(BuildMatchExpression("  "), "");
  EXPECT_EQ(BuildMatchExpression(""), "");
}

TEST(BuildMatchExpression, OperatorsBecomeWordsOrVanish) {
  EXPECT_EQ(BuildMatchExpression("NEAR(a b)"), "\"NEAR\" \"a\" \"b\"");
  EXPECT_EQ(BuildMatchExpression("a OR b"), "\"a\" \"OR\" \"b\"");
  EXPECT_EQ(BuildMatchExpression("*"), "");
  EXPECT_EQ(BuildMatchExpression(")))"), "");
  EXPECT_EQ(BuildMatchExpression("\""), "");
  EXPECT_EQ(BuildMatchExpression("^title:x"), "\"title\" \"x\"");
}

TEST(BuildMatchExpression, QuotedWordsFormAPhrase) {
  EXPECT_EQ(BuildMatchExpression("\"وقف إطلاق النار\" الدوحة"), "\"وقف إطلاق النار\" \"الدوحة\"");
  // A lone quote does not open a phrase.
  EXPECT_EQ(BuildMatchExpression("\"وقف إطلاق"), "\"وقف\" \"إطلاق\"");
  // Two phrases stay two phrases.
  EXPECT_EQ(BuildMatchExpression("\"a b\" \"c d\""), "\"a b\" \"c d\"");
}

TEST(BuildMatchExpression, QuotesAreBalancedForAnyInput) {
  const char* inputs[] = {"\"\"\"", "a\"b\"c\"", "'; DROP TABLE articles; --", "\xff\xfe\x80", "NEAR(\"a\" \"b\", 2)",
                          "-x +y", "a AND NOT b", "{title text}: x", "\"\xd9\"", "x\"y"};
  for (const char* in : inputs) {
    const std::string m = BuildMatchExpression(in);
    size_t quotes = 0;
    for (char c : m) quotes += c == '"';
    EXPECT_EQ(quotes % 2, 0u) << in << " -> " << m;
  }
}

TEST(BuildMatchExpression, NulNeverReachesTheExpression) {
  // A NUL ends FTS5's parse of the expression: it becomes a word break.
  using namespace std::string_literals;
  EXPECT_EQ(BuildMatchExpression("مقف إطلاق \0م\0النار"s).find('\0'), std::string::npos);
  EXPECT_EQ(BuildMatchExpression("ab\0cd"s).find('\0'), std::string::npos);
  EXPECT_EQ(BuildMatchExpression("\"a\0b\" c"s).find('\0'), std::string::npos);
}

TEST(BuildMatchExpression, CapsTheNumberOfTerms) {
  std::string many;
  for (int i = 0; i < 100; ++i) many += "كلمة" + std::to_string(i) + " ";
  const std::string m = BuildMatchExpression(many, 8);
  size_t quotes = 0;
  for (char c : m) quotes += c == '"';
  EXPECT_EQ(quotes, 16u);
}

}  // namespace
}  // namespace marsad::store
