#include "marsad/extract/ner/tagger.h"

#include <gtest/gtest.h>

#include "marsad/text/tokenizer.h"

namespace marsad::ner {
namespace {

TEST(PropagateInDocument, LabelsUntaggedRepeatsAndKeepsBioValid) {
  const std::vector<Token> tokens = text::Tokenize("فاز فريق الترسانة ثم قال مدرب الترسانة وسامي النجار");
  ASSERT_EQ(tokens.size(), 9u);
  std::vector<int> tags(tokens.size(), kTagO);
  tags[2] = BeginTag(1);  // الترسانة ORG
  PropagateInDocument(tokens.data(), tokens.size(), &tags);
  EXPECT_EQ(tags[6], BeginTag(1));
  EXPECT_EQ(tags[7], kTagO);
  EXPECT_TRUE(IsValidBio(tags));
}

TEST(PropagateInDocument, SkipsConflictingTypes) {
  const std::vector<Token> tokens = text::Tokenize("الترسانة الترسانة الترسانة");
  std::vector<int> tags = {BeginTag(1), BeginTag(2), kTagO};
  PropagateInDocument(tokens.data(), tokens.size(), &tags);
  EXPECT_EQ(tags[2], kTagO);
}

}  // namespace
}  // namespace marsad::ner
