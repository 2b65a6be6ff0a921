// The runtime named-entity tagger: an averaged-perceptron sequence model over
// hashed features (FeatureExtractor) with BIO-constrained Viterbi decoding,
// tagging PER, ORG, LOC and MISC over Article::tokens sentence by sentence.
// Knowledge-base matches, when a KnowledgeBase is given, are features (the
// linker, not the tagger, decides LOC vs GPE and the entity).
//
// Thread-safe after Load: Tag is const and keeps its scratch per thread.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/extract/ner/feature_extractor.h"
#include "marsad/extract/ner/lexicon.h"
#include "marsad/extract/ner/model.h"

namespace marsad::linking {
class KnowledgeBase;
}

namespace marsad::ner {

// Default model path: <data dir>/models/ner.bin.
std::string DefaultModelPath();
// The gazetteer that goes with a model: ner_gazetteer.txt in its directory.
std::string GazetteerPathFor(const std::string& model_path);
// The word clusters that go with a model: ner_clusters.txt in its directory.
std::string ClustersPathFor(const std::string& model_path);
// The common-word list that goes with a model: ner_words.txt in its directory.
std::string WordsPathFor(const std::string& model_path);
// The lexicons a model at `model_path` runs with (the clusters file is used
// when present).
StatusOr<NerLexicon> LoadLexiconFor(const std::string& model_path, const std::string& data_dir = "");

// Knowledge-base matches over tokens (label = chunk type index; GPE -> LOC).
std::vector<PhraseMatch> KbMatches(const linking::KnowledgeBase* kb, const std::vector<Token>& tokens,
                                   std::string_view text);

// Document-level consistency: an untagged repeat (same forms) of a chunk
// tagged elsewhere in the same document takes that chunk's type, when the
// document gives the forms one type only. `tags` covers tokens[0, n).
// With a lexicon that has common words, the surname of a 2-3-word PER chunk
// is propagated alone too (not when it is a common word).
void PropagateInDocument(const Token* tokens, size_t n, std::vector<int>* tags,
                         const NerLexicon* lexicon = nullptr);

class Tagger {
 public:
  // Loads the model at `model_path` ("" = DefaultModelPath()), the
  // gazetteer beside it (ner_gazetteer.txt, compiled with the model) and the
  // trigger list of `data_dir` ("" = DefaultDataDir()). `kb` may be null and
  // must outlive the tagger. FailedPrecondition when the model was trained
  // behind another feature extractor.
  static StatusOr<std::unique_ptr<Tagger>> Load(const std::string& model_path,
                                                const linking::KnowledgeBase* kb,
                                                const std::string& data_dir = "");
  // For tests and training: a tagger from parts already in memory.
  static std::unique_ptr<Tagger> FromParts(NerLexicon lexicon, NerModel model,
                                           const linking::KnowledgeBase* kb);

  // Entity mentions of the article (spans without proclitics of the first
  // token), in text order.
  std::vector<Mention> Tag(const Article& article) const;

  // Tag ids (bio.h) of tokens [0, n) of one document made of the sentences
  // `ranges` ([first, end) token indices, ascending, not overlapping), with
  // `kb_matches` relative to tokens[0]: document evidence, pass 1, the
  // stacked pass 2 when the model has one, then PropagateInDocument.
  // `margins` (optional) receives per token the emission margin of the
  // chosen tag over the best other one (0 for tokens relabelled by
  // propagation). Tokens outside every range are O.
  void TagDocument(const Token* tokens, size_t n, const std::vector<std::pair<uint32_t, uint32_t>>& ranges,
                   const std::vector<PhraseMatch>& kb_matches, std::vector<int>* tags,
                   std::vector<float>* margins = nullptr) const;

  // Tag ids (bio.h) of tokens [0, n) taken as one sentence (pass 1 only), with
  // `kb_matches` relative to tokens[0]; `doc` (optional) is the evidence of
  // the document the sentence belongs to (FeatureExtractor::AddToDocContext).
  void TagTokens(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches,
                 std::vector<int>* tags, const DocContext* doc = nullptr) const;

  const FeatureExtractor& extractor() const { return extractor_; }
  const NerModel& model() const { return model_; }

 private:
  Tagger(NerLexicon lexicon, NerModel model, const linking::KnowledgeBase* kb)
      : lexicon_(std::move(lexicon)), extractor_(lexicon_), model_(std::move(model)), kb_(kb) {}

  NerLexicon lexicon_;
  FeatureExtractor extractor_;  // refers to lexicon_
  NerModel model_;
  const linking::KnowledgeBase* kb_;
};

}  // namespace marsad::ner
