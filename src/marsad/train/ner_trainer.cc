#include "marsad/train/ner_trainer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "marsad/core/utf8.h"
#include "marsad/extract/ner/bio.h"
#include "marsad/extract/ner/feature_extractor.h"
#include "marsad/extract/ner/lexicon.h"
#include "marsad/extract/ner/model.h"
#include "marsad/text/normalizer.h"

namespace marsad::train {
namespace {

using Clock = std::chrono::steady_clock;
using ner::kNumTags;

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// splitmix64: the shuffle must not depend on the standard library.
uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

struct Example {
  std::vector<uint32_t> rows;
  std::vector<uint32_t> offsets;
  std::vector<int> gold;
};

// Averaged perceptron weights with lazy averaging: avg = w - u / c.
struct Perceptron {
  std::vector<float> w, u;            // rows x tags
  std::vector<double> tw, tu;         // (tags+1) x tags transitions
  double c = 1;

  explicit Perceptron(int rows_log2)
      : w((size_t{1} << rows_log2) * kNumTags), u(w.size()), tw((kNumTags + 1) * kNumTags), tu(tw.size()) {}

  void Emissions(const Example& ex, std::vector<float>* out) const {
    const size_t n = ex.gold.size();
    out->assign(n * kNumTags, 0.f);
    for (size_t i = 0; i < n; ++i) {
      float* o = out->data() + i * kNumTags;
      for (uint32_t k = ex.offsets[i]; k < ex.offsets[i + 1]; ++k) {
        const float* row = &w[size_t{ex.rows[k]} * kNumTags];
        for (int t = 0; t < kNumTags; ++t) o[t] += row[t];
      }
    }
  }
  void UpdateToken(const Example& ex, size_t i, int tag, float delta) {
    for (uint32_t k = ex.offsets[i]; k < ex.offsets[i + 1]; ++k) {
      const size_t idx = size_t{ex.rows[k]} * kNumTags + tag;
      w[idx] += delta;
      u[idx] += static_cast<float>(c) * delta;
    }
  }
  void UpdateTransition(int prev, int tag, double delta) {
    const size_t idx = static_cast<size_t>(prev < 0 ? kNumTags : prev) * kNumTags + tag;
    tw[idx] += delta;
    tu[idx] += c * delta;
  }
  void Averaged(std::vector<float>* weights, std::vector<float>* transitions) const {
    weights->resize(w.size());
    for (size_t i = 0; i < w.size(); ++i) (*weights)[i] = w[i] - static_cast<float>(u[i] / c);
    transitions->resize(tw.size());
    for (size_t i = 0; i < tw.size(); ++i) (*transitions)[i] = static_cast<float>(tw[i] - tu[i] / c);
  }
};

void Log(const NerTrainOptions& o, const std::string& line) {
  if (o.log) o.log(line);
}

}  // namespace

std::string DefaultSharedDataDir() { return std::string(MARSAD_SOURCE_DIR) + "/../shared/data"; }

Status CompileGazetteer(const std::string& dir, const std::string& out_path) {
  const std::pair<const char*, const char*> lists[] = {{"PER", "AlignedPersGazetteer.txt"},
                                                       {"ORG", "AlignedOrgGazetteer.txt"},
                                                       {"LOC", "AlignedLocGazetteer.txt"}};
  std::set<std::pair<std::string, std::string>> entries;
  for (const auto& [type, file] : lists) {
    ASSIGN_OR_RETURN(std::string content, ner::ReadFileToString(dir + "/" + file));
    size_t pos = 0;
    while (pos < content.size()) {
      size_t nl = content.find('\n', pos);
      if (nl == std::string::npos) nl = content.size();
      std::string line = content.substr(pos, nl - pos);
      pos = nl + 1;
      std::string norm = text::NormalizeForMatch(line);
      while (!norm.empty() && norm.back() == ' ') norm.pop_back();
      while (!norm.empty() && norm.front() == ' ') norm.erase(0, 1);
      bool arabic = false;
      for (size_t i = 0; i < norm.size();) arabic |= utf8::IsArabicLetterRange(utf8::Decode(norm, i));
      if (!arabic || norm.find('\t') != std::string::npos) continue;
      entries.emplace(type, norm);
    }
  }
  std::ofstream out(out_path, std::ios::trunc);
  if (!out) return IoError("cannot write " + out_path);
  out << "# NER gazetteer compiled by `marsad train ner` from ANERGazet (Benajiba et al. 2007,\n"
         "# free for research): normalized with text::NormalizeForMatch. Do not edit: rebuild.\n";
  for (const auto& [type, name] : entries) out << type << '\t' << name << '\n';
  out.close();
  if (!out) return IoError("error writing " + out_path);
  return Status::Ok();
}

NerEvalResult EvaluateTagger(const ner::Tagger& tagger, const std::vector<ConllSentence>& sentences,
                             const linking::KnowledgeBase* kb, double* tokens_per_second,
                             std::vector<std::vector<int>>* predicted, size_t doc_sentences) {
  NerEvalResult result;
  std::vector<AlignedSentence> aligned;
  aligned.reserve(sentences.size());
  for (const ConllSentence& s : sentences) aligned.push_back(Align(s));
  std::vector<std::vector<int>> token_tags(sentences.size());
  size_t tokens = 0;
  const auto start = Clock::now();
  for (size_t i = 0; i < sentences.size(); ++i) {
    const AlignedSentence& a = aligned[i];
    tagger.TagTokens(a.tokens.data(), a.tokens.size(), ner::KbMatches(kb, a.tokens, a.text), &token_tags[i]);
    tokens += a.tokens.size();
  }
  // ANERcorp has no document marks: blocks of consecutive sentences stand
  // in for the articles the runtime tagger sees.
  if (doc_sentences > 1) {
    std::vector<Token> doc_tokens;
    std::vector<int> doc_tags;
    for (size_t b = 0; b < sentences.size(); b += doc_sentences) {
      const size_t e = std::min(sentences.size(), b + doc_sentences);
      doc_tokens.clear();
      doc_tags.clear();
      for (size_t i = b; i < e; ++i) {
        doc_tokens.insert(doc_tokens.end(), aligned[i].tokens.begin(), aligned[i].tokens.end());
        doc_tags.insert(doc_tags.end(), token_tags[i].begin(), token_tags[i].end());
      }
      ner::PropagateInDocument(doc_tokens.data(), doc_tokens.size(), &doc_tags);
      size_t pos = 0;
      for (size_t i = b; i < e; ++i) {
        std::copy(doc_tags.begin() + pos, doc_tags.begin() + pos + token_tags[i].size(), token_tags[i].begin());
        pos += token_tags[i].size();
      }
    }
  }
  const double secs = SecondsSince(start);
  if (tokens_per_second) *tokens_per_second = secs > 0 ? tokens / secs : 0;
  if (predicted) predicted->clear();
  for (size_t i = 0; i < sentences.size(); ++i) {
    std::vector<int> words = WordTags(aligned[i], token_tags[i], sentences[i].words.size());
    result.Add(sentences[i].gold, words);
    if (predicted) predicted->push_back(std::move(words));
  }
  return result;
}

StatusOr<NerTrainReport> TrainNer(const NerTrainOptions& options) {
  const auto start = Clock::now();
  NerTrainReport report;
  const std::string shared = DefaultSharedDataDir();
  const std::string data_path = options.data_path.empty() ? shared + "/anercorp/train.txt" : options.data_path;
  const std::string out_path = options.out_path.empty() ? ner::DefaultModelPath() : options.out_path;
  const std::string gaz_dir = options.gazetteer_dir.empty() ? shared + "/anercorp/gazetteer" : options.gazetteer_dir;
  if (options.epochs < 1 || options.epochs > 100) return InvalidArgument("--epochs must be in 1..100");
  if (options.dev_fraction < 0 || options.dev_fraction >= 1) return InvalidArgument("--dev-fraction must be in [0, 1)");
  if (options.rows_log2 < 16 || options.rows_log2 > 24) return InvalidArgument("rows_log2 must be in 16..24");

  auto sentences_or = ReadConll(data_path);
  if (!sentences_or.ok()) {
    return sentences_or.status().WithContext("training data (pass --data, or put the shared data beside the clone)");
  }
  std::vector<ConllSentence> sentences = std::move(sentences_or).value();
  if (sentences.empty()) return InvalidArgument(data_path + " has no sentences");

  const std::string gaz_path = ner::GazetteerPathFor(out_path);
  if (std::filesystem::is_directory(gaz_dir)) {
    RETURN_IF_ERROR(CompileGazetteer(gaz_dir, gaz_path));
    Log(options, "compiled gazetteer " + gaz_path + " from " + gaz_dir);
  } else {
    Log(options, "no " + gaz_dir + "; using the existing " + gaz_path);
  }
  ASSIGN_OR_RETURN(ner::NerLexicon lexicon, ner::LoadLexiconFor(out_path, options.data_dir));
  const ner::FeatureExtractor extractor(lexicon);

  const size_t split = DevSplitIndex(sentences.size(), options.dev_fraction);
  std::vector<ConllSentence> dev(sentences.begin() + split, sentences.end());
  report.train_sentences = split;
  report.dev_sentences = dev.size();
  if (!options.dev_out.empty()) {
    std::ofstream out(options.dev_out, std::ios::trunc);
    out << FormatConll(dev);
    if (!out) return IoError("cannot write " + options.dev_out);
    Log(options, "dev split (" + std::to_string(dev.size()) + " sentences) written to " + options.dev_out);
  }

  // Features are computed once; training only reads them.
  std::vector<Example> train(split);
  ner::FeatureBuffer buf;
  for (size_t i = 0; i < split; ++i) {
    const AlignedSentence a = Align(sentences[i]);
    extractor.Extract(a.tokens.data(), a.tokens.size(), ner::KbMatches(options.kb, a.tokens, a.text),
                      options.rows_log2, &buf);
    train[i].rows = buf.rows;
    train[i].offsets = buf.offsets;
    train[i].gold = a.token_gold;
    report.train_tokens += a.tokens.size();
  }
  Log(options, "features of " + std::to_string(split) + " sentences (" + std::to_string(report.train_tokens) +
                   " tokens) in " + std::to_string(SecondsSince(start)) + " s");

  Perceptron p(options.rows_log2);
  std::vector<size_t> order(train.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  uint64_t rng = options.seed;
  std::vector<float> emissions, scores, avg_w, avg_t;
  std::vector<uint8_t> back;
  std::vector<int> pred;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[NextRandom(rng) % i]);
    size_t mistakes = 0;
    for (size_t idx : order) {
      const Example& ex = train[idx];
      const size_t n = ex.gold.size();
      if (n == 0) continue;
      p.Emissions(ex, &emissions);
      // Cost-augmented decoding: wrong tags get a head start, so updates
      // keep going until the gold sequence wins by a margin; missing an
      // entity costs more than a wrong label (recall is the weak side).
      for (size_t i = 0; i < n; ++i) {
        for (int t = 0; t < kNumTags; ++t) {
          if (t == ex.gold[i]) continue;
          emissions[i * kNumTags + t] += (t == ner::kTagO ? options.miss_cost : options.cost);
        }
      }
      std::vector<float> trans(p.tw.begin(), p.tw.end());
      ner::ViterbiDecode(emissions.data(), n, trans.data(), &pred, &scores, &back);
      for (size_t i = 0; i < n; ++i) {
        if (pred[i] != ex.gold[i]) {
          ++mistakes;
          p.UpdateToken(ex, i, ex.gold[i], 1.f);
          p.UpdateToken(ex, i, pred[i], -1.f);
        }
        const int gp = i ? ex.gold[i - 1] : -1, pp = i ? pred[i - 1] : -1;
        if (gp != pp || ex.gold[i] != pred[i]) {
          p.UpdateTransition(gp, ex.gold[i], 1.0);
          p.UpdateTransition(pp, pred[i], -1.0);
        }
      }
      p.c += 1;
    }
    std::string line = "epoch " + std::to_string(epoch) + ": " + std::to_string(mistakes) + " token errors";
    if (!dev.empty()) {
      p.Averaged(&avg_w, &avg_t);
      auto tagger = ner::Tagger::FromParts(lexicon, ner::NerModel::FromFloat(options.rows_log2, avg_w, avg_t, 0),
                                           options.kb);
      const double f1 = EvaluateTagger(*tagger, dev, options.kb).micro.f1();
      report.dev_f1_by_epoch.push_back(f1);
      line += ", dev F1 " + std::to_string(f1);
    }
    Log(options, line + " (" + std::to_string(SecondsSince(start)) + " s)");
  }

  p.Averaged(&avg_w, &avg_t);
  ner::NerModel model = ner::NerModel::FromFloat(options.rows_log2, avg_w, avg_t, extractor.Fingerprint());
  const std::string bytes = model.Serialize();
  report.model_bytes = bytes.size();
  report.nonzero_rows = model.nonzero_rows();
  {
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return IoError("cannot write " + out_path);
  }
  // Score what was saved, read back through the runtime path.
  ASSIGN_OR_RETURN(ner::NerModel loaded, ner::NerModel::Deserialize(bytes, extractor.Fingerprint(), out_path));
  auto tagger = ner::Tagger::FromParts(std::move(lexicon), std::move(loaded), options.kb);
  if (!dev.empty()) report.dev = EvaluateTagger(*tagger, dev, options.kb, nullptr, nullptr, 20);
  report.seconds = SecondsSince(start);
  return report;
}

}  // namespace marsad::train
