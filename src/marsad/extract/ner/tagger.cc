#include "marsad/extract/ner/tagger.h"

#include <algorithm>
#include <cmath>

#include "marsad/extract/linking/knowledge_base.h"

namespace marsad::ner {
namespace {

// Per-thread scratch so that Tag allocates nothing in steady state.
struct Scratch {
  FeatureBuffer features;
  std::vector<float> emissions;
  std::vector<float> scores;
  std::vector<uint8_t> back;
  std::vector<int> tags;
  std::vector<PhraseMatch> kb_sentence;
};

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}

}  // namespace

std::string DefaultModelPath() { return DefaultDataDir() + "/models/ner.bin"; }

std::string GazetteerPathFor(const std::string& model_path) {
  const size_t slash = model_path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : model_path.substr(0, slash);
  return dir + "/ner_gazetteer.txt";
}

StatusOr<NerLexicon> LoadLexiconFor(const std::string& model_path, const std::string& data_dir) {
  const std::string dir = data_dir.empty() ? DefaultDataDir() : data_dir;
  return NerLexicon::Load(dir + "/" + kTriggersFile, GazetteerPathFor(model_path));
}

std::vector<PhraseMatch> KbMatches(const linking::KnowledgeBase* kb, const std::vector<Token>& tokens,
                                   std::string_view text) {
  std::vector<PhraseMatch> out;
  if (kb == nullptr || tokens.empty()) return out;
  for (const linking::KbMatch& m : kb->MatchTokens(tokens, text)) {
    if (m.candidates.empty() || m.end_token <= m.first_token) continue;
    const char* type = EntityTypeName(m.candidates.front()->type);
    out.push_back({m.first_token, m.end_token, ChunkTypeIndexOfLabel(type)});
  }
  return out;
}

StatusOr<std::unique_ptr<Tagger>> Tagger::Load(const std::string& model_path, const linking::KnowledgeBase* kb,
                                               const std::string& data_dir) {
  const std::string path = model_path.empty() ? DefaultModelPath() : model_path;
  ASSIGN_OR_RETURN(NerLexicon lexicon, LoadLexiconFor(path, data_dir));
  const uint64_t fingerprint = FeatureExtractor(lexicon).Fingerprint();
  ASSIGN_OR_RETURN(NerModel model, NerModel::Load(path, fingerprint));
  return FromParts(std::move(lexicon), std::move(model), kb);
}

std::unique_ptr<Tagger> Tagger::FromParts(NerLexicon lexicon, NerModel model, const linking::KnowledgeBase* kb) {
  return std::unique_ptr<Tagger>(new Tagger(std::move(lexicon), std::move(model), kb));
}

void Tagger::TagTokens(const Token* tokens, size_t n, const std::vector<PhraseMatch>& kb_matches,
                       std::vector<int>* tags) const {
  Scratch& s = ThreadScratch();
  extractor_.Extract(tokens, n, kb_matches, model_.rows_log2(), &s.features);
  model_.Emissions(s.features, &s.emissions);
  ViterbiDecode(s.emissions.data(), n, model_.transitions().data(), tags, &s.scores, &s.back);
}

std::vector<Mention> Tagger::Tag(const Article& article) const {
  std::vector<Mention> mentions;
  const std::vector<Token>& tokens = article.tokens;
  if (tokens.empty()) return mentions;
  Scratch& s = ThreadScratch();
  const std::vector<PhraseMatch> kb_all = KbMatches(kb_, tokens, article.text);

  auto tag_range = [&](uint32_t first, uint32_t end) {
    if (end <= first) return;
    const size_t n = end - first;
    s.kb_sentence.clear();
    for (const PhraseMatch& m : kb_all) {
      if (m.begin >= first && m.end <= end) s.kb_sentence.push_back({m.begin - first, m.end - first, m.label});
    }
    extractor_.Extract(tokens.data() + first, n, s.kb_sentence, model_.rows_log2(), &s.features);
    model_.Emissions(s.features, &s.emissions);
    ViterbiDecode(s.emissions.data(), n, model_.transitions().data(), &s.tags, &s.scores, &s.back);
    for (const Chunk& c : ChunksFromTags(s.tags)) {
      const Token& first_tok = tokens[first + c.begin];
      const Token& last_tok = tokens[first + c.end - 1];
      Mention m;
      m.span.begin = first_tok.span.begin;
      if (first_tok.prefix_bytes < first_tok.span.size()) m.span.begin += first_tok.prefix_bytes;
      m.span.end = last_tok.span.end;
      m.type = kChunkTypes[c.type];
      // Confidence: logistic of the smallest per-token margin of the chosen
      // tag over the best other tag (a cheap, monotone proxy).
      float margin = 1e9f;
      for (uint32_t i = c.begin; i < c.end; ++i) {
        const float* e = &s.emissions[i * kNumTags];
        float other = -1e30f;
        for (int t = 0; t < kNumTags; ++t) {
          if (t != s.tags[i]) other = std::max(other, e[t]);
        }
        margin = std::min(margin, e[s.tags[i]] - other);
      }
      m.confidence = 1.0f / (1.0f + std::exp(-margin));
      mentions.push_back(std::move(m));
    }
  };

  if (article.sentences.empty()) {
    tag_range(0, static_cast<uint32_t>(tokens.size()));
  } else {
    uint32_t covered = 0;
    for (const Sentence& sent : article.sentences) {
      const uint32_t b = std::max(sent.first_token, covered);
      const uint32_t e = std::min<uint32_t>(sent.end_token, static_cast<uint32_t>(tokens.size()));
      tag_range(b, e);
      covered = std::max(covered, e);
    }
  }
  return mentions;
}

}  // namespace marsad::ner
