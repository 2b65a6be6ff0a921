// Trains the NER tagger (ner::Tagger): an averaged structured perceptron
// over the runtime feature extractor, with BIO-constrained Viterbi decoding,
// on a CoNLL file (ANERcorp). Reproducible: fixed seed, one thread.
//
// Dev split: the LAST round(n * dev_fraction) sentences of the data are held
// out (DevSplitIndex); the model is trained on the rest and scored on them.
// The number of epochs is chosen on a tune slice cut from the END of the
// training part (never on dev): train on the rest until the tune F1 stops
// rising for `patience` epochs, then retrain on the whole training part for
// the best number of epochs.
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
  // hunspell-ar dictionary: names into the gazetteer, other words into
  // ner_words.txt (common-word features). When missing, the existing
  // compiled files beside the model are used as they are.
  std::string hunspell_dic = "/usr/share/hunspell/ar.dic";
  // Hand-curated names (<data_dir>/lexicons/ner_names*.tsv) compiled into the
  // gazetteer as their own feature labels (cur-TYPE).
  bool curated_names = true;
  std::string dev_out;        // when set, the dev split is written there
  // Word clusters (ner_clusters.txt beside the model) from the training
  // part of the data plus these raw texts (ReadRawTexts); when false the
  // clusters file is removed and the model has no cluster features.
  bool clusters = true;
  std::vector<std::string> raw_text;
  // Nested CoNLL files (Wojood) added to the training part (ReadNestedConll).
  std::vector<std::string> extra_data;
  int epochs = 30;            // at most (early stopping on the tune slice)
  int patience = 3;
  // Folds (over documents) of the jackknifed pass-1 tags the stacked pass 2
  // is trained on; 0 or 1 = no pass 2. Off by default: +0.4 dev F1 (noise
  // level) for two lost seed surfaces and ~12% of the speed (docs/NER.md).
  int stack_folds = 0;
  // A linear-chain CRF (crf.h) trained by L-BFGS instead of the averaged
  // perceptron: c2 (L2) is chosen among crf_c2 on the tune slice, then the
  // model is retrained on the whole training part (no ensemble, no pass 2).
  bool crf = false;
  std::vector<double> crf_c2 = {0.1, 1.0, 3.0};
  int crf_max_iterations = 300;
  // Scores subtracted from O at decoding (folded into the transitions into
  // O, so the runtime is unchanged), chosen with c2 on the tune slice: the
  // CRF is precise but misses entities; this trades precision for recall.
  std::vector<double> crf_o_bias = {0, 0.5, 1, 1.5, 2, 3};
  int ensemble = 3;           // final runs (seeds seed, seed+1, ...) whose weights are averaged           // epochs without a better tune F1 before stopping
  double tune_fraction = 0.1; // of the training part; 0 = exactly `epochs` epochs
  size_t doc_sentences = 20;  // consecutive sentences taken as one document
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
  size_t tune_sentences = 0;
  size_t extra_sentences = 0;
  int epochs = 0;                        // chosen on the tune slice
  std::vector<double> tune_f1_by_epoch;  // unquantized averaged weights
  int epochs2 = 0;                       // pass 2 (0: none)
  std::vector<double> tune2_f1_by_epoch;
  std::vector<double> tune_f1_by_c2;     // CRF: one per crf_c2 value
  double crf_c2 = 0;                     // CRF: the chosen c2
  double crf_o_bias = 0;                 // CRF: the chosen O bias
  std::vector<double> tune_f1_by_c2_bias;  // CRF: c2-major, one per (c2, O bias)
  NerEvalResult dev_no_bias;             // CRF: the final model on dev without the O bias (ablation)
  int crf_iterations = 0;                // CRF: L-BFGS iterations of the final run
  NerEvalResult dev;                    // the saved (quantized) model on dev
};

StatusOr<NerTrainReport> TrainNer(const NerTrainOptions& options);

// Appends the texts of a raw corpus: FIGNEWS *.tsv (the "Arabic MT" column),
// PETRARCH sample *.xml (<Text> lines), else CoNLL-style (one sentence per
// blank-line block, first column).
Status ReadRawTexts(const std::string& path, std::vector<std::string>* texts);
// The shared raw corpora that exist: FIGNEWS, Wojood train/val, PETRARCH sample.
std::vector<std::string> DefaultRawTexts();

// What the trainer takes from hunspell-ar's ar.dic: the names section
// (continents, countries, capitals -> LOC; persons -> PER) and every other
// entry as a common word (normalized, deduplicated, sorted).
struct HunspellLists {
  std::vector<std::pair<std::string, std::string>> names;  // (type, name)
  std::vector<std::string> common_words;
};
Status ReadHunspell(const std::string& dic_path, HunspellLists* out);
// Writes the common words (ner_words.txt, one a line).
Status WriteCommonWords(const HunspellLists& hunspell, const std::string& out_path);

// Compiles the ANERGazet lists of `dir` (plus the hunspell names, when
// given) into a "TYPE<TAB>name" file (normalized, deduplicated, sorted).
Status CompileGazetteer(const std::string& dir, const std::string& out_path,
                        const HunspellLists* hunspell = nullptr);

// Tags the sentences with `tagger` and scores them against their gold tags.
// `tokens_per_second` (optional) receives the tagging speed in tokens per
// CPU second of the calling thread (per core, whatever the machine's load); `predicted`
// (optional) receives the word tags, one vector per sentence. With
// doc_sentences > 1, blocks of that many consecutive sentences are taken as
// one document for the document features and PropagateInDocument (as
// Tagger::Tag does per article).
NerEvalResult EvaluateTagger(const ner::Tagger& tagger, const std::vector<ConllSentence>& sentences,
                             const linking::KnowledgeBase* kb, double* tokens_per_second = nullptr,
                             std::vector<std::vector<int>>* predicted = nullptr, size_t doc_sentences = 0);

}  // namespace marsad::train
