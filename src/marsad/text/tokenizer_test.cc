#include "marsad/text/tokenizer.h"

#include <gtest/gtest.h>

#include <random>

namespace marsad::text {
namespace {

std::vector<std::string> Surfaces(std::string_view text, const std::vector<Token>& toks) {
  std::vector<std::string> out;
  for (const Token& t : toks) out.emplace_back(t.span.In(text));
  return out;
}

const Token* Find(std::string_view text, const std::vector<Token>& toks, std::string_view surface) {
  for (const Token& t : toks)
    if (t.span.In(text) == surface) return &t;
  return nullptr;
}

TEST(TokenizerTest, WordsKeepMarksTatweelAndZeroWidthInside) {
  const std::string text = "زار مصــر وَفدٌ من بو\u200Dتين\u200F اليوم";
  auto toks = Tokenize(text);
  EXPECT_EQ(Surfaces(text, toks),
            (std::vector<std::string>{"زار", "مصــر", "وَفدٌ", "من", "بو\u200Dتين", "اليوم"}));
  EXPECT_EQ(toks[1].norm, "مصر");
  EXPECT_EQ(toks[4].norm, "بوتين");
  EXPECT_EQ(toks[4].kind, TokenKind::kWord);
}

TEST(TokenizerTest, NumbersWithSeparatorsAreOneToken) {
  const std::string text = "قتل 1,000 و12.5 و١٢٬٥ و12,00 في 2020م.";
  auto toks = Tokenize(text);
  for (std::string_view num : {"1,000", "12.5", "١٢٬٥", "12,00", "2020"}) {
    const Token* t = Find(text, toks, num);
    ASSERT_NE(t, nullptr) << num;
    EXPECT_EQ(t->kind, TokenKind::kNumber) << num;
  }
  EXPECT_EQ(Find(text, toks, "١٢٬٥")->norm, "12,5");
  // The trailing full stop is punctuation, not part of a number.
  EXPECT_EQ(toks.back().span.In(text), ".");
  EXPECT_EQ(toks.back().kind, TokenKind::kPunct);
}

TEST(TokenizerTest, PunctuationAndLatin) {
  const std::string text = "قال: «نعم»، “OSCE” F16؛ هل؟ ... !";
  auto toks = Tokenize(text);
  EXPECT_EQ(Surfaces(text, toks), (std::vector<std::string>{"قال", ":", "«", "نعم", "»", "،", "“", "OSCE", "”",
                                                            "F16", "؛", "هل", "؟", "...", "!"}));
  EXPECT_EQ(toks[7].kind, TokenKind::kLatin);
  EXPECT_EQ(toks[7].norm, "osce");
  EXPECT_EQ(toks[2].kind, TokenKind::kPunct);
}

TEST(TokenizerTest, ProcliticsAndPrefixBytes) {
  const std::string text = "لأذربيجان والولايات للأمم بالقدس وقال الرئيس لبنان ألمانيا";
  auto toks = Tokenize(text);
  ASSERT_EQ(toks.size(), 8u);
  auto after_prefix = [&](const Token& t) {
    return std::string(text.substr(t.span.begin + t.prefix_bytes, t.span.size() - t.prefix_bytes));
  };
  EXPECT_EQ(after_prefix(toks[0]), "أذربيجان");
  EXPECT_EQ(toks[0].form, "اذربيجان");
  EXPECT_EQ(toks[0].prefixes, "ل");
  EXPECT_EQ(after_prefix(toks[1]), "الولايات");
  EXPECT_EQ(toks[1].form, "ولايات");
  EXPECT_EQ(toks[1].prefixes, "وال");
  EXPECT_EQ(after_prefix(toks[2]), "للأمم");  // kept whole
  EXPECT_EQ(toks[2].form, "امم");
  EXPECT_EQ(toks[2].prefixes, "لل");
  EXPECT_EQ(after_prefix(toks[3]), "القدس");
  EXPECT_EQ(toks[3].form, "قدس");
  EXPECT_EQ(toks[4].form, "قال");
  EXPECT_EQ(toks[5].form, "رييس");
  EXPECT_EQ(toks[5].prefix_bytes, 0);
  EXPECT_EQ(toks[6].form, "لبنان");
  EXPECT_TRUE(toks[6].prefixes.empty());
  EXPECT_EQ(toks[7].form, "المانيا");  // أل is not the article
}

TEST(TokenizerTest, ExceptionListsProtectRootInitialLetters) {
  const std::string text = "بموسكو وكالة لجنة وزيرة كتابات بيان وبيان ولبنان بالغة";
  auto toks = Tokenize(text);
  std::vector<std::string> forms;
  for (const Token& t : toks) forms.push_back(t.form);
  EXPECT_EQ(forms, (std::vector<std::string>{"موسكو", "وكاله", "لجنه", "وزيره", "كتابات", "بيان", "بيان", "لبنان",
                                             "بالغه"}));
}

TEST(TokenizerTest, PrefixBytesCoverHarakatOfTheClitic) {
  const std::string text = "وَالولايات";
  auto toks = Tokenize(text);
  ASSERT_EQ(toks.size(), 1u);
  EXPECT_EQ(text.substr(toks[0].prefix_bytes), "الولايات");
}

TEST(TokenizerTest, StemsAreFilled) {
  const std::string text = "والرئيس رئيس";
  auto toks = Tokenize(text);
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_FALSE(toks[0].stem.empty());
  EXPECT_EQ(toks[0].stem, toks[1].stem);
}

TEST(TokenizerTest, SentencesSplitAtTerminatorsAndNewlines) {
  const std::string text =
      "وقع الطرفان الاتفاق في 10.10.2020. وبدأ سريانه ظهراً! هل يصمد؟ قال د. أحمد إن الهدنة هشة\n"
      "عنوان بلا نقطة\n\nفقرة ثانية…";
  Article a;
  a.text = text;
  Analyze(a);
  std::vector<std::string> sents;
  for (const Sentence& s : a.sentences) sents.emplace_back(s.span.In(text));
  EXPECT_EQ(sents, (std::vector<std::string>{"وقع الطرفان الاتفاق في 10.10.2020.", "وبدأ سريانه ظهراً!", "هل يصمد؟",
                                             "قال د. أحمد إن الهدنة هشة", "عنوان بلا نقطة", "فقرة ثانية…"}));
  // Token ranges tile the token list.
  uint32_t next = 0;
  for (const Sentence& s : a.sentences) {
    EXPECT_EQ(s.first_token, next);
    EXPECT_LT(s.first_token, s.end_token);
    next = s.end_token;
  }
  EXPECT_EQ(next, a.tokens.size());
}

TEST(TokenizerTest, QuotesKeepTheirSentencesTogether) {
  const std::string text = "قال الوزير: «نحن مستعدون. لن نتراجع!» ثم غادر. وانتهى اللقاء.";
  auto toks = Tokenize(text);
  auto sents = SplitSentences(text, toks);
  ASSERT_EQ(sents.size(), 3u);
  EXPECT_EQ(sents[0].span.In(text), "قال الوزير: «نحن مستعدون. لن نتراجع!»");
  EXPECT_EQ(sents[1].span.In(text), "ثم غادر.");
  EXPECT_EQ(sents[2].span.In(text), "وانتهى اللقاء.");
}

TEST(TokenizerTest, ClosingQuoteStaysWithItsSentence) {
  const std::string text = "وقال: \"انتهى الأمر.\" ثم صمت.";
  auto sents = SplitSentences(text, Tokenize(text));
  ASSERT_EQ(sents.size(), 2u);
  EXPECT_EQ(sents[0].span.In(text), "وقال: \"انتهى الأمر.\"");
}

TEST(TokenizerTest, EmptyAndBadInputDoNotCrash) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(SplitSentences("", {}).empty());
  EXPECT_TRUE(Tokenize(" \n\t\u200B ").empty());
  std::mt19937 rng(7);
  for (int iter = 0; iter < 2000; ++iter) {
    std::string s;
    const int len = static_cast<int>(rng() % 32);
    for (int i = 0; i < len; ++i) s.push_back(static_cast<char>(rng() % 256));
    if (iter % 2) s += "والكتاب «١٢٬٥». ";
    auto toks = Tokenize(s);
    for (const Token& t : toks) {
      ASSERT_LT(t.span.begin, t.span.end);
      ASSERT_LE(t.span.end, s.size());
      ASSERT_LE(t.prefix_bytes, t.span.size());
    }
    auto sents = SplitSentences(s, toks);
    for (const Sentence& st : sents) ASSERT_LE(st.end_token, toks.size());
  }
}

}  // namespace
}  // namespace marsad::text
