// marsad train ner: trains the NER tagger on a CoNLL file (ANERcorp) and
// writes data/models/ner.bin with its compiled gazetteer beside it.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "commands.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/train/ner_trainer.h"

namespace marsad::cli {

void AddTrainCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    train::NerTrainOptions train;
    std::string kb_dir;
    bool no_kb = false;
    bool no_clusters = false;
    bool no_curated = false;
    bool json = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* train_cmd = app.add_subcommand("train", "Train a model (developers; needs the shared training data).");
  train_cmd->require_subcommand(1);
  auto* cmd = train_cmd->add_subcommand(
      "ner", "Train the named-entity tagger (averaged perceptron) on ANERcorp; the last --dev-fraction of the "
             "sentences is held out and scored.");
  cmd->add_option("--data", opts->train.data_path, "CoNLL file 'token TAG' (default ../shared/data/anercorp/train.txt)");
  cmd->add_option("--out", opts->train.out_path, "model to write (default data/models/ner.bin)");
  cmd->add_option("--epochs", opts->train.epochs, "at most this many epochs (early stopping on the tune slice)")
      ->capture_default_str();
  cmd->add_option("--patience", opts->train.patience, "stop after this many epochs without a better tune F1")
      ->capture_default_str();
  cmd->add_option("--ensemble", opts->train.ensemble, "final runs with consecutive seeds, weights averaged")
      ->capture_default_str();
  cmd->add_option("--stack-folds", opts->train.stack_folds,
                  "folds of the jackknifed pass-1 tags a stacked pass 2 learns from (e.g. 5; 0 = no pass 2)")
      ->capture_default_str();
  cmd->add_flag("--crf", opts->train.crf,
                "linear-chain CRF trained by L-BFGS (L2 chosen on the tune slice) instead of the perceptron");
  cmd->add_option("--crf-c2", opts->train.crf_c2, "CRF L2 strengths tried on the tune slice")->capture_default_str();
  cmd->add_option("--crf-o-bias", opts->train.crf_o_bias,
                  "CRF: scores subtracted from O at decoding, tried on the tune slice with each c2")
      ->capture_default_str();
  cmd->add_option("--crf-max-iterations", opts->train.crf_max_iterations, "CRF L-BFGS iteration cap")
      ->capture_default_str();
  cmd->add_option("--tune-fraction", opts->train.tune_fraction,
                  "tail of the training part used to choose the epochs (0 = train exactly --epochs)")
      ->capture_default_str();
  cmd->add_option("--doc-sentences", opts->train.doc_sentences,
                  "consecutive sentences taken as one document (document features)")
      ->capture_default_str();
  cmd->add_option("--dev-fraction", opts->train.dev_fraction, "held-out tail of the data")->capture_default_str();
  cmd->add_option("--dev-out", opts->train.dev_out, "also write the dev split to this file");
  cmd->add_option("--extra-data", opts->train.extra_data,
                  "nested CoNLL files (Wojood) added to the training part, types mapped to PER/ORG/LOC/MISC "
                  "(default: none)");
  cmd->add_option("--raw-text", opts->train.raw_text,
                  "raw texts for the word clusters (default: the shared FIGNEWS tsv, Wojood and PETRARCH sample "
                  "sentences that exist)");
  cmd->add_option("--hunspell", opts->train.hunspell_dic,
                  "hunspell-ar ar.dic: names -> gazetteer, other words -> ner_words.txt")
      ->capture_default_str();
  cmd->add_flag("--no-clusters", opts->no_clusters, "no word clusters (removes ner_clusters.txt)");
  cmd->add_flag("--no-curated-names", opts->no_curated,
                "leave the hand-curated data/lexicons/ner_names.tsv out of the gazetteer");
  cmd->add_option("--gazetteer-dir", opts->train.gazetteer_dir, "ANERGazet lists to compile (default shared data)");
  cmd->add_option("--data-dir", opts->train.data_dir, "marsad data dir for lexicons (default data/)");
  cmd->add_option("--cost", opts->train.cost, "margin for a wrong tag")->capture_default_str();
  cmd->add_option("--miss-cost", opts->train.miss_cost, "margin for O on an entity")->capture_default_str();
  cmd->add_option("--rows-log2", opts->train.rows_log2, "log2 of the feature table rows")->capture_default_str();
  cmd->add_option("--seed", opts->train.seed, "shuffling seed")->capture_default_str();
  cmd->add_option("--kb", opts->kb_dir, "knowledge base dir for KB-match features (default data/kb)");
  cmd->add_flag("--no-kb", opts->no_kb, "train without KB-match features");
  cmd->add_flag("--json", opts->json, "print the dev scores as JSON");
  cmd->callback([opts, &exit_code] {
    std::unique_ptr<linking::KnowledgeBase> kb;
    if (!opts->no_kb) {
      const std::string dir = opts->kb_dir.empty() ? linking::KnowledgeBase::DefaultDir() : opts->kb_dir;
      if (std::filesystem::is_directory(dir)) {
        auto loaded = linking::KnowledgeBase::Load(dir);
        if (!loaded.ok()) {
          std::fprintf(stderr, "marsad: %s\n", loaded.status().message().c_str());
          exit_code = kExitFailure;
          return;
        }
        kb = std::make_unique<linking::KnowledgeBase>(std::move(loaded).value());
      }
    }
    opts->train.kb = kb.get();
    opts->train.clusters = !opts->no_clusters;
    opts->train.curated_names = !opts->no_curated;
    if (opts->train.raw_text.empty()) opts->train.raw_text = train::DefaultRawTexts();
    opts->train.log = [](const std::string& line) { std::fprintf(stderr, "train ner: %s\n", line.c_str()); };
    auto report = train::TrainNer(opts->train);
    if (!report.ok()) {
      std::fprintf(stderr, "marsad: %s\n", report.status().message().c_str());
      exit_code = report.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
      return;
    }
    std::fprintf(stderr,
                 "trained on %zu sentences (%zu tokens) for %d epochs (chosen on %zu tune sentences), dev %zu "
                 "sentences; model %zu bytes, %zu non-zero rows; %.1f s\n",
                 report->train_sentences, report->train_tokens, report->epochs, report->tune_sentences,
                 report->dev_sentences, report->model_bytes,
                 report->nonzero_rows, report->seconds);
    if (report->dev_sentences > 0) {
      if (opts->json) {
        std::printf("%s\n", report->dev.ToJson().c_str());
      } else {
        std::printf("dev split (last %.0f%% of sentences), saved model:\n%s", 100 * opts->train.dev_fraction,
                    report->dev.ToText().c_str());
      }
    }
    exit_code = kExitOk;
  });
}

}  // namespace marsad::cli

// The form declared for main.cc; a failure propagates as a CLI11 error
// carrying the exit code (nothing here calls exit()).
void AddTrainCommand(CLI::App& app) {
  static int exit_code = 0;
  marsad::cli::AddTrainCommand(app, exit_code);
  if (CLI::App* train = app.get_subcommand("train"); train != nullptr) {
    train->final_callback([] {
      if (exit_code != 0) throw CLI::RuntimeError(exit_code);
    });
  }
}
