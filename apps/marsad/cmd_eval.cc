// marsad eval ner: conlleval-style scores of the NER tagger on a CoNLL file,
// with model load time and tagging speed.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "commands.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/extract/ner/tagger.h"
#include "marsad/train/ner_trainer.h"

namespace marsad::cli {

void AddEvalCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string gold, model, data_dir, kb_dir, pred_out;
    double dev_fraction = 0;
    size_t doc_sentences = 20;
    bool json = false, no_kb = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* eval_cmd = app.add_subcommand("eval", "Score a model against gold annotations.");
  eval_cmd->require_subcommand(1);
  auto* cmd = eval_cmd->add_subcommand(
      "ner", "Score the NER tagger on a CoNLL file ('token TAG'; a file 'token GOLD PRED' is scored as it is "
             "unless --model is given): exact-span precision, recall, F1 per type and micro.");
  cmd->add_option("--gold", opts->gold, "CoNLL file with gold tags")->required();
  cmd->add_option("--model", opts->model, "NER model (default data/models/ner.bin)");
  cmd->add_option("--dev-fraction", opts->dev_fraction,
                  "score only the last fraction of the sentences (the training dev split, e.g. 0.1)");
  cmd->add_option("--data-dir", opts->data_dir, "marsad data dir for lexicons (default data/)");
  cmd->add_option("--kb", opts->kb_dir, "knowledge base dir (default data/kb)");
  cmd->add_flag("--no-kb", opts->no_kb, "tag without the knowledge base");
  cmd->add_flag("--json", opts->json, "JSON output");
  cmd->add_option("--doc-sentences", opts->doc_sentences,
                  "treat blocks of N consecutive sentences as one document (label propagation)");
  cmd->add_option("--pred-out", opts->pred_out, "write 'token GOLD PRED' lines here (error analysis)");
  cmd->callback([opts, &exit_code] {
    using Clock = std::chrono::steady_clock;
    auto fail = [&](const Status& st) {
      std::fprintf(stderr, "marsad: %s\n", st.message().c_str());
      exit_code = kExitFailure;
    };
    auto sentences = train::ReadConll(opts->gold);
    if (!sentences.ok()) return fail(sentences.status());
    if (opts->dev_fraction < 0 || opts->dev_fraction >= 1) {
      std::fprintf(stderr, "marsad: --dev-fraction must be in [0, 1)\n");
      exit_code = kExitUsage;
      return;
    }
    if (opts->dev_fraction > 0) {
      const size_t split = train::DevSplitIndex(sentences->size(), opts->dev_fraction);
      sentences->erase(sentences->begin(), sentences->begin() + static_cast<std::ptrdiff_t>(split));
    }
    bool scored_as_is = opts->model.empty() && !sentences->empty();
    for (const auto& s : *sentences) scored_as_is = scored_as_is && !s.pred.empty();

    train::NerEvalResult result;
    double load_ms = 0, tokens_per_s = 0;
    if (scored_as_is) {
      for (const auto& s : *sentences) result.Add(s.gold, s.pred);
    } else {
      const auto t0 = Clock::now();
      std::unique_ptr<linking::KnowledgeBase> kb;
      if (!opts->no_kb) {
        const std::string dir = opts->kb_dir.empty() ? linking::KnowledgeBase::DefaultDir() : opts->kb_dir;
        if (std::filesystem::is_directory(dir)) {
          auto loaded = linking::KnowledgeBase::Load(dir);
          if (!loaded.ok()) return fail(loaded.status());
          kb = std::make_unique<linking::KnowledgeBase>(std::move(loaded).value());
        }
      }
      const auto t1 = Clock::now();
      auto tagger = ner::Tagger::Load(opts->model, kb.get(), opts->data_dir);
      if (!tagger.ok()) return fail(tagger.status());
      load_ms = std::chrono::duration<double, std::milli>(Clock::now() - t1).count();
      std::vector<std::vector<int>> predicted;
      result = train::EvaluateTagger(**tagger, *sentences, kb.get(), &tokens_per_s, &predicted, opts->doc_sentences);
      if (!opts->pred_out.empty()) {
        std::string out;
        for (size_t i = 0; i < sentences->size(); ++i) {
          const auto& s = (*sentences)[i];
          for (size_t w = 0; w < s.words.size(); ++w) {
            out += s.words[w] + " " + ner::TagName(s.gold[w]) + " " + ner::TagName(predicted[i][w]) + "\n";
          }
          out += "\n";
        }
        std::FILE* f = std::fopen(opts->pred_out.c_str(), "wb");
        if (f == nullptr) return fail(IoError("cannot write " + opts->pred_out));
        std::fwrite(out.data(), 1, out.size(), f);
        std::fclose(f);
      }
      std::fprintf(stderr, "kb load %.0f ms; model load %.0f ms; tagging %.0f tokens/s (features + decode%s)\n",
                   std::chrono::duration<double, std::milli>(t1 - t0).count(), load_ms, tokens_per_s,
                   kb ? " + KB matching" : "");
    }
    if (opts->json) {
      std::printf("%s\n", result.ToJson().c_str());
    } else {
      std::printf("%s", result.ToText().c_str());
    }
    exit_code = kExitOk;
  });
}

}  // namespace marsad::cli

// The form declared for main.cc; a failure propagates as a CLI11 error
// carrying the exit code (nothing here calls exit()).
void AddEvalCommand(CLI::App& app) {
  static int exit_code = 0;
  marsad::cli::AddEvalCommand(app, exit_code);
  if (CLI::App* eval = app.get_subcommand("eval"); eval != nullptr) {
    eval->final_callback([] {
      if (exit_code != 0) throw CLI::RuntimeError(exit_code);
    });
  }
}
