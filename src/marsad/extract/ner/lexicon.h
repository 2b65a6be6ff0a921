// The word lists the NER features consult: trigger words (titles, heads of
// organisation and place names: data/lexicons/ner_triggers.txt), the
// gazetteer of names (data/models/ner_gazetteer.txt, compiled by
// `marsad train ner` from ANERGazet) and word clusters
// (data/models/ner_clusters.txt, built by the same command from raw text).
// All are part of the feature extractor's fingerprint. Immutable after
// loading; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/extract/ner/bio.h"
#include "marsad/extract/ner/phrase_matcher.h"

namespace marsad::ner {

// The data directory: $MARSAD_DATA if set, else the source tree's data/.
std::string DefaultDataDir();
inline constexpr const char* kTriggersFile = "lexicons/ner_triggers.txt";
inline constexpr const char* kGazetteerFile = "models/ner_gazetteer.txt";
inline constexpr const char* kClustersFile = "models/ner_clusters.txt";
inline constexpr const char* kWordsFile = "models/ner_words.txt";

// Gazetteer labels: chunk type index (bio.h) for ANERGazet / hunspell names,
// plus this for the hand-curated names (data/lexicons/ner_names.tsv).
inline constexpr int kCuratedGazetteerLabel = 4;

// Key of a token for phrase matching: hash of its form (norm if form is empty).
uint64_t FormKey(const Token& token);

class NerLexicon {
 public:
  // Triggers: lines "CLASS<TAB>phrase"; gazetteer: lines "TYPE<TAB>name"
  // with TYPE in PER, ORG, LOC, MISC. '#' starts a comment line.
  // Clusters: lines "form<TAB>coarse<TAB>fine" (optional: an empty path or
  // content means no clusters).
  // Words: common (non-name) words, one a line, normalized (optional too).
  static StatusOr<NerLexicon> Load(const std::string& triggers_path, const std::string& gazetteer_path,
                                   const std::string& clusters_path = "", const std::string& words_path = "");
  static StatusOr<NerLexicon> Parse(std::string_view triggers, std::string_view gazetteer,
                                    std::string_view clusters = {}, std::string_view words = {});
  // Loads both files from a data directory ("" = DefaultDataDir()).
  static StatusOr<NerLexicon> LoadFromDataDir(const std::string& data_dir);

  const PhraseMatcher& triggers() const { return triggers_; }
  const PhraseMatcher& gazetteer() const { return gazetteer_; }  // labels = chunk type index
  const std::vector<std::string>& trigger_classes() const { return trigger_classes_; }
  // Cluster of a form key (FormKey): coarse << 16 | fine, or kNoCluster.
  static constexpr uint32_t kNoCluster = 0xFFFFFFFFu;
  uint32_t ClusterOf(uint64_t form_key) const {
    auto it = clusters_.find(form_key);
    return it == clusters_.end() ? kNoCluster : it->second;
  }
  size_t num_clustered_words() const { return clusters_.size(); }
  // Whether a hash (HashBytes) of a normalized word is a common word of the
  // language (a dictionary entry that is not a name).
  bool IsCommonWord(uint64_t key) const { return common_words_.count(key) != 0; }
  size_t num_common_words() const { return common_words_.size(); }
  // Hash of both lists' contents, for the model fingerprint.
  uint64_t content_hash() const { return content_hash_; }

 private:
  PhraseMatcher triggers_;
  PhraseMatcher gazetteer_;
  std::vector<std::string> trigger_classes_;
  std::unordered_map<uint64_t, uint32_t> clusters_;
  std::unordered_set<uint64_t> common_words_;
  uint64_t content_hash_ = 0;
};

// Reads a whole file; NotFound / IoError with the path in the message.
StatusOr<std::string> ReadFileToString(const std::string& path);

}  // namespace marsad::ner
