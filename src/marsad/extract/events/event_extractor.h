// EventExtractor: finds the events an article reports (ceasefires and their
// life, talks, mediation, appeals, fighting, casualty reports...), codes each
// with our type, a CAMEO code and a PLOVER category, a mode (asserted,
// negated, future, hypothetical, historical), its actors (parties and
// mediators as ISO3 for states, English organisation names otherwise),
// date, effective time and killed count, and picks the article's main event
// type (Article::event_type, the coarse list in DESIGN.md).
//
// Rules over lexicons, not a model: data/lexicons/events_triggers.tsv
// (trigger phrases and frames), events_cues.tsv (mode and argument cues),
// events_actors.tsv (actor codes), events_dyads.tsv (warring pairs). It reads
// what the earlier stages filled in: tokens, sentences, mentions (linked
// entities with country and role), timexes and numbers.
//
// Immutable after Load; Extract is thread-safe. Holds a pointer to the
// knowledge base (for nisba adjectives), which must outlive it (may be null).
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/extract/events/phrase_table.h"

namespace marsad::linking { class KnowledgeBase; }

namespace marsad::events {

class EventExtractor {
 public:
  // Reads DATA_DIR/lexicons/events_*.tsv.
  static StatusOr<EventExtractor> Load(const std::string& data_dir,
                                       const linking::KnowledgeBase* kb);

  // Fills a.events (replacing them) and a.event_type. Needs a.tokens and
  // a.sentences; uses a.mentions, a.timexes and a.numbers when present.
  void Extract(Article& a) const;

  // The coarse article-level type of an event type (shelling -> strikes,
  // ceasefire_extended -> ceasefire_agreed, mediation -> talks_held ...).
  static std::string CoarseType(const std::string& type);

 private:
  enum class Scope { kSelf, kFrame, kNoun };
  struct Trigger {
    std::string type, cameo, plover;
    float weight = 1;
    Scope scope = Scope::kSelf;
  };
  struct PhraseActor {
    std::string code, unless;
  };
  struct Work;  // per-article scratch state (event_extractor.cc)

  void FindActors(Work& w) const;
  void FindEvents(Work& w) const;
  void ChooseSides(Work& w) const;
  void Finish(Work& w) const;
  std::string ActorCode(const Mention& m) const;

  const linking::KnowledgeBase* kb_ = nullptr;
  std::vector<Trigger> triggers_;
  PhraseTable trigger_table_;
  std::vector<std::string> cue_classes_;
  PhraseTable cue_table_;
  std::unordered_map<std::string, std::string> entity_codes_;
  std::unordered_map<std::string, std::string> word_codes_;
  std::vector<PhraseActor> phrase_actors_;
  PhraseTable actor_table_;
  std::set<std::pair<std::string, std::string>> dyads_;  // both orders
  // Capital city (CapitalKey of its English name) -> ISO3, from kb/countries.tsv.
  std::unordered_map<std::string, std::string> capitals_;
  static std::string CapitalKey(std::string_view name);  // "Washington, D.C." -> "washingtondc"
};

}  // namespace marsad::events
