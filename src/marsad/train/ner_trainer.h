// Trains the NER tagger (ner::Tagger): an averaged structured perceptron
// over the runtime feature extractor, with BIO-constrained Viterbi decoding,
// on a CoNLL file (ANERcorp). Reproducible: fixed seed, one thread.
//
// Dev split: the LAST round(n * dev_fraction) sentences of the data are held
// out (DevSplitIndex); the model is trained on the rest and scored on them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "marsad/core/status.h"
#include "marsad/extract/ner/tagger.h"
#include "marsad/train/conll.h"
#include "marsad/train/ner_eval.h"

namespace marsad::train {

// Where the shared training data sits beside a clone: <source>/../shared/data.
std::string DefaultSharedDataDir();

struct NerTrainOptions {
  std::string data_path;      // CoNLL training file ("" = <shared>/anercorp/train.txt)
  std::string out_path;       // model ("" = ner::DefaultModelPath())
  // ANERGazet lists to compile into <out dir>/ner_gazetteer.txt; when the
  // folder is missing the existing compiled gazetteer is used as it is.
  std::string gazetteer_dir;  // "" = <shared>/anercorp/gazetteer
  std::string data_dir;       // lexicons ("" = ner::DefaultDataDir())
  std::string dev_out;        // when set, the dev split is written there
  int epochs = 8;
  double dev_fraction = 0.1;
  uint64_t seed = 20240501;
  int rows_log2 = 20;
  float cost = 1.0f;       // margin for wrong tags in cost-augmented decoding
  float miss_cost = 2.0f;  // margin for O where the gold has an entity
  const linking::KnowledgeBase* kb = nullptr;  // KB-match features when given
  std::function<void(const std::string&)> log;  // progress lines (may be empty)
};

struct NerTrainReport {
  size_t train_sentences = 0;
  size_t dev_sentences = 0;
  size_t train_tokens = 0;
  double seconds = 0;
  size_t model_bytes = 0;
  size_t nonzero_rows = 0;
  std::vector<double> dev_f1_by_epoch;  // unquantized averaged weights
  NerEvalResult dev;                    // the saved (quantized) model on dev
};

StatusOr<NerTrainReport> TrainNer(const NerTrainOptions& options);

// Compiles the ANERGazet lists of `dir` into a "TYPE<TAB>name" file
// (normalized, deduplicated, sorted).
Status CompileGazetteer(const std::string& dir, const std::string& out_path);

// Tags the sentences with `tagger` and scores them against their gold tags.
// `tokens_per_second` (optional) receives the tagging speed; `predicted`
// (optional) receives the word tags, one vector per sentence. With
// doc_sentences > 1, blocks of that many consecutive sentences are taken as
// one document for PropagateInDocument (as Tagger::Tag does per article).
NerEvalResult EvaluateTagger(const ner::Tagger& tagger, const std::vector<ConllSentence>& sentences,
                             const linking::KnowledgeBase* kb, double* tokens_per_second = nullptr,
                             std::vector<std::vector<int>>* predicted = nullptr, size_t doc_sentences = 0);

}  // namespace marsad::train
