// Unsupervised word clusters for the NER features: words (token forms) that
// occur in similar contexts fall in one cluster, so a name never seen in the
// labelled data still shares weights with names seen in the same slots.
// Method: each word of count >= min_count is a vector of its left and right
// neighbours (the `context_words` most frequent forms; sqrt counts, L2
// normalized), clustered by spherical k-means twice (coarse and fine k),
// deterministic (seeded by frequency order; no randomness).
//
// Output: "form<TAB>coarse<TAB>fine" lines, read by ner::NerLexicon.
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <vector>

#include "marsad/core/status.h"

namespace marsad::train {

struct WordClusterOptions {
  int coarse_k = 64;
  int fine_k = 256;
  int min_count = 3;
  int context_words = 1000;
  int iterations = 12;
};

// Cluster ids of each word: (form, coarse, fine), sorted by form.
struct WordCluster {
  std::string form;
  int coarse = 0;
  int fine = 0;
};

// `texts` are raw texts (any length); they are tokenized with text::Tokenize
// and clustered on token forms.
std::vector<WordCluster> BuildWordClusters(const std::vector<std::string>& texts,
                                           const WordClusterOptions& options = {});

// Writes the clusters file (with a header naming `sources`).
Status WriteWordClusters(const std::vector<WordCluster>& clusters, const std::string& sources,
                         const std::string& out_path);

}  // namespace marsad::train
