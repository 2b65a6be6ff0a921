#include "marsad/extract/linking/knowledge_base.h"

#include <gtest/gtest.h>

#include "marsad/text/tokenizer.h"

namespace marsad::linking {
namespace {

constexpr const char* kTsv =
    "# test KB\n"
    "GPE\tRussia\tRUS\t\t\t\tروسيا\n"
    "LOC\tNagorno-Karabakh\tAZE\t\t\t\tناغورني كاراباخ|قره باغ\n"
    "PER\tVladimir Putin\tRUS\tGOV\t2000-05-07\t\tفلاديمير بوتين|بوتين\n"
    "ORG\tUnited Nations\t\tIGO\t\t\tالأمم المتحدة\n"
    "ORG\tOSCE\t\tIGO\t\t\tمنظمة الأمن والتعاون في أوروبا\n"
    "LOC\tEurope\t\t\t\t\tأوروبا\n"
    "ORG\tAl Arabiya\tARE\tMED\t\t\t^العربية\n";

TEST(KnowledgeBase, LoadsAndFinds) {
  auto kb = KnowledgeBase::FromTsv(kTsv, "روسي\tRUS\n");
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  const Entity* p = kb->Find("Vladimir_Putin");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->country, "RUS");
  EXPECT_TRUE(p->ValidOn("2020-10-10"));
  EXPECT_FALSE(p->ValidOn("1999-01-01"));
  EXPECT_EQ(kb->Lookup("فلاديمير بوتن").at(0)->name, "Vladimir Putin");  // variant key
  EXPECT_EQ(kb->NisbaCountry("والروسية"), "RUS");
  EXPECT_EQ(kb->NisbaCountry("الروس"), "");
}

TEST(KnowledgeBase, BadRowsAreErrors) {
  EXPECT_FALSE(KnowledgeBase::FromTsv("XYZ\tFoo\t\t\t\t\tفو\n").ok());
  EXPECT_FALSE(KnowledgeBase::FromTsv("PER\tFoo\n").ok());
  EXPECT_FALSE(KnowledgeBase::Load("/nonexistent/kb").ok());
}

TEST(KnowledgeBase, LongestMatchWithProclitics) {
  auto kb = KnowledgeBase::FromTsv(kTsv);
  ASSERT_TRUE(kb.ok());
  std::string text = "وقال بوتين إن منظمة الأمن والتعاون في أوروبا وللأمم المتحدة دور في قره باغ.";
  auto toks = text::Tokenize(text);
  auto ms = kb->MatchTokens(toks, text);
  std::vector<std::string> got;
  for (auto& m : ms) got.push_back(std::string(m.span.In(text)) + "=" + m.candidates.at(0)->name);
  std::vector<std::string> want = {"بوتين=Vladimir Putin", "منظمة الأمن والتعاون في أوروبا=OSCE",
                                   "للأمم المتحدة=United Nations", "قره باغ=Nagorno-Karabakh"};
  EXPECT_EQ(got, want);
}

TEST(KnowledgeBase, RealDataLoads) {
  auto kb = KnowledgeBase::Load(KnowledgeBase::DefaultDir());
  ASSERT_TRUE(kb.ok()) << kb.status().ToString();
  EXPECT_GT(kb->entities().size(), 600u);
  for (const char* n : {"بوتن", "باشنيان", "بيراموف", "زهراب مناتساكانيان", "سيرجي لافروف", "ناغورني قره باغ",
                        "ناجورنو قرة باغ", "كاراباخ", "غروندبيرغ", "غراندبيرج", "جروندبرج", "زيلينيسكي",
                        "عميروف", "عليف", "ترمب", "نتانياهو", "بايدين", "غوتيريش", "جوترز", "غوترز"}) {
    EXPECT_FALSE(kb->Lookup(n).empty()) << n;
  }
  EXPECT_EQ(kb->Lookup("جوترز").at(0)->name, "Antonio Guterres");
  EXPECT_EQ(kb->Lookup("ناجورنو قرة باغ").at(0)->name, "Nagorno-Karabakh");
  EXPECT_EQ(kb->NisbaCountry("الأرمينية"), "ARM");
  EXPECT_EQ(kb->NisbaCountry("القطري"), "QAT");
}

}  // namespace
}  // namespace marsad::linking
