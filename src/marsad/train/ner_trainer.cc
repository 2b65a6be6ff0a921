#include "marsad/train/ner_trainer.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <set>

#include "marsad/core/utf8.h"
#include "marsad/extract/ner/bio.h"
#include "marsad/extract/ner/feature_extractor.h"
#include "marsad/extract/ner/lexicon.h"
#include "marsad/extract/ner/model.h"
#include "marsad/extract/ner/stacking.h"
#include "marsad/text/normalizer.h"
#include "marsad/train/crf.h"
#include "marsad/train/word_clusters.h"

namespace marsad::train {
namespace {

using Clock = std::chrono::steady_clock;
using ner::kNumTags;

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

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
  // What the stacked pass reads (FeatureBuffer keys) and the document
  // (block of sentences) the sentence belongs to.
  std::vector<uint64_t> form, norm, stem;
  std::vector<uint8_t> candidate;
  size_t doc = 0;
  std::vector<float> base;  // pass 2: pass-1 emissions the learned scores add to (n x tags)
  ner::StackTokens Stack() const {
    return {form.data(), norm.data(), stem.data(), candidate.data(), gold.size()};
  }
};

// Best tag sequence of an example under float weights (no cost).
void DecodeFloat(const std::vector<float>& w, const std::vector<float>& t, const Example& ex, std::vector<int>* out,
                 std::vector<float>* emissions, std::vector<float>* scores, std::vector<uint8_t>* back) {
  const size_t n = ex.gold.size();
  emissions->assign(n * kNumTags, 0.f);
  for (size_t i = 0; i < n; ++i) {
    float* o = emissions->data() + i * kNumTags;
    for (uint32_t k = ex.offsets[i]; k < ex.offsets[i + 1]; ++k) {
      const float* row = &w[size_t{ex.rows[k]} * kNumTags];
      for (int tag = 0; tag < kNumTags; ++tag) o[tag] += row[tag];
    }
  }
  ner::ViterbiDecode(emissions->data(), n, t.data(), out, scores, back);
}

// Averaged perceptron weights with lazy averaging: avg = w - u / c.
struct Perceptron {
  std::vector<float> w, u;            // rows x tags
  std::vector<double> tw, tu;         // (tags+1) x tags transitions
  double c = 1;

  explicit Perceptron(int rows_log2)
      : w((size_t{1} << rows_log2) * kNumTags), u(w.size()), tw((kNumTags + 1) * kNumTags), tu(tw.size()) {}

  void Emissions(const Example& ex, std::vector<float>* out) const {
    const size_t n = ex.gold.size();
    if (ex.base.empty()) {
      out->assign(n * kNumTags, 0.f);
    } else {
      out->assign(ex.base.begin(), ex.base.end());
    }
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

// Writes `bytes` to path.tmp, then renames it over `path` (never a torn file).
Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) return IoError("cannot write " + tmp + " (is the disk full?)");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return IoError("cannot move " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

void Log(const NerTrainOptions& o, const std::string& line) {
  if (o.log) o.log(line);
}

}  // namespace

std::string DefaultSharedDataDir() { return std::string(MARSAD_SOURCE_DIR) + "/../shared/data"; }

std::vector<std::string> DefaultRawTexts() {
  const std::string shared = DefaultSharedDataDir();
  std::vector<std::string> out;
  for (const char* rel : {"/fignews/FIGNEWS-2024-TEXT-IAA.tsv", "/wojood/train.txt", "/wojood/val.txt",
                          "/petrarch-ar/sample_sentences_unannotated.xml"}) {
    if (std::filesystem::exists(shared + rel)) out.push_back(shared + rel);
  }
  return out;
}

// Calls fn(line) for each line of `content` (without its '\n').
template <typename Fn>
void ForEachLine(std::string_view content, Fn fn) {
  size_t pos = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    fn(content.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

Status ReadRawTexts(const std::string& path, std::vector<std::string>* texts) {
  ASSIGN_OR_RETURN(std::string content, ner::ReadFileToString(path));
  auto lines = [&](auto fn) { ForEachLine(content, fn); };
  auto split_tabs = [](std::string_view line) {
    std::vector<std::string_view> cols;
    size_t b = 0;
    for (size_t i = 0; i <= line.size(); ++i) {
      if (i == line.size() || line[i] == '\t') cols.push_back(line.substr(b, i - b)), b = i + 1;
    }
    return cols;
  };
  if (path.ends_with(".tsv")) {
    // FIGNEWS: the "Arabic MT" column (every post, whatever its language).
    int column = -1;
    bool header = true;
    Status status = Status::Ok();
    lines([&](std::string_view line) {
      const std::vector<std::string_view> cols = split_tabs(line);
      if (header) {
        header = false;
        for (size_t i = 0; i < cols.size(); ++i) {
          if (cols[i] == "Arabic MT") column = static_cast<int>(i);
        }
        return;
      }
      if (column >= 0 && static_cast<size_t>(column) < cols.size()) texts->emplace_back(cols[column]);
    });
    if (column < 0) return DataLoss(path + ": no 'Arabic MT' column");
    return status;
  }
  if (path.ends_with(".xml")) {
    // PETRARCH sample sentences: the lines between <Text> and </Text>.
    bool in_text = false;
    lines([&](std::string_view line) {
      if (line.starts_with("<Text>")) in_text = true;
      else if (line.starts_with("</Text>")) in_text = false;
      else if (in_text) texts->emplace_back(line);
    });
    return Status::Ok();
  }
  // CoNLL-style (first column is the word), any number of tag columns.
  std::string cur;
  lines([&](std::string_view line) {
    const size_t sep = line.find_first_of(" \t");
    std::string_view word = line.substr(0, sep);
    if (word.empty()) {
      if (!cur.empty()) texts->push_back(std::move(cur)), cur.clear();
      return;
    }
    if (word == "$#$") return;
    cur.append(word);
    cur.push_back(' ');
  });
  if (!cur.empty()) texts->push_back(std::move(cur));
  return Status::Ok();
}

Status ReadHunspell(const std::string& dic_path, HunspellLists* out) {
  ASSIGN_OR_RETURN(std::string content, ner::ReadFileToString(dic_path));
  // ar.dic (hunspell-ar) is several files joined: stopwords, tools, names
  // (continents, countries, capitals, persons), nouns, verbs. The names part
  // runs from the "names.dic" header to "####الأسماء####".
  enum { kWords, kSkip, kLoc, kPer } section = kWords;
  std::set<std::string> words;
  ForEachLine(content, [&](std::string_view line) {
    if (line.starts_with("names.dic")) section = kSkip;
    if (line.starts_with("#")) {
      if (section != kWords) {
        if (line.find("القارات") != std::string_view::npos || line.find("البلدان") != std::string_view::npos ||
            line.find("العواصم") != std::string_view::npos) {
          section = kLoc;
        } else if (line.find("أشخاص") != std::string_view::npos) {
          section = kPer;
        } else if (line.starts_with("####الأسماء####")) {
          section = kWords;
        }
      }
      return;
    }
    const size_t end = line.find_first_of("/\t ");
    std::string norm = text::NormalizeForMatch(line.substr(0, end));
    bool arabic = false;
    size_t letters = 0;
    for (size_t i = 0; i < norm.size();) arabic |= utf8::IsArabicLetterRange(utf8::Decode(norm, i)), ++letters;
    if (!arabic || letters < 2) return;
    if (section == kLoc) out->names.emplace_back("LOC", norm);
    if (section == kPer) out->names.emplace_back("PER", norm);
    if (section == kWords) words.insert(norm);
  });
  for (const auto& [type, name] : out->names) words.erase(name);
  out->common_words.assign(words.begin(), words.end());
  return Status::Ok();
}

// The hand-curated names (data/lexicons/ner_names.tsv: clubs, firms, media,
// organisations, foreign names, cities, events) are kept apart as "cur-TYPE"
// so that the tagger learns how far to trust them separately from ANERGazet.
Status ReadCuratedNames(const std::string& path, std::set<std::pair<std::string, std::string>>* entries) {
  ASSIGN_OR_RETURN(std::string content, ner::ReadFileToString(path));
  int line_no = 0;
  Status status;
  ForEachLine(content, [&](std::string_view line) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!status.ok() || line.empty() || line[0] == '#') return;
    const size_t tab = line.find('\t');
    const std::string_view type = line.substr(0, tab == std::string_view::npos ? 0 : tab);
    if (type != "PER" && type != "ORG" && type != "LOC" && type != "MISC") {
      status = DataLoss(path + ":" + std::to_string(line_no) + ": expected PER|ORG|LOC|MISC<TAB>name");
      return;
    }
    std::string norm = text::NormalizeForMatch(line.substr(tab + 1));
    while (!norm.empty() && norm.back() == ' ') norm.pop_back();
    while (!norm.empty() && norm.front() == ' ') norm.erase(0, 1);
    if (!norm.empty()) entries->emplace("cur-" + std::string(type), norm);
  });
  return status;
}

// The curated name lists: <data_dir>/lexicons/ner_names*.tsv, in name order.
std::vector<std::string> CuratedNameFiles(const std::string& data_dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(data_dir + "/lexicons", ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("ner_names") && name.ends_with(".tsv")) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Status CompileGazetteer(const std::string& dir, const std::string& out_path, const HunspellLists* hunspell,
                        const std::vector<std::string>& curated_files) {
  const std::pair<const char*, const char*> lists[] = {{"PER", "AlignedPersGazetteer.txt"},
                                                       {"ORG", "AlignedOrgGazetteer.txt"},
                                                       {"LOC", "AlignedLocGazetteer.txt"}};
  std::set<std::pair<std::string, std::string>> entries;
  for (const auto& [type, file] : lists) {
    ASSIGN_OR_RETURN(std::string content, ner::ReadFileToString(dir + "/" + file));
    ForEachLine(content, [&](std::string_view line) {
      std::string norm = text::NormalizeForMatch(line);
      while (!norm.empty() && norm.back() == ' ') norm.pop_back();
      while (!norm.empty() && norm.front() == ' ') norm.erase(0, 1);
      bool arabic = false;
      for (size_t i = 0; i < norm.size();) arabic |= utf8::IsArabicLetterRange(utf8::Decode(norm, i));
      if (arabic && norm.find('\t') == std::string::npos) entries.emplace(type, norm);
    });
  }
  if (hunspell != nullptr) {
    for (const auto& e : hunspell->names) entries.insert(e);
  }
  for (const std::string& path : curated_files) RETURN_IF_ERROR(ReadCuratedNames(path, &entries));
  const bool curated = !curated_files.empty();
  std::ofstream out(out_path, std::ios::trunc);
  if (!out) return IoError("cannot write " + out_path);
  out << "# NER gazetteer compiled by `marsad train ner` from ANERGazet (Benajiba et al. 2007,\n"
         "# free for research)"
      << (hunspell != nullptr ? ", the names section of hunspell-ar's ar.dic (GPL-2+/LGPL)" : "")
      << (curated ? " and our hand-curated data/lexicons/ner_names*.tsv (as cur-TYPE)" : "")
      << ": normalized with text::NormalizeForMatch. Do not edit: rebuild.\n";
  for (const auto& [type, name] : entries) out << type << '\t' << name << '\n';
  out.close();
  if (!out) return IoError("error writing " + out_path);
  return Status::Ok();
}

Status WriteCommonWords(const HunspellLists& hunspell, const std::string& out_path) {
  std::ofstream out(out_path, std::ios::trunc);
  if (!out) return IoError("cannot write " + out_path);
  out << "# Common (non-name) Arabic words for the NER features, compiled by `marsad train ner` from\n"
         "# hunspell-ar's ar.dic (all sections but the names), normalized. Do not edit: rebuild.\n";
  for (const std::string& w : hunspell.common_words) out << w << '\n';
  out.close();
  if (!out) return IoError("error writing " + out_path);
  return Status::Ok();
}

NerEvalResult EvaluateTagger(const ner::Tagger& tagger, const std::vector<ConllSentence>& sentences,
                             const linking::KnowledgeBase* kb_base, double* tokens_per_second,
                             std::vector<std::vector<int>>* predicted, size_t doc_sentences) {
  NerEvalResult result;
  std::vector<AlignedSentence> aligned;
  aligned.reserve(sentences.size());
  for (const ConllSentence& s : sentences) aligned.push_back(Align(s));
  std::vector<std::vector<int>> token_tags(sentences.size());
  // ANERcorp has no document marks: blocks of consecutive sentences stand
  // in for the articles the runtime tagger sees, and go through the same
  // Tagger::TagDocument (one sentence a document when doc_sentences <= 1).
  const size_t block = std::max<size_t>(doc_sentences, 1);
  struct Doc {
    size_t b, e;
    std::vector<Token> tokens;
    std::vector<std::pair<uint32_t, uint32_t>> ranges;
  };
  std::vector<Doc> docs;
  for (size_t b = 0; b < sentences.size(); b += block) {
    Doc& d = docs.emplace_back();
    d.b = b;
    d.e = std::min(sentences.size(), b + block);
    for (size_t i = d.b; i < d.e; ++i) {
      const uint32_t first = static_cast<uint32_t>(d.tokens.size());
      d.tokens.insert(d.tokens.end(), aligned[i].tokens.begin(), aligned[i].tokens.end());
      d.ranges.emplace_back(first, static_cast<uint32_t>(d.tokens.size()));
    }
  }
  size_t tokens = 0;
  // Speed per core: CPU time of this thread (the machine may be shared, so
  // wall time would measure the load, not the tagger).
  const double start_cpu = ThreadCpuSeconds();
  std::vector<ner::PhraseMatch> kb;
  std::vector<int> doc_tags;
  for (const Doc& d : docs) {
    kb.clear();
    for (size_t i = d.b; i < d.e; ++i) {
      const uint32_t first = d.ranges[i - d.b].first;
      for (const ner::PhraseMatch& m : ner::KbMatches(kb_base, aligned[i].tokens, aligned[i].text)) {
        kb.push_back({m.begin + first, m.end + first, m.label});
      }
    }
    tagger.TagDocument(d.tokens.data(), d.tokens.size(), d.ranges, kb, &doc_tags);
    for (size_t i = d.b; i < d.e; ++i) {
      const auto& [first, end] = d.ranges[i - d.b];
      token_tags[i].assign(doc_tags.begin() + first, doc_tags.begin() + end);
    }
    tokens += d.tokens.size();
  }
  const double secs = ThreadCpuSeconds() - start_cpu;
  if (tokens_per_second) *tokens_per_second = secs > 0 ? tokens / secs : 0;
  if (predicted) predicted->clear();
  for (size_t i = 0; i < sentences.size(); ++i) {
    std::vector<int> words = WordTags(aligned[i], token_tags[i], sentences[i].words.size());
    result.Add(sentences[i].gold, words);
    if (predicted) predicted->push_back(std::move(words));
  }
  return result;
}

// Trains into `out_path` (a staging directory's model path; see TrainNer).
StatusOr<NerTrainReport> TrainNerInto(const NerTrainOptions& options, const std::string& out_path) {
  const auto start = Clock::now();
  NerTrainReport report;
  const std::string shared = DefaultSharedDataDir();
  const std::string data_path = options.data_path.empty() ? shared + "/anercorp/train.txt" : options.data_path;
  const std::string gaz_dir = options.gazetteer_dir.empty() ? shared + "/anercorp/gazetteer" : options.gazetteer_dir;
  if (options.epochs < 1 || options.epochs > 100) return InvalidArgument("--epochs must be in 1..100");
  if (options.ensemble < 1 || options.ensemble > 16) return InvalidArgument("--ensemble must be in 1..16");
  if (options.patience < 1) return InvalidArgument("--patience must be at least 1");
  if (options.tune_fraction < 0 || options.tune_fraction >= 1) {
    return InvalidArgument("--tune-fraction must be in [0, 1)");
  }
  if (options.dev_fraction < 0 || options.dev_fraction >= 1) return InvalidArgument("--dev-fraction must be in [0, 1)");
  if (options.crf && options.crf_c2.empty()) return InvalidArgument("--crf-c2 needs at least one value");
  if (options.crf && options.stack_folds >= 2) return InvalidArgument("--crf has no stacked pass 2 (--stack-folds)");
  if (options.rows_log2 < 16 || options.rows_log2 > 24) return InvalidArgument("rows_log2 must be in 16..24");

  auto sentences_or = ReadConll(data_path);
  if (!sentences_or.ok()) {
    return sentences_or.status().WithContext("training data (pass --data, or put the shared data beside the clone)");
  }
  std::vector<ConllSentence> sentences = std::move(sentences_or).value();
  if (sentences.empty()) return InvalidArgument(data_path + " has no sentences");

  const std::string gaz_path = ner::GazetteerPathFor(out_path);
  HunspellLists hunspell;
  const bool have_hunspell = !options.hunspell_dic.empty() && std::filesystem::exists(options.hunspell_dic);
  if (have_hunspell) {
    RETURN_IF_ERROR(ReadHunspell(options.hunspell_dic, &hunspell));
    RETURN_IF_ERROR(WriteCommonWords(hunspell, ner::WordsPathFor(out_path)));
    Log(options, "compiled " + std::to_string(hunspell.common_words.size()) + " common words and " +
                     std::to_string(hunspell.names.size()) + " names from " + options.hunspell_dic);
  } else {
    Log(options, "no " + options.hunspell_dic + " (apt install hunspell-ar); keeping the existing " +
                     ner::WordsPathFor(out_path) + " and gazetteer");
  }
  if (std::filesystem::is_directory(gaz_dir)) {
    const std::string data_dir = options.data_dir.empty() ? ner::DefaultDataDir() : options.data_dir;
    RETURN_IF_ERROR(CompileGazetteer(gaz_dir, gaz_path, have_hunspell ? &hunspell : nullptr,
                                     options.curated_names ? CuratedNameFiles(data_dir) : std::vector<std::string>{}));
    Log(options, "compiled gazetteer " + gaz_path + " from " + gaz_dir);
  } else {
    Log(options, "no " + gaz_dir + "; using the existing " + gaz_path);
  }
  const size_t split = DevSplitIndex(sentences.size(), options.dev_fraction);
  if (options.clusters) {
    // Raw text for the clusters: the training part of the data (never dev)
    // and the shared unlabelled corpora that are present.
    std::vector<std::string> texts;
    std::string sources = data_path + " (first " + std::to_string(split) + " sentences)";
    for (size_t i = 0; i < split; ++i) {
      std::string t;
      for (const std::string& w : sentences[i].words) t += w, t += ' ';
      texts.push_back(std::move(t));
    }
    for (const std::string& path : options.raw_text) {
      const size_t before = texts.size();
      RETURN_IF_ERROR(ReadRawTexts(path, &texts));
      sources += ", " + path + " (" + std::to_string(texts.size() - before) + " texts)";
    }
    const std::vector<WordCluster> clusters = BuildWordClusters(texts);
    RETURN_IF_ERROR(WriteWordClusters(clusters, sources, ner::ClustersPathFor(out_path)));
    Log(options, "clustered " + std::to_string(clusters.size()) + " words into " + ner::ClustersPathFor(out_path) +
                     " (" + std::to_string(SecondsSince(start)) + " s)");
  } else {
    std::filesystem::remove(ner::ClustersPathFor(out_path));
  }
  ASSIGN_OR_RETURN(ner::NerLexicon lexicon, ner::LoadLexiconFor(out_path, options.data_dir));
  const ner::FeatureExtractor extractor(lexicon);

  std::vector<ConllSentence> dev(sentences.begin() + split, sentences.end());
  // Writes the model, reads it back through the runtime path and scores
  // what was saved on dev (the last step of both learners).
  auto save_and_score = [&](const ner::NerModel& model) -> Status {
    const std::string bytes = model.Serialize();
    report.model_bytes = bytes.size();
    report.nonzero_rows = model.nonzero_rows();
    RETURN_IF_ERROR(WriteFileAtomically(out_path, bytes));
    ASSIGN_OR_RETURN(ner::NerModel loaded, ner::NerModel::Deserialize(bytes, extractor.Fingerprint(), out_path));
    auto tagger = ner::Tagger::FromParts(std::move(lexicon), std::move(loaded), options.kb);
    if (!dev.empty()) report.dev = EvaluateTagger(*tagger, dev, options.kb, nullptr, nullptr, options.doc_sentences);
    report.seconds = SecondsSince(start);
    return Status::Ok();
  };
  report.train_sentences = split;
  report.dev_sentences = dev.size();
  if (!options.dev_out.empty()) {
    std::ofstream out(options.dev_out, std::ios::trunc);
    out << FormatConll(dev);
    if (!out) return IoError("cannot write " + options.dev_out);
    Log(options, "dev split (" + std::to_string(dev.size()) + " sentences) written to " + options.dev_out);
  }

  // Features are computed once; training only reads them. Documents are
  // blocks of doc_sentences consecutive sentences (ANERcorp has no marks).
  // Extra training data (never in tune or dev) goes first.
  std::vector<ConllSentence> extra;
  for (const std::string& path : options.extra_data) {
    auto more = ReadNestedConll(path);
    if (!more.ok()) return more.status().WithContext("extra training data");
    for (ConllSentence& s : more.value()) extra.push_back(std::move(s));
    Log(options, "extra training data " + path);
  }
  report.extra_sentences = extra.size();
  const size_t num_extra = extra.size();
  auto train_sentence = [&](size_t i) -> const ConllSentence& {
    return i < num_extra ? extra[i] : sentences[i - num_extra];
  };
  const size_t total = num_extra + split;
  std::vector<Example> train(total);
  size_t num_docs = 0;
  {
    const size_t block = std::max<size_t>(options.doc_sentences, 1);
    ner::FeatureBuffer buf;
    ner::DocContext doc;
    std::vector<AlignedSentence> aligned;
    std::vector<std::vector<ner::PhraseMatch>> kb;
    for (size_t b = 0; b < total;) {
      // Blocks do not straddle the extra data / ANERcorp boundary.
      const size_t e = std::min(b < num_extra ? num_extra : total, b + block);
      aligned.clear();
      kb.clear();
      doc.Clear();
      for (size_t i = b; i < e; ++i) {
        aligned.push_back(Align(train_sentence(i)));
        kb.push_back(ner::KbMatches(options.kb, aligned.back().tokens, aligned.back().text));
        if (options.doc_sentences > 1) {
          extractor.AddToDocContext(aligned.back().tokens.data(), aligned.back().tokens.size(), kb.back(), &buf,
                                    &doc);
        }
      }
      for (size_t i = b; i < e; ++i) {
        const AlignedSentence& a = aligned[i - b];
        extractor.Extract(a.tokens.data(), a.tokens.size(), kb[i - b], options.rows_log2, &buf,
                          options.doc_sentences > 1 ? &doc : nullptr);
        train[i].rows = buf.rows;
        train[i].offsets = buf.offsets;
        train[i].gold = a.token_gold;
        train[i].form = buf.form_keys;
        train[i].norm = buf.norm_keys;
        train[i].stem = buf.stem_keys;
        train[i].candidate = buf.candidate;
        train[i].doc = num_docs;
        report.train_tokens += a.tokens.size();
      }
      b = e;
      ++num_docs;
    }
  }
  Log(options, "features of " + std::to_string(split) + " sentences (" + std::to_string(report.train_tokens) +
                   " tokens) in " + std::to_string(SecondsSince(start)) + " s");

  if (options.crf) {
    // Linear-chain CRF: c2 on the tune slice, then the whole training part.
    auto sequences = [&](size_t count) {
      std::vector<CrfSequence> out;
      for (size_t i = 0; i < count; ++i) {
        out.push_back({train[i].rows.data(), train[i].offsets.data(), train[i].gold.data(), train[i].gold.size()});
      }
      return out;
    };
    CrfTrainOptions crf_options;
    crf_options.max_iterations = options.crf_max_iterations;
    crf_options.log = options.log;
    std::vector<float> crf_w, crf_t;
    double c2 = options.crf_c2.front();
    double o_bias = options.crf_o_bias.empty() ? 0.0 : options.crf_o_bias.front();
    // Subtracting b from every transition into O (and from the start) is
    // subtracting b from O's emission at every token.
    auto with_o_bias = [](std::vector<float> t, double b) {
      for (int p = 0; p <= kNumTags; ++p) t[static_cast<size_t>(p) * kNumTags + ner::kTagO] -= static_cast<float>(b);
      return t;
    };
    const size_t tune_split = options.tune_fraction > 0 ? DevSplitIndex(split, options.tune_fraction) : split;
    if ((options.crf_c2.size() > 1 || options.crf_o_bias.size() > 1) && tune_split < split && tune_split > 0) {
      const std::vector<ConllSentence> tune(sentences.begin() + tune_split, sentences.begin() + split);
      report.tune_sentences = tune.size();
      double best = -1;
      for (double candidate : options.crf_c2) {
        crf_options.c2 = candidate;
        ASSIGN_OR_RETURN(CrfTrainReport r, TrainCrf(sequences(num_extra + tune_split), options.rows_log2,
                                                    crf_options, &crf_w, &crf_t));
        for (double bias : options.crf_o_bias) {
          auto tagger = ner::Tagger::FromParts(
              lexicon, ner::NerModel::FromFloat(options.rows_log2, crf_w, with_o_bias(crf_t, bias), 0), options.kb);
          const double f1 =
              EvaluateTagger(*tagger, tune, options.kb, nullptr, nullptr, options.doc_sentences).micro.f1();
          if (bias == options.crf_o_bias.front()) report.tune_f1_by_c2.push_back(f1);
          report.tune_f1_by_c2_bias.push_back(f1);
          Log(options, "CRF c2 " + std::to_string(candidate) + " O bias " + std::to_string(bias) + ": tune F1 " +
                           std::to_string(f1) + " (" + std::to_string(r.iterations) + " iterations, " +
                           std::to_string(SecondsSince(start)) + " s)");
          if (f1 > best) best = f1, c2 = candidate, o_bias = bias;
        }
      }
      Log(options, "CRF: best c2 " + std::to_string(c2) + ", O bias " + std::to_string(o_bias) +
                       "; retraining on the whole training part");
    }
    crf_options.c2 = c2;
    ASSIGN_OR_RETURN(CrfTrainReport r, TrainCrf(sequences(total), options.rows_log2, crf_options, &crf_w, &crf_t));
    report.crf_c2 = c2;
    report.crf_o_bias = o_bias;
    report.crf_iterations = r.iterations;
    if (!dev.empty() && o_bias != 0) {
      auto tagger = ner::Tagger::FromParts(lexicon, ner::NerModel::FromFloat(options.rows_log2, crf_w, crf_t, 0),
                                           options.kb);
      report.dev_no_bias = EvaluateTagger(*tagger, dev, options.kb, nullptr, nullptr, options.doc_sentences);
      Log(options, "CRF without the O bias: dev F1 " + std::to_string(report.dev_no_bias.micro.f1()));
    }
    ner::NerModel model =
        ner::NerModel::FromFloat(options.rows_log2, crf_w, with_o_bias(crf_t, o_bias), extractor.Fingerprint());
    model.set_kind(ner::NerModel::Kind::kCrf);
    crf_w.clear();
    crf_w.shrink_to_fit();
    RETURN_IF_ERROR(save_and_score(model));
    return report;
  }

  // Runs `epochs` epochs over data[order...] from zero weights; after each
  // epoch `after_epoch(epoch, p)` may stop the run by returning false.
  auto run_on = [&](const std::vector<Example>& data, std::vector<size_t> order, int epochs, uint64_t seed,
                    const std::function<bool(int, const Perceptron&)>& after_epoch) {
    auto p = std::make_unique<Perceptron>(options.rows_log2);
    uint64_t rng = seed;
    std::vector<float> emissions, scores, trans;
    std::vector<uint8_t> back;
    std::vector<int> pred;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
      for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[NextRandom(rng) % i]);
      size_t mistakes = 0;
      for (size_t idx : order) {
        const Example& ex = data[idx];
        const size_t n = ex.gold.size();
        if (n == 0) continue;
        p->Emissions(ex, &emissions);
        // Cost-augmented decoding: wrong tags get a head start, so updates
        // keep going until the gold sequence wins by a margin; missing an
        // entity costs more than a wrong label (recall is the weak side).
        for (size_t i = 0; i < n; ++i) {
          for (int t = 0; t < kNumTags; ++t) {
            if (t == ex.gold[i]) continue;
            emissions[i * kNumTags + t] += (t == ner::kTagO ? options.miss_cost : options.cost);
          }
        }
        trans.assign(p->tw.begin(), p->tw.end());
        ner::ViterbiDecode(emissions.data(), n, trans.data(), &pred, &scores, &back);
        for (size_t i = 0; i < n; ++i) {
          if (pred[i] != ex.gold[i]) {
            ++mistakes;
            p->UpdateToken(ex, i, ex.gold[i], 1.f);
            p->UpdateToken(ex, i, pred[i], -1.f);
          }
          const int gp = i ? ex.gold[i - 1] : -1, pp = i ? pred[i - 1] : -1;
          if (gp != pp || ex.gold[i] != pred[i]) {
            p->UpdateTransition(gp, ex.gold[i], 1.0);
            p->UpdateTransition(pp, pred[i], -1.0);
          }
        }
        p->c += 1;
      }
      Log(options, "epoch " + std::to_string(epoch) + ": " + std::to_string(mistakes) + " token errors (" +
                       std::to_string(SecondsSince(start)) + " s)");
      if (after_epoch && !after_epoch(epoch, *p)) break;
    }
    return p;
  };

  auto first_n = [](size_t count) {
    std::vector<size_t> order(count);
    for (size_t i = 0; i < count; ++i) order[i] = i;
    return order;
  };
  auto run_with = [&](size_t count, int epochs, uint64_t seed,
                      const std::function<bool(int, const Perceptron&)>& after_epoch) {
    return run_on(train, first_n(count), epochs, seed, after_epoch);
  };

  auto run = [&](size_t count, int epochs, const std::function<bool(int, const Perceptron&)>& after_epoch) {
    return run_with(count, epochs, options.seed, after_epoch);
  };
  std::vector<float> avg_w, avg_t;
  int epochs = options.epochs;
  std::unique_ptr<ner::NerModel> tune_pass1;  // pass 1 trained without the tune slice (best epoch)
  const size_t tune_split = options.tune_fraction > 0 ? DevSplitIndex(split, options.tune_fraction) : split;
  if (tune_split < split && tune_split > 0) {
    const std::vector<ConllSentence> tune(sentences.begin() + tune_split, sentences.begin() + split);
    report.tune_sentences = tune.size();
    double best = -1;
    int best_epoch = 1;
    run(num_extra + tune_split, options.epochs, [&](int epoch, const Perceptron& p) {
      p.Averaged(&avg_w, &avg_t);
      auto tagger = ner::Tagger::FromParts(lexicon, ner::NerModel::FromFloat(options.rows_log2, avg_w, avg_t, 0),
                                           options.kb);
      const double f1 = EvaluateTagger(*tagger, tune, options.kb, nullptr, nullptr, options.doc_sentences).micro.f1();
      report.tune_f1_by_epoch.push_back(f1);
      Log(options, "  tune F1 " + std::to_string(f1));
      if (f1 > best) {
        best = f1, best_epoch = epoch;
        tune_pass1 = std::make_unique<ner::NerModel>(ner::NerModel::FromFloat(options.rows_log2, avg_w, avg_t, 0));
      }
      return epoch - best_epoch < options.patience;
    });
    epochs = best_epoch;
    Log(options, "best tune F1 " + std::to_string(best) + " after " + std::to_string(epochs) +
                     " epochs; retraining on the whole training part");
  }
  report.epochs = epochs;
  // The saved weights are the mean of `ensemble` runs that differ only in
  // their shuffling seed: one run's score moves by +-1 F1 with the seed.
  auto ensemble = [&](const std::vector<Example>& data, size_t count, int n_epochs, std::vector<float>* w,
                      std::vector<float>* t) {
    std::vector<float> sum_w, sum_t;
    for (int k = 0; k < options.ensemble; ++k) {
      const std::unique_ptr<Perceptron> pk =
          run_on(data, first_n(count), n_epochs, options.seed + static_cast<uint64_t>(k), nullptr);
      pk->Averaged(&avg_w, &avg_t);
      if (k == 0) {
        sum_w = avg_w, sum_t = avg_t;
      } else {
        for (size_t i = 0; i < sum_w.size(); ++i) sum_w[i] += avg_w[i];
        for (size_t i = 0; i < sum_t.size(); ++i) sum_t[i] += avg_t[i];
      }
    }
    const float inv = 1.0f / static_cast<float>(options.ensemble);
    for (float& x : sum_w) x *= inv;
    for (float& x : sum_t) x *= inv;
    *w = std::move(sum_w);
    *t = std::move(sum_t);
  };
  std::vector<float> pass1_w, pass1_t;
  ensemble(train, total, epochs, &pass1_w, &pass1_t);
  ner::NerModel model = ner::NerModel::FromFloat(options.rows_log2, pass1_w, pass1_t, extractor.Fingerprint());
  pass1_w.clear();
  pass1_w.shrink_to_fit();

  if (options.stack_folds >= 2 && num_docs >= static_cast<size_t>(options.stack_folds)) {
    // Pass 2 (stacking.h). Pass-1 tags of the training sentences come from
    // models that did not see their document (k-fold over documents), so
    // pass 2 learns how far to trust pass 1 on unseen text.
    const size_t folds = static_cast<size_t>(options.stack_folds);
    std::vector<std::vector<int>> tags1(total);
    std::vector<Example> train2(total);
    {
      std::vector<float> emissions, scores;
      std::vector<uint8_t> back;
      for (size_t f = 0; f < folds; ++f) {
        std::vector<size_t> order;
        for (size_t i = 0; i < total; ++i) {
          if (train[i].doc % folds != f) order.push_back(i);
        }
        const std::unique_ptr<Perceptron> pf = run_on(train, order, epochs, options.seed + 100 + f, nullptr);
        pf->Averaged(&avg_w, &avg_t);
        for (size_t i = 0; i < total; ++i) {
          if (train[i].doc % folds != f) continue;
          DecodeFloat(avg_w, avg_t, train[i], &tags1[i], &emissions, &scores, &back);
          train2[i].base = emissions;
        }
        Log(options, "pass 1 fold " + std::to_string(f + 1) + "/" + std::to_string(folds) + " (" +
                         std::to_string(SecondsSince(start)) + " s)");
      }
    }
    {
      ner::StackMemory memory;
      for (size_t b = 0; b < total;) {
        size_t e = b;
        while (e < total && train[e].doc == train[b].doc) ++e;
        memory.Clear();
        for (size_t i = b; i < e; ++i) memory.Add(train[i].Stack(), tags1[i].data());
        for (size_t i = b; i < e; ++i) {
          ner::StackFeatures(train[i].Stack(), tags1[i].data(), memory, nullptr, nullptr, options.rows_log2,
                             &train2[i].rows, &train2[i].offsets);
          train2[i].gold = train[i].gold;
        }
        b = e;
      }
    }
    const uint64_t fingerprint2 = ner::StackFingerprint(extractor.Fingerprint());
    int epochs2 = epochs;
    if (tune_pass1 != nullptr) {
      const std::vector<ConllSentence> tune(sentences.begin() + tune_split, sentences.begin() + split);
      double best = -1;
      int best_epoch = 1;
      run_on(train2, first_n(num_extra + tune_split), options.epochs, options.seed,
             [&](int epoch, const Perceptron& p) {
               p.Averaged(&avg_w, &avg_t);
               ner::NerModel m = *tune_pass1;
               m.set_pass2(ner::NerModel::FromFloat(options.rows_log2, avg_w, avg_t, 0));
               auto tagger = ner::Tagger::FromParts(lexicon, std::move(m), options.kb);
               const double f1 =
                   EvaluateTagger(*tagger, tune, options.kb, nullptr, nullptr, options.doc_sentences).micro.f1();
               report.tune2_f1_by_epoch.push_back(f1);
               Log(options, "  pass 2 tune F1 " + std::to_string(f1));
               if (f1 > best) best = f1, best_epoch = epoch;
               return epoch - best_epoch < options.patience;
             });
      epochs2 = best_epoch;
      Log(options, "pass 2: best tune F1 " + std::to_string(best) + " after " + std::to_string(epochs2) + " epochs");
    }
    report.epochs2 = epochs2;
    std::vector<float> pass2_w, pass2_t;
    ensemble(train2, total, epochs2, &pass2_w, &pass2_t);
    model.set_pass2(ner::NerModel::FromFloat(options.rows_log2, pass2_w, pass2_t, fingerprint2));
  }

  RETURN_IF_ERROR(save_and_score(model));
  return report;
}

// Every file of a model (the model and the lexicons compiled beside it) is
// written in a staging directory next to it and renamed into place only
// when training has succeeded, the model last: a killed or failed run
// leaves the previous model and its lexicons as they were.
StatusOr<NerTrainReport> TrainNer(const NerTrainOptions& options) {
  namespace fs = std::filesystem;
  const std::string out_path = options.out_path.empty() ? ner::DefaultModelPath() : options.out_path;
  const fs::path final_model(out_path);
  const fs::path dir = final_model.has_parent_path() ? final_model.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("no directory " + dir.string() + " for the model " + out_path);
  const fs::path stage = dir / (".ner-train-" + std::to_string(::getpid()));
  fs::remove_all(stage, ec);
  if (!fs::create_directory(stage, ec)) return IoError("cannot create " + stage.string() + ": " + ec.message());
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(p, e);
    }
  } cleanup{stage};
  const std::string staged_model = (stage / final_model.filename()).string();
  const std::string companions[] = {ner::GazetteerPathFor(out_path), ner::WordsPathFor(out_path),
                                    ner::ClustersPathFor(out_path)};
  const std::string staged[] = {ner::GazetteerPathFor(staged_model), ner::WordsPathFor(staged_model),
                                ner::ClustersPathFor(staged_model)};
  // Lexicons that training keeps when their sources are missing start as
  // copies of the current ones.
  for (size_t i = 0; i < 3; ++i) {
    if (fs::exists(companions[i], ec) && !fs::copy_file(companions[i], staged[i], ec)) {
      return IoError("cannot copy " + companions[i] + " to " + staged[i] + ": " + ec.message());
    }
  }
  ASSIGN_OR_RETURN(NerTrainReport report, TrainNerInto(options, staged_model));
  for (size_t i = 0; i < 3; ++i) {
    if (fs::exists(staged[i], ec)) {
      fs::rename(staged[i], companions[i], ec);
    } else {
      fs::remove(companions[i], ec);  // e.g. --no-clusters
    }
    if (ec) return IoError("cannot move " + staged[i] + " to " + companions[i] + ": " + ec.message());
  }
  fs::rename(staged_model, out_path, ec);
  if (ec) return IoError("cannot move " + staged_model + " to " + out_path + ": " + ec.message());
  return report;
}

}  // namespace marsad::train
