#include "marsad/extract/ner/tagger.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/extract/ner/stacking.h"

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
  DocContext doc;
  StackMemory memory;
  FeatureBuffer stacked;
  std::vector<float> emissions1;  // pass-1 emissions of the document (pass 2 adds to them)
  // One prepared buffer per sentence of the article being tagged (kept
  // across articles so their vectors are reused).
  std::vector<FeatureBuffer> prepared;
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

std::string WordsPathFor(const std::string& model_path) {
  const size_t slash = model_path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : model_path.substr(0, slash);
  return dir + "/ner_words.txt";
}

std::string ClustersPathFor(const std::string& model_path) {
  const size_t slash = model_path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "." : model_path.substr(0, slash);
  return dir + "/ner_clusters.txt";
}

StatusOr<NerLexicon> LoadLexiconFor(const std::string& model_path, const std::string& data_dir) {
  const std::string dir = data_dir.empty() ? DefaultDataDir() : data_dir;
  const std::string clusters = ClustersPathFor(model_path);
  const std::string words = WordsPathFor(model_path);
  return NerLexicon::Load(dir + "/" + kTriggersFile, GazetteerPathFor(model_path),
                          std::filesystem::exists(clusters) ? clusters : std::string(),
                          std::filesystem::exists(words) ? words : std::string());
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

void PropagateInDocument(const Token* tokens, size_t n, std::vector<int>* tags, const NerLexicon* lexicon) {
  std::vector<int>& t = *tags;
  if (t.size() < n) return;
  struct Seen {
    int type;
    bool conflict;
  };
  std::unordered_map<uint64_t, Seen> seen;  // hash of the chunk's forms -> type
  auto key_of = [&](uint32_t b, uint32_t e) {
    uint64_t h = 0x9E3779B97F4A7C15ULL * (e - b);
    for (uint32_t i = b; i < e; ++i) h = (h ^ FormKey(tokens[i])) * 0xBF58476D1CE4E5B9ULL;
    return h;
  };
  for (const Chunk& c : ChunksFromTags(t)) {
    if (c.end - c.begin > 3) continue;
    // Short forms (one or two letters) are too ambiguous to propagate.
    if (c.end - c.begin == 1 && tokens[c.begin].form.size() < 6) continue;
    auto [it, inserted] = seen.emplace(key_of(c.begin, c.end), Seen{c.type, false});
    if (!inserted && it->second.type != c.type) it->second.conflict = true;
  }
  // A person named in full is later named by the surname alone: the last
  // word of a 2-3-word PER chunk counts as that person too, unless it is a
  // common word of the language (a dictionary entry that is not a name).
  if (lexicon != nullptr && lexicon->num_common_words() > 0) {
    for (const Chunk& c : ChunksFromTags(t)) {
      if (c.end - c.begin < 2 || c.end - c.begin > 3 || c.type != ChunkTypeIndexOfLabel("PER")) continue;
      const Token& last = tokens[c.end - 1];
      if (last.kind != TokenKind::kWord || last.form.size() < 6 || lexicon->IsCommonWord(FormKey(last))) continue;
      auto [it, inserted] = seen.emplace(key_of(c.end - 1, c.end), Seen{c.type, false});
      if (!inserted && it->second.type != c.type) it->second.conflict = true;
    }
  }
  if (seen.empty()) return;
  for (uint32_t len = 3; len >= 1; --len) {
    for (uint32_t i = 0; i + len <= n; ++i) {
      bool free = true;
      for (uint32_t k = i; k < i + len; ++k) free = free && t[k] == kTagO;
      if (!free || (i + len < n && IsInside(t[i + len]))) continue;
      auto it = seen.find(key_of(i, i + len));
      if (it == seen.end() || it->second.conflict) continue;
      t[i] = BeginTag(it->second.type);
      for (uint32_t k = i + 1; k < i + len; ++k) t[k] = InsideTag(it->second.type);
    }
  }
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
                       std::vector<int>* tags, const DocContext* doc) const {
  Scratch& s = ThreadScratch();
  extractor_.Extract(tokens, n, kb_matches, model_.rows_log2(), &s.features, doc);
  model_.Emissions(s.features, &s.emissions);
  ViterbiDecode(s.emissions.data(), n, model_.transitions().data(), tags, &s.scores, &s.back);
}

void Tagger::TagDocument(const Token* tokens, size_t num_tokens,
                         const std::vector<std::pair<uint32_t, uint32_t>>& ranges,
                         const std::vector<PhraseMatch>& kb_all, std::vector<int>* tags_out,
                         std::vector<float>* margins) const {
  Scratch& s = ThreadScratch();
  // Document evidence first (what surrounds each form anywhere in the
  // document), then each sentence is tagged with it.
  auto kb_of = [&](uint32_t first, uint32_t end) {
    s.kb_sentence.clear();
    for (const PhraseMatch& m : kb_all) {
      if (m.begin >= first && m.end <= end) s.kb_sentence.push_back({m.begin - first, m.end - first, m.label});
    }
  };
  s.doc.Clear();
  if (s.prepared.size() < ranges.size()) s.prepared.resize(ranges.size());
  for (size_t r = 0; r < ranges.size(); ++r) {
    const auto& [first, end] = ranges[r];
    kb_of(first, end);
    extractor_.Prepare(tokens + first, end - first, s.kb_sentence, &s.prepared[r]);
    extractor_.AddPreparedToDocContext(tokens + first, end - first, s.prepared[r], &s.doc);
  }

  std::vector<int>& tags = *tags_out;
  tags.assign(num_tokens, kTagO);
  if (margins) margins->assign(num_tokens, 0.f);
  const NerModel* pass2 = model_.pass2();
  if (pass2 != nullptr) s.emissions1.resize(num_tokens * kNumTags);
  auto decode = [&](const NerModel& model, const FeatureBuffer& features, uint32_t first, size_t n) {
    model.Emissions(features, &s.emissions);
    if (pass2 == nullptr) {
    } else if (&model == pass2) {
      const float* base = s.emissions1.data() + size_t{first} * kNumTags;
      for (size_t k = 0; k < n * kNumTags; ++k) s.emissions[k] += base[k];
    } else {
      std::copy(s.emissions.begin(), s.emissions.begin() + n * kNumTags, s.emissions1.begin() + size_t{first} * kNumTags);
    }
    ViterbiDecode(s.emissions.data(), n, model.transitions().data(), &s.tags, &s.scores, &s.back);
    for (size_t i = 0; i < n; ++i) {
      tags[first + i] = s.tags[i];
      if (!margins) continue;
      const float* e = &s.emissions[i * kNumTags];
      float other = -1e30f;
      for (int t = 0; t < kNumTags; ++t) {
        if (t != s.tags[i]) other = std::max(other, e[t]);
      }
      (*margins)[first + i] = e[s.tags[i]] - other;
    }
  };
  for (size_t r = 0; r < ranges.size(); ++r) {
    const auto& [first, end] = ranges[r];
    extractor_.ExtractPrepared(tokens + first, end - first, model_.rows_log2(), &s.prepared[r], &s.doc);
    decode(model_, s.prepared[r], first, end - first);
  }

  if (pass2 != nullptr) {
    auto stack_tokens = [&](size_t r) {
      const FeatureBuffer& b = s.prepared[r];
      return StackTokens{b.form_keys.data(), b.norm_keys.data(), b.stem_keys.data(), b.candidate.data(),
                         ranges[r].second - ranges[r].first};
    };
    s.memory.Clear();
    for (size_t r = 0; r < ranges.size(); ++r) s.memory.Add(stack_tokens(r), tags.data() + ranges[r].first);
    const std::vector<int> tags1 = tags;
    for (size_t r = 0; r < ranges.size(); ++r) {
      const auto& [first, end] = ranges[r];
      const FeatureBuffer& b = s.prepared[r];
      StackFeatures(stack_tokens(r), tags1.data() + first, s.memory, nullptr, nullptr, pass2->rows_log2(),
                    &s.stacked.rows, &s.stacked.offsets);
      decode(*pass2, s.stacked, first, end - first);
    }
  }

  if (margins) {
    const std::vector<int> before = tags;
    PropagateInDocument(tokens, num_tokens, &tags, &lexicon_);
    for (size_t i = 0; i < num_tokens; ++i) {
      if (before[i] != tags[i]) (*margins)[i] = 0.f;
    }
  } else {
    PropagateInDocument(tokens, num_tokens, &tags, &lexicon_);
  }
}

std::vector<Mention> Tagger::Tag(const Article& article) const {
  std::vector<Mention> mentions;
  const std::vector<Token>& tokens = article.tokens;
  if (tokens.empty()) return mentions;
  Scratch& s = ThreadScratch();
  const std::vector<PhraseMatch> kb_all = KbMatches(kb_, tokens, article.text);

  // Sentence ranges (the whole text when there are no sentences).
  std::vector<std::pair<uint32_t, uint32_t>> ranges;
  const uint32_t num_tokens = static_cast<uint32_t>(tokens.size());
  if (article.sentences.empty()) {
    ranges.emplace_back(0, num_tokens);
  } else {
    uint32_t covered = 0;
    for (const Sentence& sent : article.sentences) {
      const uint32_t b = std::max(sent.first_token, covered);
      const uint32_t e = std::min(sent.end_token, num_tokens);
      if (e > b) ranges.emplace_back(b, e);
      covered = std::max(covered, e);
    }
  }

  std::vector<int> tags;
  // Margin of the chosen tag over the best other one, per token: a cheap,
  // monotone confidence (tokens relabelled by propagation keep 0).
  std::vector<float> margin;
  TagDocument(tokens.data(), tokens.size(), ranges, kb_all, &tags, &margin);

  for (const auto& [first, end] : ranges) {
    s.tags.assign(tags.begin() + first, tags.begin() + end);
    for (const Chunk& c : ChunksFromTags(s.tags)) {
      const Token& first_tok = tokens[first + c.begin];
      const Token& last_tok = tokens[first + c.end - 1];
      Mention m;
      m.span.begin = first_tok.span.begin;
      if (first_tok.prefix_bytes < first_tok.span.size()) m.span.begin += first_tok.prefix_bytes;
      m.span.end = last_tok.span.end;
      m.type = kChunkTypes[c.type];
      float min_margin = 1e9f;
      for (uint32_t i = first + c.begin; i < first + c.end; ++i) min_margin = std::min(min_margin, margin[i]);
      m.confidence = 1.0f / (1.0f + std::exp(-min_margin));
      mentions.push_back(std::move(m));
    }
  }
  return mentions;
}

}  // namespace marsad::ner
