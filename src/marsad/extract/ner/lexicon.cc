#include "marsad/extract/ner/lexicon.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "marsad/text/tokenizer.h"

namespace marsad::ner {

std::string DefaultDataDir() {
  if (const char* env = std::getenv("MARSAD_DATA"); env != nullptr && *env != '\0') return env;
  return std::string(MARSAD_SOURCE_DIR) + "/data";
}

uint64_t FormKey(const Token& token) { return HashBytes(token.form.empty() ? token.norm : token.form); }

StatusOr<std::string> ReadFileToString(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError("error reading " + path);
  return ss.str();
}

namespace {

// Calls fn(line_number, key, value) for each "KEY<TAB>value" line.
template <typename Fn>
Status ForEachEntry(std::string_view content, std::string_view what, Fn fn) {
  size_t pos = 0;
  int line_no = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    if (nl == std::string_view::npos) nl = content.size();
    std::string_view line = content.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 >= line.size()) {
      return DataLoss(std::string(what) + ":" + std::to_string(line_no) +
                      ": expected KEY<TAB>phrase, got '" + std::string(line) + "'");
    }
    RETURN_IF_ERROR(fn(line_no, line.substr(0, tab), line.substr(tab + 1)));
  }
  return Status::Ok();
}

std::vector<uint64_t> PhraseKeys(std::string_view phrase) {
  std::vector<uint64_t> keys;
  for (const Token& t : text::Tokenize(phrase)) keys.push_back(FormKey(t));
  return keys;
}

}  // namespace

StatusOr<NerLexicon> NerLexicon::Parse(std::string_view triggers, std::string_view gazetteer,
                                       std::string_view clusters, std::string_view words) {
  NerLexicon lex;
  // Trigger classes get ids in name order so that the ids do not depend on
  // the order of lines.
  std::map<std::string, int> classes;
  RETURN_IF_ERROR(ForEachEntry(triggers, "ner_triggers", [&](int, std::string_view key, std::string_view) {
    classes.emplace(std::string(key), 0);
    return Status::Ok();
  }));
  if (classes.size() > 64) return InvalidArgument("ner_triggers: more than 64 trigger classes");
  for (auto& [name, id] : classes) {
    id = static_cast<int>(lex.trigger_classes_.size());
    lex.trigger_classes_.push_back(name);
  }
  RETURN_IF_ERROR(ForEachEntry(triggers, "ner_triggers", [&](int, std::string_view key, std::string_view phrase) {
    lex.triggers_.Add(PhraseKeys(phrase), classes.at(std::string(key)));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ForEachEntry(gazetteer, "ner_gazetteer", [&](int line, std::string_view key, std::string_view name) {
    // "TYPE" (ANERGazet, hunspell) or "cur-TYPE" (hand-curated): labels
    // 0-3 and 4-7, so the tagger weighs the two sources apart.
    const bool curated = key.starts_with("cur-");
    const std::string_view type = curated ? key.substr(4) : key;
    if (type != "PER" && type != "ORG" && type != "LOC" && type != "MISC") {
      return DataLoss("ner_gazetteer:" + std::to_string(line) + ": unknown type '" + std::string(key) + "'");
    }
    lex.gazetteer_.Add(PhraseKeys(name), ChunkTypeIndexOfLabel(type) + (curated ? kCuratedGazetteerLabel : 0));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ForEachEntry(clusters, "ner_clusters", [&](int line, std::string_view form, std::string_view ids) {
    const size_t tab = ids.find('\t');
    uint32_t coarse = 0, fine = 0;
    bool ok = tab != std::string_view::npos && tab > 0 && tab + 1 < ids.size();
    for (size_t i = 0; ok && i < ids.size(); ++i) {
      if (i == tab) continue;
      ok = ids[i] >= '0' && ids[i] <= '9' && (i < tab ? coarse : fine) < 10000;
      if (ok) (i < tab ? coarse : fine) = (i < tab ? coarse : fine) * 10 + static_cast<uint32_t>(ids[i] - '0');
    }
    if (!ok) {
      return DataLoss("ner_clusters:" + std::to_string(line) + ": expected form<TAB>coarse<TAB>fine");
    }
    lex.clusters_[HashBytes(form)] = coarse << 16 | fine;
    return Status::Ok();
  }));
  for (size_t pos = 0; pos < words.size();) {
    size_t nl = words.find('\n', pos);
    if (nl == std::string_view::npos) nl = words.size();
    std::string_view w = words.substr(pos, nl - pos);
    pos = nl + 1;
    if (!w.empty() && w.back() == '\r') w.remove_suffix(1);
    if (!w.empty() && w[0] != '#') lex.common_words_.insert(HashBytes(w));
  }
  lex.content_hash_ = HashBytes(std::string(triggers) + '\x01' + std::string(gazetteer) +
                                (clusters.empty() ? std::string() : '\x02' + std::string(clusters)));
  if (!words.empty()) lex.content_hash_ ^= HashBytes(words) * 0x9E3779B97F4A7C15ULL;
  return lex;
}

StatusOr<NerLexicon> NerLexicon::Load(const std::string& triggers_path, const std::string& gazetteer_path,
                                      const std::string& clusters_path, const std::string& words_path) {
  ASSIGN_OR_RETURN(std::string triggers, ReadFileToString(triggers_path));
  ASSIGN_OR_RETURN(std::string gazetteer, ReadFileToString(gazetteer_path));
  std::string clusters;
  if (!clusters_path.empty()) {
    ASSIGN_OR_RETURN(clusters, ReadFileToString(clusters_path));
  }
  std::string words;
  if (!words_path.empty()) {
    ASSIGN_OR_RETURN(words, ReadFileToString(words_path));
  }
  return Parse(triggers, gazetteer, clusters, words);
}

StatusOr<NerLexicon> NerLexicon::LoadFromDataDir(const std::string& data_dir) {
  const std::string dir = data_dir.empty() ? DefaultDataDir() : data_dir;
  const std::string clusters = dir + "/" + kClustersFile;
  const std::string words = dir + "/" + kWordsFile;
  return Load(dir + "/" + kTriggersFile, dir + "/" + kGazetteerFile,
              std::filesystem::exists(clusters) ? clusters : std::string(),
              std::filesystem::exists(words) ? words : std::string());
}

}  // namespace marsad::ner
