#include "marsad/extract/events/event_extractor.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <cstdio>
#include <cstdlib>

#include "marsad/core/iso_date.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/text/normalizer.h"

namespace marsad::events {
namespace {

// Reads a TSV lexicon: skips blank lines and '#' comments; calls f(fields, line_no).
template <typename F>
Status ReadTsv(const std::string& path, F f) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot open the event lexicon " + path + " (set MARSAD_DATA to the data folder)");
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    auto fields = SplitTabs(line);
    Status s = f(fields, no);
    if (!s.ok()) return s.WithContext(path + ":" + std::to_string(no));
  }
  return Status::Ok();
}

bool IsCeasefireType(const std::string& t) {
  return t.rfind("ceasefire", 0) == 0;
}
bool IsTalksType(const std::string& t) {
  return t == "talks" || t == "talks_held" || t == "talks_planned" || t == "mediation";
}
bool IsViolenceType(const std::string& t) {
  return t == "clashes" || t == "shelling" || t == "air_strike" || t == "assault" ||
         t == "casualties_report";
}

bool IsFullDate(std::string_view v) {
  return v.size() >= 10 && YearOfIso(v) > 0 && v[4] == '-' && v[7] == '-' &&
         v.find('/') == std::string_view::npos;
}

}  // namespace

// Per-article scratch state.
struct EventExtractor::Work {
  Article& a;
  explicit Work(Article& art) : a(art) {}

  struct Cue {
    uint32_t first, end;
    std::string_view cls;
  };
  std::vector<Cue> cues;
  std::vector<uint32_t> sentence_of;  // token -> sentence

  struct Occ {
    std::string code;
    uint32_t token = 0, end = 0;
    uint32_t sentence = 0;
    bool nisba = false;
    bool locative = false;
    bool armed = false;
    bool place = false;    // a country or city mention
    bool capital = false;  // a capital city read as its government
    bool city = false;     // a city or region (LOC), not a country
    std::string country;   // the mention's own country (Hamas -> PSE)
  };
  std::vector<Occ> occs;

  struct Found {
    Event e;
    std::string internal;  // lexicon type before resolution
    uint32_t token = 0, end = 0;
    uint32_t noun_token = 0, noun_end = 0;  // the ceasefire noun for frame events
    float weight = 1;
    bool dual = false;  // plural/dual subject or several actors (accepted -> agreed)
  };
  std::vector<Found> found;

  std::string ref_date;  // publication date, else the article's first full date
  int ref_year = 0;
  std::vector<std::string> parties, mediators;
  std::string effective;  // the article's best effective time
};

std::string EventExtractor::CoarseType(const std::string& t) {
  if (t == "ceasefire_extended" || t == "ceasefire") return "ceasefire_agreed";
  if (t == "ceasefire_agreed" || t == "ceasefire_announced_unilateral" || t == "ceasefire_proposed" ||
      t == "ceasefire_in_effect" || t == "ceasefire_violated" || t == "ceasefire_collapsed" ||
      t == "talks_held" || t == "talks_planned" || t == "clashes" || t == "casualties_report" ||
      t == "appeal")
    return t;
  if (t == "mediation") return "talks_held";
  if (t == "shelling" || t == "air_strike") return "strikes";
  if (t == "assault") return "clashes";
  return "other";
}

StatusOr<EventExtractor> EventExtractor::Load(const std::string& data_dir,
                                              const linking::KnowledgeBase* kb) {
  namespace fs = std::filesystem;
  EventExtractor x;
  x.kb_ = kb;
  const fs::path lex = fs::path(data_dir) / "lexicons";
  RETURN_IF_ERROR(ReadTsv((lex / "events_triggers.tsv").string(), [&](auto& f, int) -> Status {
    if (f.size() < 6) return InvalidArgument("expected 6 tab-separated columns: phrase type cameo plover weight scope");
    Trigger t;
    t.type = std::string(f[1]);
    t.cameo = std::string(f[2]);
    t.plover = std::string(f[3]);
    try {
      t.weight = std::stof(std::string(f[4]));
    } catch (...) {
      return InvalidArgument("weight is not a number: " + std::string(f[4]));
    }
    if (f[5] == "self") t.scope = Scope::kSelf;
    else if (f[5] == "cf") t.scope = Scope::kFrame;
    else if (f[5] == "noun") t.scope = Scope::kNoun;
    else return InvalidArgument("scope must be self, cf or noun, not " + std::string(f[5]));
    if (!x.trigger_table_.Add(f[0], static_cast<uint32_t>(x.triggers_.size())))
      return InvalidArgument("empty phrase");
    x.triggers_.push_back(std::move(t));
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ReadTsv((lex / "events_cues.tsv").string(), [&](auto& f, int) -> Status {
    if (f.size() < 2) return InvalidArgument("expected: phrase <TAB> class");
    if (!x.cue_table_.Add(f[0], static_cast<uint32_t>(x.cue_classes_.size())))
      return InvalidArgument("empty phrase");
    x.cue_classes_.emplace_back(f[1]);
    return Status::Ok();
  }));
  RETURN_IF_ERROR(ReadTsv((lex / "events_actors.tsv").string(), [&](auto& f, int) -> Status {
    if (f.size() < 3) return InvalidArgument("expected: kind <TAB> key <TAB> code");
    if (f[0] == "entity") {
      x.entity_codes_[std::string(f[1])] = std::string(f[2]);
    } else if (f[0] == "word") {
      x.word_codes_[text::NormalizeForMatch(f[1])] = std::string(f[2]);
    } else if (f[0] == "phrase") {
      if (!x.actor_table_.Add(f[1], static_cast<uint32_t>(x.phrase_actors_.size())))
        return InvalidArgument("empty phrase");
      x.phrase_actors_.push_back({std::string(f[2]), f.size() > 3 ? std::string(f[3]) : ""});
    } else {
      return InvalidArgument("kind must be entity, word or phrase, not " + std::string(f[0]));
    }
    return Status::Ok();
  }));
  // Capitals (optional: the KB's country table, last column) so that a capital
  // read as its government (موسكو وكييف اتفقتا) names the state.
  const fs::path countries = fs::path(data_dir) / "kb" / "countries.tsv";
  if (fs::exists(countries)) {
    RETURN_IF_ERROR(ReadTsv(countries.string(), [&](auto& f, int) -> Status {
      if (f.size() >= 8 && f[0] == "GPE" && f[2].size() == 3 && !f[7].empty())
        x.capitals_[CapitalKey(f[7])] = std::string(f[2]);
      return Status::Ok();
    }));
  }
  RETURN_IF_ERROR(ReadTsv((lex / "events_dyads.tsv").string(), [&](auto& f, int) -> Status {
    if (f.size() < 2) return InvalidArgument("expected: side <TAB> side");
    x.dyads_.insert({std::string(f[0]), std::string(f[1])});
    x.dyads_.insert({std::string(f[1]), std::string(f[0])});
    return Status::Ok();
  }));
  return x;
}

std::string EventExtractor::CapitalKey(std::string_view name) {
  std::string k;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c))) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k;
}

std::string EventExtractor::ActorCode(const Mention& m) const {
  if (!m.name.empty()) {
    auto it = entity_codes_.find(m.name);
    if (it != entity_codes_.end()) return it->second;
  }
  if (m.role == "MED" || m.role == "BUS" || m.role == "JUD") return "";
  switch (m.type) {
    case EntityType::kPER:
      return m.country;  // officials stand for their state (Lavrov -> RUS)
    case EntityType::kGPE:
      return m.country;
    case EntityType::kORG:
      if (m.role == "REB" || m.role == "IGO" || m.role == "NGO" || m.country.empty())
        return m.name.empty() ? "" : m.name;
      return m.country;
    default:
      return "";  // cities and regions are places, not actors
  }
}

void EventExtractor::FindActors(Work& w) const {
  Article& a = w.a;
  auto has_cue = [&](uint32_t first, uint32_t end, std::string_view cls) {
    for (const auto& c : w.cues)
      if (c.cls == cls && c.first >= first && c.first < end) return true;
    return false;
  };
  auto token_at = [&](uint32_t byte) -> uint32_t {
    auto it = std::upper_bound(a.tokens.begin(), a.tokens.end(), byte,
                               [](uint32_t b, const Token& t) { return b < t.span.begin; });
    return it == a.tokens.begin() ? 0 : static_cast<uint32_t>(it - a.tokens.begin() - 1);
  };
  // Actor phrases first: a phrase naming an actor wins over the names inside
  // it ("التحالف الذي تقوده السعودية" is the coalition, not Saudi Arabia).
  const auto phrase_hits = actor_table_.MatchAll(a.tokens, 0, static_cast<uint32_t>(a.tokens.size()));
  std::vector<bool> in_phrase(a.tokens.size(), false);
  for (const auto& m : phrase_hits)
    for (uint32_t k = m.first; k < m.end && k < in_phrase.size(); ++k) in_phrase[k] = true;
  std::vector<bool> in_mention(a.tokens.size(), false);
  for (const Mention& m : a.mentions) {
    if (a.tokens.empty()) break;
    uint32_t ti = token_at(m.span.begin), te = token_at(m.span.end > 0 ? m.span.end - 1 : 0) + 1;
    bool inside_phrase = true;
    for (uint32_t k = ti; k < te && k < in_mention.size(); ++k) {
      in_mention[k] = true;
      inside_phrase = inside_phrase && in_phrase[k];
    }
    if (inside_phrase && te > ti) continue;
    std::string code = ActorCode(m);
    const bool place = m.type == EntityType::kGPE || m.type == EntityType::kLOC;
    bool capital = false;
    if (code.empty() && place && !m.name.empty()) {
      // A capital stands for its government (جهود تقودها القاهرة والدوحة).
      auto it = capitals_.find(CapitalKey(m.name));
      if (it != capitals_.end()) {
        code = it->second;
        capital = true;
      }
    }
    // Other cities only matter as the place of talks (kept, locative only).
    const bool city_place = code.empty() && place && !m.country.empty();
    if (city_place) code = m.country;
    if (code.empty()) continue;
    Work::Occ o;
    o.code = code;
    o.token = ti;
    o.end = te;
    o.sentence = w.sentence_of[ti];
    o.armed = (m.role == "REB" || m.role == "MIL");
    o.place = place;
    o.capital = capital;
    o.city = m.type == EntityType::kLOC;
    o.country = m.country;
    if (place) {
      const Token& t = a.tokens[ti];
      // The clitics before the article: "ال" itself holds a ل that is no preposition.
      std::string_view pre = t.prefixes;
      if (pre.size() >= 4 && pre.substr(pre.size() - 4) == "\xD8\xA7\xD9\x84") pre.remove_suffix(4);  // ال
      bool prep = pre.find("\xD8\xA8") != std::string_view::npos ||   // ب
                  pre.find("\xD9\x84") != std::string_view::npos;     // ل
      o.locative = prep || (ti > 0 && has_cue(ti - 1, ti, "locative"));
    }
    if (city_place && !o.locative) continue;
    w.occs.push_back(std::move(o));
  }
  // Nisba adjectives and epithets (الوسطاء المصريين، المبعوث الأممي).
  for (uint32_t i = 0; i < a.tokens.size(); ++i) {
    if (in_mention[i] || in_phrase[i] || a.tokens[i].kind != TokenKind::kWord) continue;
    std::string code;
    auto it = word_codes_.find(a.tokens[i].norm);
    if (it == word_codes_.end()) it = word_codes_.find(a.tokens[i].form);
    if (it != word_codes_.end()) code = it->second;
    const bool epithet = !code.empty();
    if (code.empty() && kb_) code = kb_->NisbaCountry(a.tokens[i]);
    if (code.empty()) continue;
    Work::Occ o;
    o.code = code;
    o.token = i;
    o.end = i + 1;
    o.sentence = w.sentence_of[i];
    // After an office title the adjective names the state's official, an
    // actor like a named person: "وزير الخارجية القطري", "الرئيس الفرنسي".
    // The occurrence starts at the title, as the official's name would.
    o.nisba = true;
    for (uint32_t j = i >= 3 ? i - 3 : 0; j < i && kb_ && !epithet && o.nisba; ++j) {
      if (w.sentence_of[j] == o.sentence &&
          (kb_->IsPersonTitle(a.tokens[j].norm) || kb_->IsPersonTitle(a.tokens[j].form))) {
        o.nisba = false;
        o.token = j;
      }
    }
    w.occs.push_back(std::move(o));
  }
  for (const auto& m : phrase_hits) {
    Work::Occ o;
    o.code = phrase_actors_[m.payload].code;
    o.token = m.first;
    o.end = m.end;
    o.sentence = w.sentence_of[m.first];
    o.armed = true;
    w.occs.push_back(std::move(o));
  }
  // Generic phrases give way to the named actor ("الفصائل" with Hamas named).
  std::set<std::string> named;
  for (const auto& o : w.occs)
    if (!o.nisba) named.insert(o.code);
  std::set<std::string> dropped;
  for (const auto& p : phrase_actors_)
    if (!p.unless.empty() && named.count(p.unless)) dropped.insert(p.code);
  w.occs.erase(std::remove_if(w.occs.begin(), w.occs.end(),
                              [&](const Work::Occ& o) { return dropped.count(o.code) > 0; }),
               w.occs.end());
  std::sort(w.occs.begin(), w.occs.end(),
            [](const Work::Occ& x, const Work::Occ& y) { return x.token < y.token; });
}

void EventExtractor::FindEvents(Work& w) const {
  Article& a = w.a;
  auto has_cue_before = [&](uint32_t t, uint32_t n, std::string_view cls, uint32_t sentence) {
    const uint32_t lo = t >= a.sentences[sentence].first_token + n ? t - n : a.sentences[sentence].first_token;
    for (const auto& c : w.cues)
      if (c.cls == cls && c.first >= lo && c.first < t) return true;
    return false;
  };
  std::set<std::string> seen_sentences;  // repeated headlines count once
  uint32_t position = 0;
  std::vector<PhraseTable::Match> hits;
  for (uint32_t si = 0; si < a.sentences.size(); ++si) {
    const Sentence& s = a.sentences[si];
    std::string key(s.span.In(a.text));
    if (key.size() > 12) {
      // A headline repeated, alone or with a byline or date after it.
      bool repeated = !seen_sentences.insert(key).second;
      for (const auto& k : seen_sentences)
        repeated = repeated || (k.size() > 40 && k.size() < key.size() && key.compare(0, k.size(), k) == 0);
      if (repeated) continue;
    }
    hits = trigger_table_.MatchAll(a.tokens, s.first_token, s.end_token);
    if (hits.empty()) continue;
    const float pos_weight = position == 0 ? 3.0f
                             : position == 1 ? 2.0f
                             : position == 2 ? 1.5f
                                             : 1.0f / (1.0f + 0.25f * static_cast<float>(position - 2));
    ++position;
    std::vector<bool> frame_used(hits.size(), false);
    // The first trigger of a lead sentence that is a reaction (رحب، أشاد)
    // makes the ceasefire it mentions the object of a reaction piece.
    bool reaction_lead = false;
    if (position <= 2) {
      const Trigger& t0 = triggers_[hits[0].payload];
      if (t0.type == "reaction") reaction_lead = true;
    }
    auto emit = [&](const PhraseTable::Match& trig, const Trigger& t, float weight,
                    const PhraseTable::Match* noun) {
      Work::Found f;
      f.internal = t.type;
      f.e.type = t.type;
      f.e.cameo = t.cameo;
      f.e.plover = t.plover;
      f.token = trig.first;
      f.end = trig.end;
      f.noun_token = noun ? noun->first : trig.first;
      f.noun_end = noun ? noun->end : trig.end;
      f.e.trigger = {a.tokens[trig.first].span.begin, a.tokens[trig.end - 1].span.end};
      f.e.sentence = si;
      f.weight = weight * pos_weight;
      w.found.push_back(std::move(f));
    };
    if (reaction_lead && hits.size() > 1) emit(hits[0], triggers_[hits[0].payload], triggers_[hits[0].payload].weight, nullptr);
    // Talks named beside a ceasefire frame are its background ("after talks in Moscow").
    bool has_frame = false;
    for (const auto& h : hits) {
      const Trigger& t = triggers_[h.payload];
      has_frame = has_frame || (t.scope == Scope::kFrame && t.type != "reaction" && t.type != "appeal");
    }
    for (size_t h = 0; h < hits.size(); ++h) {
      const Trigger& t = triggers_[hits[h].payload];
      if (t.scope == Scope::kSelf) {
        float wgt = t.weight * (has_frame && t.type == "talks" ? 0.4f : 1.0f);
        // A reaction piece's lead names what is reacted to: not the news.
        if (reaction_lead && h > 0) wgt *= 0.3f;
        // "في إطار مفاوضات ..." names the setting, not the news.
        if (has_cue_before(hits[h].first, 3, "framework", si)) wgt *= 0.3f;
        emit(hits[h], t, wgt, nullptr);
        continue;
      }
      if (t.scope != Scope::kNoun) continue;
      // A generic deal noun naming an exchange is no truce ("اتفاق لتبادل الأسرى"),
      // unless the sentence names a truce too.
      if (t.weight < 0.5f) {
        bool exchange = true;
        for (const auto& o : hits)
          if (triggers_[o.payload].scope == Scope::kNoun && triggers_[o.payload].weight >= 0.8f) exchange = false;
        if (exchange) {
          exchange = false;
        for (const auto& c : w.cues)
            if (c.cls == "exchange_object" && c.first >= hits[h].end && c.first <= hits[h].end + 1) exchange = true;
        }
        if (exchange) continue;
      }
      // The closest frame before the noun (within 8 words) or right after it.
      int best = -1;
      int best_dist = 1 << 30;
      for (size_t g = 0; g < hits.size(); ++g) {
        const Trigger& ft = triggers_[hits[g].payload];
        if (ft.scope != Scope::kFrame) continue;
        int dist;
        if (hits[g].end <= hits[h].first) dist = static_cast<int>(hits[h].first - hits[g].end);
        else if (hits[g].first >= hits[h].end) {
          // A proposal after the noun describes it ("the truce the US proposed").
          if (ft.type == "ceasefire_proposed") continue;
          dist = static_cast<int>(hits[g].first - hits[h].end) + 3;
        } else {
          continue;
        }
        if (dist > 8) continue;
        // A reaction frame only governs when it leads the sentence.
        if (ft.type == "reaction" && !(reaction_lead && g == 0)) continue;
        if (dist < best_dist) {
          best_dist = dist;
          best = static_cast<int>(g);
        }
      }
      if (best >= 0) {
        const Trigger& ft = triggers_[hits[best].payload];
        float weight = ft.weight * std::min(1.0f, t.weight * 1.5f);
        if (reaction_lead && ft.type != "reaction") weight *= 0.3f;
        if (!frame_used[best]) emit(hits[best], ft, weight, &hits[h]);
        frame_used[best] = true;
      } else if (t.weight >= 0.8f) {
        emit(hits[h], t, 1.0f * (reaction_lead ? 0.3f : 1.0f), nullptr);
      }
    }
    // Accepting a proposal names no truce noun ("وافقت على المقترح"، "مقترح
    // وافقت عليه"): the proposal stands for it.
    for (size_t g = 0; g < hits.size(); ++g) {
      const Trigger& ft = triggers_[hits[g].payload];
      if (frame_used[g] || ft.scope != Scope::kFrame || ft.type != "ceasefire_accepted") continue;
      for (size_t q = 0; q < hits.size(); ++q) {
        const Trigger& pt = triggers_[hits[q].payload];
        if (pt.scope != Scope::kFrame || pt.type != "ceasefire_proposed") continue;
        const bool after = hits[q].first >= hits[g].end && hits[q].first <= hits[g].end + 3;
        const bool before = hits[q].end <= hits[g].first && hits[q].end + 3 >= hits[g].first;
        if (!after && !before) continue;
        emit(hits[g], ft, ft.weight * (reaction_lead ? 0.3f : 1.0f), &hits[q]);
        frame_used[g] = true;
        break;
      }
    }
  }
}

void EventExtractor::ChooseSides(Work& w) const {
  struct Score {
    int n = 0;
    float party = 0, med = 0;
    uint32_t first = ~0u, first_med = ~0u;
  };
  std::map<std::string, Score> score;
  auto cue_in = [&](uint32_t first, uint32_t end, std::string_view cls, uint32_t sentence) -> int {
    for (const auto& c : w.cues)
      if (c.cls == cls && c.first >= first && c.first < end && w.sentence_of[c.first] == sentence)
        return static_cast<int>(c.first);
    return -1;
  };
  // A cue that ends right before token t (at most `gap` tokens between).
  auto cue_ending_before = [&](uint32_t t, uint32_t gap, std::string_view cls, uint32_t sentence) {
    for (const auto& c : w.cues)
      if (c.cls == cls && c.end <= t && c.end + gap >= t && w.sentence_of[c.first] == sentence) return true;
    return false;
  };
  std::set<uint32_t> sentences_with_event, sentences_with_truce;
  // Tokens ending talks or signing triggers, per sentence: a place named right
  // after them is where the talks were held.
  std::vector<std::pair<uint32_t, uint32_t>> meeting_ends;  // (sentence, end token)
  for (const auto& f : w.found) {
    if (IsCeasefireType(f.internal) || IsTalksType(f.internal) || f.internal == "appeal" ||
        f.internal == "prisoner_exchange" || f.internal == "reaction")
      sentences_with_event.insert(f.e.sentence);
    if (IsCeasefireType(f.internal)) sentences_with_truce.insert(f.e.sentence);
    if (IsTalksType(f.internal)) meeting_ends.push_back({f.e.sentence, f.end});
  }
  for (const auto& c : w.cues)
    if (c.cls == "signing") meeting_ends.push_back({w.sentence_of[c.first], c.end});
  const size_t n_occ = w.occs.size();
  // --- per occurrence: what the words around it say ---
  struct Role {
    bool skip = false, between = false, actor_noun = false, med = false, announce = false, host = false;
  };
  std::vector<Role> role(n_occ);
  for (size_t k = 0; k < n_occ; ++k) {
    const auto& o = w.occs[k];
    Role& r = role[k];
    // Backers (المدعومة من تركيا) are neither sides nor brokers.
    if (!o.armed && cue_ending_before(o.token, 1, "backer", o.sentence)) {
      r.skip = true;
      continue;
    }
    if (o.locative) {
      // A third state named (as a country, or a city with its nisba: مدينة
      // جدة السعودية) as the place of talks or a signing hosted them.
      r.skip = true;
      bool city_nisba = false;
      if (k + 1 < n_occ && w.occs[k + 1].token == o.end && w.occs[k + 1].code == o.code)
        city_nisba = true;
      // A bare city (في إسطنبول) does not name its state.
      const bool qualified = city_nisba || !o.city;
      if (qualified)
        for (const auto& [sent, end] : meeting_ends)
          if (sent == o.sentence && end <= o.token && end + 10 >= o.token) {
            r.skip = false;
            r.host = true;
            break;
          }
      continue;
    }
    // A nisba or name right after a place of the same state repeats it (إسطنبول التركية).
    if (k > 0 && w.occs[k - 1].place && w.occs[k - 1].end == o.token && w.occs[k - 1].code == o.code) {
      r.skip = true;
      continue;
    }
    const uint32_t lo = o.token >= 6 ? o.token - 6 : 0;
    r.actor_noun = o.token >= 1 && cue_in(o.token >= 2 ? o.token - 2 : 0, o.token, "actor_noun", o.sentence) >= 0;
    r.between = cue_in(lo, o.token, "between", o.sentence) >= 0;
    // A nisba belongs to the noun right before it (الوسطاء المصريين), a name
    // may stand a few words after its cue (بوساطة من قطر).
    int med_cue = o.nisba ? cue_in(o.token >= 2 ? o.token - 2 : 0, o.token, "mediator", o.sentence)
                          : cue_in(lo, o.token, "mediator", o.sentence);
    // A "between" after the mediator cue means the actor is a side, not the broker.
    if (med_cue >= 0 && cue_in(static_cast<uint32_t>(med_cue) + 1, o.token, "between", o.sentence) >= 0) med_cue = -1;
    const bool med_after = cue_in(o.end, o.end + 3, "mediator_after", o.sentence) >= 0 ||
                           cue_in(o.end, o.end + 9, "mediator_after_far", o.sentence) >= 0;
    r.med = med_cue >= 0 || med_after;
    // The first actor after a speech verb, in a sentence about a ceasefire,
    // announced or brokered it (a side announcing is caught as a party).
    int ann = cue_in(o.token >= 4 ? o.token - 4 : 0, o.token, "announce", o.sentence);
    if (ann >= 0 && sentences_with_truce.count(o.sentence)) {
      bool first_after = true;
      for (size_t j = 0; j < k; ++j)
        if (w.occs[j].token > static_cast<uint32_t>(ann) && w.occs[j].token < o.token &&
            w.occs[j].code != o.code)
          first_after = false;
      r.announce = first_after;
    }
  }
  // --- coordination: "X و Y" (or X إلى جانب Y) share a mediator role, both ways ---
  std::vector<size_t> group(n_occ);
  for (size_t k = 0; k < n_occ; ++k) {
    group[k] = k;
    if (role[k].skip) continue;
    const auto& o = w.occs[k];
    for (size_t j = k; j-- > 0;) {
      if (role[j].skip || w.occs[j].token >= o.token) continue;
      const auto& p = w.occs[j];
      const bool waw = w.a.tokens[o.token].prefixes.rfind("\xD9\x88", 0) == 0;  // و
      const bool joined = p.sentence == o.sentence &&
                          ((waw && p.end + 2 >= o.token) ||
                           (p.end + 3 >= o.token && cue_in(p.end, o.token, "join", o.sentence) >= 0));
      if (joined) group[k] = group[j];
      break;
    }
  }
  std::vector<char> group_med(n_occ, 0), group_ann(n_occ, 0);
  for (size_t k = 0; k < n_occ; ++k) {
    if (role[k].skip) continue;
    group_med[group[k]] |= role[k].med || role[k].host;
    group_ann[group[k]] |= role[k].announce;
  }
  for (size_t k = 0; k < n_occ; ++k) {
    const auto& o = w.occs[k];
    const Role& r = role[k];
    if (r.skip) continue;
    const bool med = r.med || r.host || group_med[group[k]];
    const bool announce = r.announce || group_ann[group[k]];
    if (o.nisba && !r.actor_noun && !r.between && !med && !announce) continue;
    Score& s = score[o.code];
    ++s.n;
    s.first = std::min(s.first, o.token);
    if (r.between) s.party += 2;
    if (o.armed) s.party += 1;
    float m = 0;
    if (med) m += 2;
    if (announce) m += 1.5f;
    if (m > 0) {
      s.med += m;
      s.first_med = std::min(s.first_med, o.token);
    }
  }
  std::set<std::string> present;
  for (const auto& [code, s] : score) present.insert(code);
  std::set<std::string> parties;
  // The best-attested full pair, then every full pair joined to it.
  std::pair<std::string, std::string> best;
  int best_n = 0;
  for (const auto& [x, y] : dyads_)
    if (present.count(x) && present.count(y)) {
      int n = score[x].n + score[y].n;
      if (n > best_n) {
        best_n = n;
        best = {x, y};
      }
    }
  if (best_n > 0) {
    parties = {best.first, best.second};
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [x, y] : dyads_)
        if (present.count(x) && present.count(y) && parties.count(x) && !parties.count(y)) {
          parties.insert(y);
          grew = true;
        }
    }
  }
  if (parties.empty()) {
    for (const auto& [code, s] : score) {
      bool in_dyad = false;
      for (const auto& d : dyads_) in_dyad = in_dyad || d.first == code;
      if (in_dyad && s.med < 1.5f && (s.party > 0 || s.n >= 2)) parties.insert(code);
    }
  }
  for (const auto& [code, s] : score)
    if (s.party >= 3 && s.med == 0) parties.insert(code);  // an armed side between two
  // Order: first named first.
  std::vector<std::pair<uint32_t, std::string>> order;
  for (const auto& p : parties) order.push_back({score[p].first, p});
  std::sort(order.begin(), order.end());
  for (auto& [_, p] : order) w.parties.push_back(p);
  // The state of an armed side (Hamas -> PSE, the Houthis -> YEM) is where the
  // war is fought, not a broker.
  std::set<std::string> party_home;
  for (const auto& o : w.occs)
    if (parties.count(o.code) && !o.country.empty() && o.country != o.code) party_home.insert(o.country);
  std::vector<std::tuple<float, uint32_t, std::string>> meds;
  for (const auto& [code, s] : score)
    if (s.med >= 1.5f && !parties.count(code) && !party_home.count(code))
      meds.push_back({-s.med, s.first_med, code});
  std::sort(meds.begin(), meds.end());
  for (auto& m : meds) w.mediators.push_back(std::get<2>(m));
}

void EventExtractor::Finish(Work& w) const {
  Article& a = w.a;
  auto cue_in = [&](uint32_t first, uint32_t end, std::string_view cls, uint32_t sentence) -> int {
    for (const auto& c : w.cues)
      if (c.cls == cls && c.first >= first && c.first < end && w.sentence_of[c.first] == sentence)
        return static_cast<int>(c.first);
    return -1;
  };
  auto token_of = [&](uint32_t byte) -> uint32_t {
    auto it = std::upper_bound(a.tokens.begin(), a.tokens.end(), byte,
                               [](uint32_t b, const Token& t) { return b < t.span.begin; });
    return it == a.tokens.begin() ? 0 : static_cast<uint32_t>(it - a.tokens.begin() - 1);
  };
  // Date timexes per sentence.
  struct TX {
    uint32_t token;
    const Timex* t;
  };
  std::vector<std::vector<TX>> tx(a.sentences.size());
  for (const Timex& t : a.timexes) {
    if (t.value.empty() || t.kind == "duration" || t.kind == "set" || YearOfIso(t.value) == 0) continue;
    uint32_t ti = token_of(t.span.begin);
    if (ti < w.sentence_of.size()) tx[w.sentence_of[ti]].push_back({ti, &t});
  }
  // Actor occurrences per sentence (source / target).
  auto actors_in = [&](uint32_t sentence) {
    std::vector<const Work::Occ*> out;
    for (const auto& o : w.occs)
      if (o.sentence == sentence) out.push_back(&o);
    return out;
  };
  bool any_past_in_effect = false;
  for (auto& f : w.found) {
    const uint32_t si = f.e.sentence;
    const Sentence& s = a.sentences[si];
    const uint32_t t0 = std::min(f.token, f.noun_token);
    // --- mode ---
    auto before = [&](uint32_t n) { return t0 >= s.first_token + n ? t0 - n : s.first_token; };
    std::string mode = "asserted";
    if (cue_in(before(3), t0, "negation", si) >= 0) mode = "negated";
    else if (cue_in(before(6), t0, "hypothetical", si) >= 0) mode = "hypothetical";
    else {
      bool historical = cue_in(s.first_token, s.end_token, "historical", si) >= 0;
      if (!historical && w.ref_year > 0 && !tx[si].empty()) {
        int newest = 0;
        bool after_far_past = false;
        for (const auto& x : tx[si]) {
          // "the first since 2022" speaks of now; but what follows "since the
          // 1991-1994 war" in the sentence ("which ended in a truce violated
          // repeatedly") describes that past.
          if (cue_in(x.token >= s.first_token + 2 ? x.token - 2 : s.first_token, x.token, "since", si) >= 0) {
            after_far_past = after_far_past || (x.token < t0 && YearOfIso(x.t->value) < w.ref_year - 4);
            continue;
          }
          newest = std::max(newest, YearOfIso(x.t->value));
        }
        historical = after_far_past || (newest > 0 && newest < w.ref_year - 1);
      }
      // "المفاوضات السابقة": earlier rounds are background.
      historical = historical || cue_in(f.end, f.end + 2, "past_after", si) >= 0;
      if (historical) mode = "historical";
      else if (cue_in(before(5), t0, "future", si) >= 0) mode = "future";
    }
    if (f.internal == "talks_planned") mode = mode == "asserted" ? "future" : mode;
    f.e.mode = mode;
    // --- date ---
    for (const auto& x : tx[si])
      if (x.t->value.find('/') == std::string::npos) {
        f.e.date = x.t->value.substr(0, 10);
        break;
      }
    if (f.e.date.empty()) f.e.date = w.ref_date;
    // --- effective time of a ceasefire ---
    if (IsCeasefireType(f.internal) && (mode == "asserted" || mode == "future")) {
      for (uint32_t sj = si; sj < std::min<uint32_t>(si + 2, a.sentences.size()) && f.e.effective.empty(); ++sj) {
        const Sentence& ss = a.sentences[sj];
        for (const auto& x : tx[sj]) {
          if (x.t->value.find('/') != std::string::npos) continue;
          uint32_t lo = x.token >= ss.first_token + 7 ? x.token - 7 : ss.first_token;
          if (cue_in(lo, x.token, "effective", sj) >= 0) {
            f.e.effective = x.t->value;
            break;
          }
        }
      }
      if (f.e.effective.empty()) {
        for (uint32_t sj = si; sj < std::min<uint32_t>(si + 2, a.sentences.size()); ++sj)
          if (cue_in(a.sentences[sj].first_token, a.sentences[sj].end_token, "in_force_since", sj) >= 0) {
            // "in force for some hours" in an announcement: since the announcement day.
            f.e.effective = f.e.date.empty() ? w.ref_date : f.e.date;
            break;
          }
      }
    }
    // --- resolve internal types ---
    if (f.internal == "ceasefire_accepted") {
      const Token& tk = a.tokens[f.token];
      const std::string& n = tk.norm;
      auto ends = [&](std::string_view suf) {
        return n.size() > suf.size() + 4 && n.compare(n.size() - suf.size(), suf.size(), suf) == 0;
      };
      // Dual/plural verb endings; "ها" is the pronoun "its/her" (موافقتها).
      bool plural = (ends("\xD8\xA7") && !ends("\xD9\x87\xD8\xA7")) || ends("\xD8\xA7\xD9\x86") || ends("\xD9\x88\xD9\x86") ||
                    ends("\xD9\x87\xD9\x85") || ends("\xD9\x87\xD9\x85\xD8\xA7");  // ا ان ون هم هما
      plural = plural || cue_in(before(6), f.token + 4, "between", si) >= 0;
      std::set<std::string> near;
      for (const auto* o : actors_in(si))
        if (o->token + 6 >= f.token && o->token <= f.token + 4 &&
            std::find(w.parties.begin(), w.parties.end(), o->code) != w.parties.end())
          near.insert(o->code);
      plural = plural || near.size() >= 2;
      f.e.type = plural ? "ceasefire_agreed" : "ceasefire_proposed";
    } else if (f.internal == "ceasefire") {
      f.e.type = "ceasefire_agreed";
    } else if (f.internal == "reaction") {
      f.e.type = "other";
    } else if (f.internal == "ceasefire_in_effect") {
      if (mode == "asserted") any_past_in_effect = true;
    }
    // --- killed ---
    if (IsViolenceType(f.internal)) {
      for (const NumberMention& nm : a.numbers) {
        uint32_t ti = token_of(nm.span.begin);
        if (ti >= s.first_token && ti < s.end_token &&
            (nm.what == "killed" || nm.what == "civilians_killed" || nm.what == "soldiers_killed")) {
          f.e.killed = nm.value;
          break;
        }
      }
    }
    // --- location: a place named after a locative preposition ---
    for (const Mention& m : a.mentions) {
      uint32_t ti = token_of(m.span.begin);
      if (ti < s.first_token || ti >= s.end_token) continue;
      if (m.type != EntityType::kLOC && m.type != EntityType::kGPE) continue;
      if (ti > 0 && cue_in(ti - 1, ti, "locative", si) >= 0) {
        f.e.location = m.name;
        break;
      }
    }
    // --- source and target ---
    const Work::Occ* src = nullptr;
    const Work::Occ* tgt = nullptr;
    for (const auto* o : actors_in(si)) {
      if (o->token < f.token && o->token + 8 >= f.token) src = o;  // the closest before
    }
    for (const auto* o : actors_in(si)) {
      if (o->token >= f.end && o->token <= f.end + 8) {
        if (!src) src = o;  // verb first: the subject follows
        else if (o->code != src->code) {
          tgt = o;
          break;
        }
      }
    }
    if (src) f.e.source = src->code;
    if (tgt) f.e.target = tgt->code;
  }
  // A date-only start gets the clock time the article gives for that day.
  std::vector<std::string> precise;
  for (const auto& f : w.found)
    if (f.e.effective.size() > 10) precise.push_back(f.e.effective);
  // ... or, failing that, any clock time the article resolves on that day.
  for (const Timex& t : a.timexes)
    if (t.value.size() > 11 && t.value[10] == 'T' && IsFullDate(t.value)) precise.push_back(t.value);
  for (auto& f : w.found)
    if (f.e.effective.size() == 10)
      for (const auto& p : precise)
        if (p.compare(0, 10, f.e.effective) == 0) {
          f.e.effective = p;
          break;
        }
  // Second pass: starts (يدخل حيز التنفيذ) are in effect when the start is
  // not after the reference date, else they announce an agreed start.
  for (auto& f : w.found) {
    if (f.internal != "ceasefire_starts") continue;
    bool started;
    if (!f.e.effective.empty() && !w.ref_date.empty())
      started = f.e.effective.substr(0, 10) <= w.ref_date.substr(0, 10) && f.e.mode != "future";
    else
      started = any_past_in_effect && f.e.mode != "future";
    f.e.type = started ? "ceasefire_in_effect" : "ceasefire_agreed";
    if (f.e.mode == "future") f.e.mode = "asserted";  // the announcement is asserted
  }
  // Talks: planned when the lead speaks of them in the future and never as held.
  bool planned = false, held = false;
  for (const auto& f : w.found) {
    if (f.e.sentence > 6 || f.e.mode == "negated") continue;
    if (f.internal == "talks_planned" || (f.internal == "talks" && f.e.mode == "future")) planned = true;
    if (f.internal == "talks_held") held = true;
  }
  for (auto& f : w.found)
    if (f.internal == "talks") f.e.type = (planned && !held) || f.e.mode == "future" ? "talks_planned" : "talks_held";
  for (auto& f : w.found)
    if (f.e.type == "talks_planned" && f.e.cameo == "046") f.e.cameo = "036";

  // --- the article's main event ---
  // One sentence reports one event of a type: its strongest trigger votes
  // ("عقدت الجولة الثانية من المفاوضات" is one round of talks, not three).
  std::map<std::pair<uint32_t, std::string>, float> per_sentence;
  for (const auto& f : w.found) {
    float wgt = f.weight;
    if (f.e.mode == "negated" || f.e.mode == "hypothetical" || f.e.mode == "historical") continue;
    if (f.e.mode == "future" && f.e.type != "talks_planned") wgt *= 0.5f;
    float& v = per_sentence[{f.e.sentence, CoarseType(f.e.type)}];
    v = std::max(v, wgt);
  }
  std::map<std::string, float> votes;
  for (const auto& [key, v] : per_sentence) votes[key.second] += v;
  std::string main = "other";
  float best = 1.0f;
  for (const auto& [t, v] : votes)
    if (v > best) {
      best = v;
      main = t;
    }
  // A truce announced by one side while the other made no statement.
  if (main == "ceasefire_agreed" && w.parties.size() >= 2) {
    for (uint32_t si = 0; si < a.sentences.size() && main == "ceasefire_agreed"; ++si) {
      const Sentence& s = a.sentences[si];
      for (const auto& c : w.cues) {
        if (c.cls != "statement" || c.first < s.first_token || c.first >= s.end_token) continue;
        uint32_t lo = c.first >= s.first_token + 3 ? c.first - 3 : s.first_token;
        if (cue_in(lo, c.first, "negation", si) < 0) continue;
        for (const auto& o : w.occs)
          if (o.sentence == si && o.token > c.first && o.token <= c.end + 4 &&
              std::find(w.parties.begin(), w.parties.end(), o.code) != w.parties.end()) {
            main = "ceasefire_announced_unilateral";
            for (auto& f : w.found)
              if (f.e.type == "ceasefire_agreed" && f.e.mode == "asserted") {
                f.e.type = "ceasefire_announced_unilateral";
                if (f.e.source.empty() || f.e.source == o.code)
                  for (const auto& p : w.parties)
                    if (p != o.code) f.e.source = p;
              }
            break;
          }
      }
    }
  }
  a.event_type = main;

  // --- article-level arguments onto the events ---
  std::vector<std::string> purposes, provisions;
  for (const auto& c : w.cues) {
    if (c.cls.rfind("purpose:", 0) == 0) {
      std::string p(c.cls.substr(8));
      if (std::find(purposes.begin(), purposes.end(), p) == purposes.end()) purposes.push_back(p);
    } else if (c.cls.rfind("provision:", 0) == 0) {
      std::string p(c.cls.substr(10));
      if (std::find(provisions.begin(), provisions.end(), p) == provisions.end()) provisions.push_back(p);
    }
  }
  std::set<std::string> party_set(w.parties.begin(), w.parties.end());
  for (auto& f : w.found) {
    const bool framing = IsCeasefireType(f.e.type) || IsTalksType(f.e.type) || f.e.type == "appeal" ||
                         f.e.type == "prisoner_exchange" || f.e.type == "other";
    if (f.e.mode == "historical" || IsViolenceType(f.e.type) || !framing) {
      std::set<std::string> here;
      for (const auto& o : w.occs)
        if (o.sentence == f.e.sentence && party_set.count(o.code)) here.insert(o.code);
      for (const auto& p : w.parties)
        if (here.count(p)) f.e.parties.push_back(p);
      if (f.e.parties.empty() && f.e.mode != "historical") f.e.parties = w.parties;
    } else {
      f.e.parties = w.parties;
      f.e.mediators = w.mediators;
    }
    if (IsCeasefireType(f.e.type) && f.e.mode != "historical") {
      f.e.attributes.clear();
      for (const auto& p : purposes) f.e.attributes.push_back("purpose:" + p);
      for (const auto& p : provisions) f.e.attributes.push_back("provision:" + p);
    }
    if (f.e.type.rfind("ceasefire", 0) == 0 || f.e.type == "appeal") {
      if (f.e.type == "appeal" && f.e.cameo == "0871") f.e.cameo = "0256";
    }
  }
  int n = 0;
  a.events.clear();
  a.events.reserve(w.found.size());
  for (auto& f : w.found) {
    f.e.id = a.id + "-e" + std::to_string(++n);
    f.e.confidence = std::min(1.0f, f.weight / 3.0f);
    a.events.push_back(std::move(f.e));
  }
}

void EventExtractor::Extract(Article& a) const {
  a.events.clear();
  a.event_type = "other";
  if (a.tokens.empty() || a.sentences.empty()) return;
  Work w(a);
  w.sentence_of.assign(a.tokens.size(), 0);
  for (uint32_t si = 0; si < a.sentences.size(); ++si)
    for (uint32_t t = a.sentences[si].first_token; t < a.sentences[si].end_token && t < a.tokens.size(); ++t)
      w.sentence_of[t] = si;
  // The cues at every token, matched once: the longest left-to-right cues
  // (what MatchAll gives) come first, then the other cues (below).
  const uint32_t n_tokens = static_cast<uint32_t>(a.tokens.size());
  std::vector<PhraseTable::Match> at;        // matches of token i: at[at_start[i], at_start[i+1])
  std::vector<uint32_t> at_start(n_tokens + 1, 0);
  for (uint32_t i = 0; i < n_tokens; ++i) {
    at_start[i] = static_cast<uint32_t>(at.size());
    cue_table_.MatchAt(a.tokens, i, n_tokens, at);
  }
  at_start[n_tokens] = static_cast<uint32_t>(at.size());
  for (uint32_t i = 0; i < n_tokens;) {
    if (at_start[i] == at_start[i + 1]) {
      ++i;
      continue;
    }
    const PhraseTable::Match& m = at[at_start[i]];
    w.cues.push_back({m.first, m.end, cue_classes_[m.payload]});
    i = m.end;
  }
  // Overlapping cues of other classes (في حال = hypothetical, في = locative):
  // the longest left-to-right pass keeps the longest; add single-word
  // locatives and negations too.
  for (uint32_t i = 0; i < n_tokens; ++i) {
    for (uint32_t k = at_start[i]; k < at_start[i + 1]; ++k) {
      const PhraseTable::Match& m = at[k];
      const std::string& cls = cue_classes_[m.payload];
      bool dup = false;
      for (const auto& c : w.cues) dup = dup || (c.first == m.first && c.cls == cls);
      if (!dup) w.cues.push_back({m.first, m.end, cls});
    }
  }
  std::sort(w.cues.begin(), w.cues.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  // Reference date: publication, else the article's own first full date.
  if (!a.published.empty()) w.ref_date = a.published.substr(0, 10);
  if (w.ref_date.empty() || !IsFullDate(w.ref_date)) {
    w.ref_date.clear();
    for (const Timex& t : a.timexes)
      if (IsFullDate(t.value) && !t.relative) {
        w.ref_date = t.value.substr(0, 10);
        break;
      }
  }
  w.ref_year = YearOfIso(w.ref_date);
  FindActors(w);
  FindEvents(w);
  ChooseSides(w);
  Finish(w);
}

}  // namespace marsad::events
