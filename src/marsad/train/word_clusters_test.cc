#include "marsad/train/word_clusters.h"

#include <gtest/gtest.h>

namespace marsad::train {
namespace {

// Texts written for this test: two slots (a name after "قال" and a city
// after "في") filled by different words.
std::vector<std::string> Texts() {
  const char* names[] = {"سامي", "ليلى", "كريم", "هدى"};
  const char* cities[] = {"عمان", "بيروت", "تونس", "دمشق"};
  std::vector<std::string> texts;
  for (int rep = 0; rep < 4; ++rep) {
    for (int i = 0; i < 4; ++i) {
      texts.push_back(std::string("قال ") + names[i] + " أمس في " + cities[(i + rep) % 4] + " اليوم");
    }
  }
  return texts;
}

int FineOf(const std::vector<WordCluster>& c, const std::string& form) {
  for (const WordCluster& w : c) {
    if (w.form == form) return w.fine;
  }
  return -1;
}

TEST(WordClusters, SameSlotSameClusterAndDeterministic) {
  WordClusterOptions o;
  o.coarse_k = 2;
  o.fine_k = 4;
  o.min_count = 2;
  const std::vector<WordCluster> a = BuildWordClusters(Texts(), o);
  ASSERT_FALSE(a.empty());
  EXPECT_EQ(FineOf(a, "سامي"), FineOf(a, "كريم"));
  EXPECT_EQ(FineOf(a, "عمان"), FineOf(a, "دمشق"));
  EXPECT_NE(FineOf(a, "سامي"), FineOf(a, "عمان"));
  const std::vector<WordCluster> b = BuildWordClusters(Texts(), o);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].form, b[i].form);
    EXPECT_EQ(a[i].fine, b[i].fine);
    EXPECT_EQ(a[i].coarse, b[i].coarse);
  }
  EXPECT_TRUE(BuildWordClusters({}, o).empty());
}

}  // namespace
}  // namespace marsad::train
