#include "marsad/stories/story_clusterer.h"

#include <xxhash.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "marsad/stories/date_hints.h"
#include "marsad/stories/minhash.h"
#include "marsad/stories/state_codec.h"

namespace marsad::stories {
namespace {

constexpr uint64_t kEntityBit = 1;  // entity pseudo-terms have the low bit set
constexpr int kMaxVotes = 32;
constexpr size_t kMaxTypes = 12;

bool IsEntity(uint64_t h) { return (h & kEntityBit) != 0; }

uint64_t TypeHash(std::string_view t) { return XXH3_64bits(t.data(), t.size()); }

// Main event types (DESIGN.md coarse list) grouped by the phase of a conflict
// they report. Types of one group are the same news (a truce agreed and the
// truce starting); neighbouring phases often share a story (talks that end in
// an agreement or a proposal); the rest are different news even when worded
// alike (a proposal one side accepts is not the agreement, an appeal for a
// truce is not the truce).
enum Phase : int { kNoPhase, kNegotiation, kProposal, kTruce, kBreakdown, kViolence, kAppeal };
Phase PhaseOf(uint64_t h) {
  static const std::vector<std::pair<uint64_t, Phase>> table = [] {
    const std::pair<const char*, Phase> names[] = {
        {"talks_planned", kNegotiation},  {"talks_held", kNegotiation},
        {"mediation", kNegotiation},      {"ceasefire_proposed", kProposal},
        {"ceasefire_agreed", kTruce},     {"ceasefire_announced_unilateral", kTruce},
        {"ceasefire_in_effect", kTruce},  {"ceasefire_extended", kTruce},
        {"ceasefire_violated", kBreakdown}, {"ceasefire_collapsed", kBreakdown},
        {"clashes", kViolence},           {"strikes", kViolence},
        {"casualties_report", kViolence}, {"appeal", kAppeal}};
    std::vector<std::pair<uint64_t, Phase>> t;
    for (const auto& [n, p] : names) t.push_back({TypeHash(n), p});
    return t;
  }();
  for (const auto& [k, p] : table)
    if (k == h) return p;
  return kNoPhase;
}
// 1: same news, 0.5: often one story, 0: different news.
double TypeRelation(uint64_t a, uint64_t b) {
  if (a == b) return 1.0;
  const Phase x = std::min(PhaseOf(a), PhaseOf(b)), y = std::max(PhaseOf(a), PhaseOf(b));
  if (x == kNoPhase) return 0.5;  // a type this table does not know: no evidence
  if (x == y) return 1.0;
  if ((x == kNegotiation && (y == kProposal || y == kTruce)) || (x == kTruce && y == kBreakdown) ||
      (x == kBreakdown && y == kViolence))
    return 0.5;
  return 0.0;
}

struct Original {
  uint32_t seq = 0;
  std::string id;
  Signature sig{};
};

struct Vote {
  DayRange range;
  uint32_t count = 0;
};

struct Story {
  uint32_t num = 0;
  std::string id;
  std::string title;
  std::string central;       // id of the article the title comes from
  float central_score = 0;
  std::vector<std::string> articles;
  uint32_t seq_first = 0, seq_last = 0;
  uint32_t n_docs = 0;       // members that are not duplicates (they carry the terms)
  bool has_strong = false;   // publication-date span
  int32_t strong_first = 0, strong_last = 0;
  bool has_weak = false;     // span of the day-precise dates members' texts state
  int32_t weak_first = 0, weak_last = 0;
  std::vector<Vote> votes;   // dates members mention, with counts
  std::vector<std::pair<uint64_t, uint32_t>> terms;  // sorted by hash: members containing it
  float norm = 0;            // TF-IDF norm at the last update
  float ent_norm = 0;        // the same over entity pseudo-terms only
  std::vector<std::pair<uint64_t, uint32_t>> types;  // sorted by hash: members' main event types
  std::vector<std::pair<uint64_t, uint32_t>> keys;   // sorted by key: seq it was last registered
  std::vector<Original> originals;                   // sorted by seq
  bool dirty = false;
  bool retired = false;
};

struct Entry {
  uint32_t story;  // index into stories
  uint32_t seq;
};
struct Posting {
  std::vector<Entry> entries;  // ascending seq; some may be stale
  uint32_t stale = 0;
};

struct Features {
  std::vector<std::pair<uint64_t, float>> tf;  // sorted by hash: sublinear tf
  std::vector<float> idf;                      // parallel to tf
  std::vector<uint32_t> df;                    // parallel to tf
  std::vector<float> weight;                   // tf * idf * boost
  std::vector<bool> in_title;
  double norm = 0;
  double ent_norm = 0;
  uint64_t type = 0;  // hash of the main event type; 0 when unknown or "other"
  std::optional<Signature> sig;
  size_t shingles = 0;
  ArticleDates dates;
};

std::string TitleOf(const Article& a) {
  std::string_view t = a.title;
  if (t.empty()) {
    std::string_view text = a.text;
    size_t b = 0;
    while (true) {  // first non-blank line
      size_t e = text.find('\n', b);
      std::string_view line = text.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
      size_t s = line.find_first_not_of(" \t\r\xC2\xA0");
      if (s != std::string_view::npos || e == std::string_view::npos) {
        t = s == std::string_view::npos ? std::string_view() : line.substr(s);
        break;
      }
      b = e + 1;
    }
  }
  constexpr size_t kMax = 200;
  if (t.size() > kMax) {
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
    t = t.substr(0, cut);
  }
  while (!t.empty() && (t.back() == ' ' || t.back() == '\r' || t.back() == '\t')) t.remove_suffix(1);
  return std::string(t);
}

int64_t Gap(const DayRange& a, const DayRange& b) {
  if (a.last < b.first) return static_cast<int64_t>(b.first) - a.last;
  if (b.last < a.first) return static_cast<int64_t>(a.first) - b.last;
  return 0;
}

}  // namespace

struct StoryClusterer::Impl {
  ClusterOptions opt;
  std::vector<Story> stories;
  std::unordered_map<std::string, uint32_t> by_id;
  std::unordered_map<uint64_t, uint32_t> df;
  uint64_t total_docs = 0;
  std::unordered_map<uint64_t, Posting> postings;
  std::unordered_map<uint64_t, std::vector<Entry>> bands;
  uint32_t next_seq = 1;
  uint32_t next_num = 1;
  uint32_t assigned_since_sweep = 0;
  size_t retired_held = 0;  // retired stories still in `stories` (dropped at the next Compact)
  size_t dropped = 0;       // stories dropped from memory (retired, or dead when restored)
  bool index_stale = false;
  bool debug = std::getenv("MARSAD_STORIES_DEBUG") != nullptr;

  explicit Impl(ClusterOptions o) : opt(o) {}

  bool Alive(const Story& s, uint32_t now) const {
    return !s.retired && static_cast<uint64_t>(s.seq_last) + opt.seq_window >= now;
  }

  uint32_t Df(uint64_t h) const {
    auto it = df.find(h);
    return it == df.end() ? 0 : it->second;
  }
  float IdfOf(uint32_t d) const {
    return static_cast<float>(std::log((static_cast<double>(total_docs) + 2.0) / (d + 1.0)));
  }
  float Idf(uint64_t h) const { return IdfOf(Df(h)); }

  Features Extract(const Article& a) const {
    Features f;
    // Title tokens: the article's first line when the text starts with it.
    uint32_t title_end = 0;
    if (a.title.empty()) {
      size_t nl = a.text.find('\n', a.text.find_first_not_of(" \n\r\t"));
      title_end = static_cast<uint32_t>(std::min<size_t>(nl == std::string::npos ? 0 : nl, 300));
    }
    std::vector<std::pair<uint64_t, bool>> hs;
    hs.reserve(a.tokens.size() + a.mentions.size());
    for (const auto& t : a.tokens) {
      std::string_view s;
      if (t.kind == TokenKind::kWord || t.kind == TokenKind::kLatin) {
        s = t.stem.empty() ? (t.form.empty() ? t.norm : t.form) : t.stem;
        if (s.size() < 4) continue;  // one- and two-letter words: particles
      } else if (t.kind == TokenKind::kNumber) {
        s = t.norm;
        if (s.size() < 2) continue;
      } else {
        continue;
      }
      hs.emplace_back(XXH3_64bits(s.data(), s.size()) & ~kEntityBit, t.span.end <= title_end);
    }
    for (const auto& m : a.mentions) {
      if (m.entity.empty()) continue;
      hs.emplace_back(XXH3_64bits(m.entity.data(), m.entity.size()) | kEntityBit, false);
    }
    std::sort(hs.begin(), hs.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (size_t i = 0; i < hs.size();) {
      size_t j = i;
      bool title = false;
      while (j < hs.size() && hs[j].first == hs[i].first) title |= hs[j++].second;
      f.tf.emplace_back(hs[i].first, 1.0f + std::log(static_cast<float>(j - i)));
      f.in_title.push_back(title);
      i = j;
    }
    f.idf.resize(f.tf.size());
    f.df.resize(f.tf.size());
    f.weight.resize(f.tf.size());
    double n2 = 0, e2 = 0;
    for (size_t i = 0; i < f.tf.size(); ++i) {
      f.df[i] = Df(f.tf[i].first);
      f.idf[i] = IdfOf(f.df[i]);
      const double boost = IsEntity(f.tf[i].first) ? opt.entity_boost : 1.0;
      f.weight[i] = static_cast<float>(f.tf[i].second * f.idf[i] * boost);
      n2 += static_cast<double>(f.weight[i]) * f.weight[i];
      if (IsEntity(f.tf[i].first)) e2 += static_cast<double>(f.weight[i]) * f.weight[i];
    }
    f.norm = std::sqrt(n2);
    f.ent_norm = std::sqrt(e2);
    if (!a.event_type.empty() && a.event_type != "other")
      f.type = TypeHash(a.event_type);
    const auto sh = Shingles(a.tokens);
    f.shingles = sh.size();
    f.sig = MinHash(sh);
    f.dates = DatesOf(a);
    return f;
  }

  // Index keys of an article: its highest-weighted stems and entities. For
  // retrieval only terms seen before can match (a word no earlier article
  // used retrieves nothing), so `seen_only` skips them.
  std::vector<uint64_t> Keys(const Features& f, int n_terms, int n_entities, bool seen_only) const {
    std::vector<std::pair<float, uint64_t>> terms, ents;
    for (size_t i = 0; i < f.tf.size(); ++i) {
      if (seen_only && f.df[i] == 0) continue;
      if (IsEntity(f.tf[i].first)) {
        ents.emplace_back(f.weight[i], f.tf[i].first);
      } else {
        const float w = f.weight[i] * (f.in_title[i] ? static_cast<float>(opt.title_boost) : 1.0f);
        terms.emplace_back(w, f.tf[i].first);
      }
    }
    auto top = [](std::vector<std::pair<float, uint64_t>>& v, int k) {
      const size_t n = std::min<size_t>(v.size(), static_cast<size_t>(std::max(k, 0)));
      std::partial_sort(v.begin(), v.begin() + n, v.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
      });
      v.resize(n);
    };
    top(terms, n_terms);
    top(ents, n_entities);
    std::vector<uint64_t> keys;
    for (auto& t : terms) keys.push_back(t.second);
    for (auto& e : ents) keys.push_back(e.second);
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  // ---- index maintenance ----
  bool EntryValid(uint64_t key, const Entry& e, uint32_t now) const {
    const Story& s = stories[e.story];
    if (!Alive(s, now)) return false;
    auto it = std::lower_bound(s.keys.begin(), s.keys.end(), std::make_pair(key, uint32_t{0}),
                               [](const auto& x, const auto& y) { return x.first < y.first; });
    return it != s.keys.end() && it->first == key && it->second == e.seq;
  }

  bool OriginalValid(const Entry& e, uint32_t now, const Original** out) const {
    const Story& s = stories[e.story];
    if (!Alive(s, now)) return false;
    auto it = std::lower_bound(s.originals.begin(), s.originals.end(), e.seq,
                               [](const Original& o, uint32_t q) { return o.seq < q; });
    if (it == s.originals.end() || it->seq != e.seq) return false;
    if (out) *out = &*it;
    return true;
  }

  void Post(uint64_t key, Entry e, uint32_t now) {
    Posting& p = postings[key];
    if (p.stale > 8 && p.stale * 2 > p.entries.size()) {
      std::erase_if(p.entries, [&](const Entry& x) { return !EntryValid(key, x, now); });
      p.stale = 0;
    }
    p.entries.push_back(e);
  }

  void RegisterKey(uint32_t idx, uint64_t key, uint32_t seq, uint32_t now) {
    Story& s = stories[idx];
    auto it = std::lower_bound(s.keys.begin(), s.keys.end(), std::make_pair(key, uint32_t{0}),
                               [](const auto& x, const auto& y) { return x.first < y.first; });
    if (it != s.keys.end() && it->first == key) {
      it->second = seq;
      postings[key].stale++;
    } else {
      s.keys.insert(it, {key, seq});
    }
    Post(key, {idx, seq}, now);
    if (s.keys.size() > static_cast<size_t>(opt.story_keys)) {
      // Forget the key registered longest ago (ties: the smaller key).
      auto old = std::min_element(s.keys.begin(), s.keys.end(), [](const auto& x, const auto& y) {
        return x.second != y.second ? x.second < y.second : x.first < y.first;
      });
      postings[old->first].stale++;
      s.keys.erase(old);
    }
  }

  void AddBands(uint32_t idx, const Original& o, uint32_t now) {
    for (int b = 0; b < kBands; ++b) {
      auto& list = bands[BandKey(o.sig, b)];
      if (list.size() >= 8 && (list.size() & (list.size() - 1)) == 0)
        std::erase_if(list, [&](const Entry& x) { return !OriginalValid(x, now, nullptr); });
      list.push_back({idx, o.seq});
    }
  }

  // Rebuilds postings and bands from the stories' own records, in seq order:
  // exactly the valid entries an uninterrupted run holds.
  void RebuildIndex(uint32_t now) {
    postings.clear();
    bands.clear();
    std::vector<std::pair<uint32_t, std::pair<uint32_t, uint64_t>>> regs;  // seq -> (story, key)
    std::vector<std::pair<uint32_t, uint32_t>> origs;                     // seq -> story
    pending_keys.clear();
    pending_origs.clear();
    for (uint32_t i = 0; i < stories.size(); ++i) {
      Story& s = stories[i];
      if (!Alive(s, now)) {
        if (!s.retired) Retire(s);
        continue;
      }
      for (auto& [k, q] : s.keys) regs.push_back({q, {i, k}});
      for (auto& o : s.originals) origs.push_back({o.seq, i});
    }
    std::sort(regs.begin(), regs.end());
    for (auto& [q, sk] : regs) postings[sk.second].entries.push_back({sk.first, q});
    std::sort(origs.begin(), origs.end());
    for (auto& [q, i] : origs) {
      const Story& s = stories[i];
      auto it = std::lower_bound(s.originals.begin(), s.originals.end(), q,
                                 [](const Original& o, uint32_t x) { return o.seq < x; });
      for (int b = 0; b < kBands; ++b) bands[BandKey(it->sig, b)].push_back({i, q});
    }
    index_stale = false;
    MaybeCompact();
  }

  // A story idle for seq_window articles can never be a candidate again
  // (Alive() is false for good: `now` only grows), so nothing it holds can
  // change a later decision. Its df contribution stays (it is part of what
  // the corpus has seen, and a store reopened with Restore() counts it too);
  // the rest is freed, and with drop_retired the story itself leaves
  // `stories` at the next Compact.
  void Retire(Story& s) {
    s.retired = true;
    std::vector<std::pair<uint64_t, uint32_t>>().swap(s.keys);
    std::vector<Original>().swap(s.originals);
    if (!opt.drop_retired) return;
    ++retired_held;
    std::vector<std::pair<uint64_t, uint32_t>>().swap(s.terms);
    std::vector<std::pair<uint64_t, uint32_t>>().swap(s.types);
    std::vector<Vote>().swap(s.votes);
    std::vector<std::string>().swap(s.articles);
    std::string().swap(s.title);
    std::string().swap(s.central);
  }

  void Sweep(uint32_t now) {
    for (auto& s : stories)
      if (!s.retired && !s.dirty && !Alive(s, now)) Retire(s);
    MaybeCompact();
  }

  // Drops retired stories from `stories`, `by_id`, the posting lists and
  // the LSH bands (their entries there are invalid already: EntryValid and
  // OriginalValid reject a retired story), renumbering the rest. Only
  // entries that could never be taken again go, so no decision changes.
  // Runs when retired stories make up a quarter of those held (amortized:
  // one pass over the index per ~quarter of the live stories retired).
  void MaybeCompact() {
    if (!opt.drop_retired || retired_held < 64 || retired_held * 4 < stories.size()) return;
    if (!pending_keys.empty() || !pending_origs.empty()) return;  // they hold indexes into `stories`
    Compact();
  }

  void Compact() {
    constexpr uint32_t kGone = UINT32_MAX;
    std::vector<uint32_t> remap(stories.size(), kGone);
    uint32_t n = 0;
    for (uint32_t i = 0; i < stories.size(); ++i)
      if (!stories[i].retired) remap[i] = n++;
    auto filter = [&](std::vector<Entry>& v) {
      size_t k = 0;
      for (const Entry& e : v) {
        const uint32_t to = remap[e.story];
        if (to != kGone) v[k++] = {to, e.seq};
      }
      v.resize(k);
      if (v.capacity() > 2 * k + 4) v.shrink_to_fit();
    };
    for (auto it = postings.begin(); it != postings.end();) {
      filter(it->second.entries);
      it->second.stale = std::min<uint32_t>(it->second.stale, static_cast<uint32_t>(it->second.entries.size()));
      it = it->second.entries.empty() ? postings.erase(it) : std::next(it);
    }
    for (auto it = bands.begin(); it != bands.end();) {
      filter(it->second);
      it = it->second.empty() ? bands.erase(it) : std::next(it);
    }
    for (uint32_t i = 0; i < stories.size(); ++i) {
      if (remap[i] == kGone) {
        by_id.erase(stories[i].id);
        continue;
      }
      if (remap[i] != i) stories[remap[i]] = std::move(stories[i]);
      by_id[stories[remap[i]].id] = remap[i];
    }
    dropped += stories.size() - n;
    stories.resize(n);
    if (stories.capacity() > 2 * n + 64) stories.shrink_to_fit();
    retired_held = 0;
  }

  // ---- story updates ----
  void AddDates(Story& s, const ArticleDates& d) {
    if (d.published) {
      const int32_t p = *d.published;
      if (!s.has_strong) { s.has_strong = true; s.strong_first = s.strong_last = p; }
      s.strong_first = std::min(s.strong_first, p);
      s.strong_last = std::max(s.strong_last, p);
    } else {
      for (const auto& r : d.mentioned) {
        if (!r.day_precise()) continue;
        if (!s.has_weak) { s.has_weak = true; s.weak_first = s.weak_last = r.first; }
        // The first day-precise date is the likeliest dateline; later ones are
        // often references, so only the first counts for the span.
        s.weak_first = std::min(s.weak_first, r.first);
        s.weak_last = std::max(s.weak_last, r.first);
        break;
      }
    }
    for (const auto& r : d.mentioned) {
      auto it = std::find_if(s.votes.begin(), s.votes.end(), [&](const Vote& v) { return v.range == r; });
      if (it != s.votes.end()) it->count++;
      else s.votes.push_back({r, 1});
    }
    if (s.votes.size() > kMaxVotes) {
      std::sort(s.votes.begin(), s.votes.end(), [](const Vote& x, const Vote& y) {
        if (x.count != y.count) return x.count > y.count;
        if (x.range.first != y.range.first) return x.range.first < y.range.first;
        return x.range.last < y.range.last;
      });
      s.votes.resize(kMaxVotes);
    }
  }

  void AddTerms(Story& s, const Features& f) {
    std::vector<std::pair<uint64_t, uint32_t>> merged;
    merged.reserve(s.terms.size() + f.tf.size());
    size_t i = 0, j = 0;
    while (i < s.terms.size() || j < f.tf.size()) {
      if (j == f.tf.size() || (i < s.terms.size() && s.terms[i].first < f.tf[j].first)) {
        merged.push_back(s.terms[i++]);
      } else if (i == s.terms.size() || f.tf[j].first < s.terms[i].first) {
        merged.push_back({f.tf[j++].first, 1});
      } else {
        merged.push_back({s.terms[i].first, s.terms[i].second + 1});
        ++i; ++j;
      }
    }
    for (const auto& t : f.tf) df[t.first]++;
    total_docs++;
    s.n_docs++;
    const size_t cap = static_cast<size_t>(opt.story_terms);
    if (merged.size() > cap) {
      // Keep the terms most members share (ties: smaller hash); the dropped
      // ones leave the global document frequencies too, so that these stay
      // the sum of what the stories hold (and Restore can rebuild them).
      std::vector<std::pair<uint64_t, uint32_t>> order = merged;
      std::nth_element(order.begin(), order.begin() + cap, order.end(), [](const auto& x, const auto& y) {
        return x.second != y.second ? x.second > y.second : x.first < y.first;
      });
      std::vector<std::pair<uint64_t, uint32_t>> drop(order.begin() + cap, order.end());
      std::sort(drop.begin(), drop.end());
      for (const auto& d : drop) {
        auto it = df.find(d.first);
        if (it->second <= d.second) df.erase(it);
        else it->second -= d.second;
      }
      std::erase_if(merged, [&](const auto& t) { return std::binary_search(drop.begin(), drop.end(), t); });
    }
    s.terms = std::move(merged);
    double n2 = 0, e2 = 0;
    for (const auto& [h, c] : s.terms) {
      const double w = c * static_cast<double>(Idf(h)) * (IsEntity(h) ? opt.entity_boost : 1.0);
      n2 += w * w;
      if (IsEntity(h)) e2 += w * w;
    }
    s.norm = static_cast<float>(std::sqrt(n2));
    s.ent_norm = static_cast<float>(std::sqrt(e2));
    if (f.type) {
      auto it = std::lower_bound(s.types.begin(), s.types.end(), std::make_pair(f.type, uint32_t{0}));
      if (it != s.types.end() && it->first == f.type) it->second++;
      else if (s.types.size() < kMaxTypes) s.types.insert(it, {f.type, 1});
    }
  }

  struct Similarity {
    double all = 0;       // cosine over stems and entities
    double entities = 0;  // cosine over entities alone
  };
  Similarity Cosine(const Features& f, const Story& s) const {
    if (f.norm <= 0 || s.norm <= 0) return {};
    double dot = 0, edot = 0;
    size_t i = 0, j = 0;
    while (i < f.tf.size() && j < s.terms.size()) {
      if (f.tf[i].first < s.terms[j].first) {
        ++i;
      } else if (s.terms[j].first < f.tf[i].first) {
        ++j;
      } else {
        const double boost = IsEntity(s.terms[j].first) ? opt.entity_boost : 1.0;
        const double x = static_cast<double>(f.weight[i]) * s.terms[j].second * f.idf[i] * boost;
        dot += x;
        if (IsEntity(f.tf[i].first)) edot += x;
        ++i; ++j;
      }
    }
    Similarity out;
    out.all = dot / (f.norm * s.norm);
    if (f.ent_norm > 0 && s.ent_norm > 0) out.entities = edot / (f.ent_norm * s.ent_norm);
    return out;
  }

  // How well the article's main event type fits the story's typed members
  // (mean TypeRelation, 0..1); nullopt when either side has no type.
  std::optional<double> TypeAgreement(const Features& f, const Story& s) const {
    if (!f.type || s.types.empty()) return std::nullopt;
    double total = 0, fit = 0;
    for (const auto& [h, c] : s.types) {
      total += c;
      fit += c * TypeRelation(f.type, h);
    }
    return fit / total;
  }

  // What the dates say about joining a story: the score needed, the bonus
  // given, and whether the dates settle the question (same days) or leave
  // it to other evidence.
  struct Rule {
    double threshold = 0;
    double bonus = 0;
    bool decisive = false;
  };
  // nullopt when the dates forbid joining.
  std::optional<Rule> TimeRule(const ArticleDates& d, const Story& s) const {
    const int w = opt.window_days;
    if (d.published && s.has_strong) {
      const int32_t p = *d.published;
      const int64_t gap = Gap({p, p}, {s.strong_first, s.strong_last});
      if (gap > w) return std::nullopt;
      const int64_t span = static_cast<int64_t>(std::max(s.strong_last, p)) - std::min(s.strong_first, p);
      if (span > opt.max_span_days) return std::nullopt;
      return Rule{opt.link_threshold, opt.time_weight * (1.0 - static_cast<double>(gap) / (w + 1)), true};
    }
    // Weak evidence: what the texts state (and a publication date on one side).
    std::vector<DayRange> mine = d.mentioned;
    if (d.published) mine.push_back({*d.published, *d.published});
    std::vector<DayRange> theirs;
    if (s.has_strong) theirs.push_back({s.strong_first, s.strong_last});
    for (const auto& v : s.votes) theirs.push_back(v.range);
    if (mine.empty() || theirs.empty()) return Rule{opt.undated_threshold, 0.0, false};
    // Judge at the finest precision both sides offer: a text with a full
    // date names its event's day, and its bare years are mostly background
    // ("the 2020 war"); a side with only years says little, and a story
    // whose members gave only years cannot contradict a day.
    auto width = [](const DayRange& r) { return r.last - r.first; };
    auto level_of = [&](const std::vector<DayRange>& v, int32_t day_width) {
      int32_t finest = INT32_MAX;
      for (const auto& r : v) finest = std::min(finest, width(r));
      return finest <= day_width ? 0 : finest < 32 ? 31 : INT32_MAX;
    };
    // A story's publication span may be up to max_span_days wide and still
    // name its days.
    const int32_t level = std::max(level_of(mine, 0), level_of(theirs, opt.max_span_days));
    auto fits = [&](const DayRange& r, int32_t lim) { return width(r) <= lim; };
    bool match = false;
    for (const auto& a : mine) {
      if (!fits(a, level)) continue;
      for (const auto& b : theirs)
        if (fits(b, level == 0 ? opt.max_span_days : level) && Gap(a, b) <= w) match = true;
    }
    if (level == 0) {
      if (match) return Rule{opt.link_threshold, opt.time_weight * 0.5, true};
      return Rule{opt.mismatch_threshold, 0.0, false};
    }
    // A month ("since September 2023") is more often background than the
    // event's own time: a mismatch at that precision is weaker evidence.
    if (level == 31) {
      if (match) return Rule{(opt.link_threshold + opt.undated_threshold) / 2, 0.0, false};
      return Rule{opt.coarse_mismatch_threshold, 0.0, false};
    }
    // Years only: a match is weak support, no match is no evidence.
    for (const auto& a : mine)
      for (const auto& b : theirs)
        if (Gap(a, b) <= w) return Rule{(opt.link_threshold + opt.undated_threshold) / 2, 0.0, false};
    return Rule{opt.undated_threshold, 0.0, false};
  }

  std::optional<std::pair<uint32_t, const Original*>> FindDuplicate(const Features& f, uint32_t now) const {
    if (!f.sig || f.shingles < 8) return std::nullopt;
    const Original* best = nullptr;
    uint32_t best_story = 0;
    double best_j = opt.duplicate_jaccard;
    for (int b = 0; b < kBands; ++b) {
      auto it = bands.find(BandKey(*f.sig, b));
      if (it == bands.end()) continue;
      for (const Entry& e : it->second) {
        const Original* o = nullptr;
        if (!OriginalValid(e, now, &o)) continue;
        const double j = EstimateJaccard(*f.sig, o->sig);
        // The most similar report wins; among equals, the earliest.
        if (j < best_j) continue;
        if (best && j == best_j && o->seq >= best->seq) continue;
        best = o;
        best_story = e.story;
        best_j = j;
      }
    }
    if (!best) return std::nullopt;
    return std::make_pair(best_story, best);
  }

  uint32_t NewStory(uint32_t seq) {
    Story s;
    s.num = next_num++;
    char buf[24];
    std::snprintf(buf, sizeof buf, "s%06u", s.num);
    s.id = buf;
    s.seq_first = s.seq_last = seq;
    const auto idx = static_cast<uint32_t>(stories.size());
    by_id.emplace(s.id, idx);
    stories.push_back(std::move(s));
    return idx;
  }

  void Assign(Article& a) {
    const uint32_t seq = next_seq++;
    const uint32_t now = seq;
    if (index_stale) {
      RebuildIndex(now);
      pending_keys.clear();
      pending_origs.clear();
    } else if (!pending_keys.empty() || !pending_origs.empty()) {
      ApplyPending(now);
    }
    // Sweep about 16 times per window (4096 articles at the default): when
    // it runs changes only what memory holds, not any decision.
    if (++assigned_since_sweep >= std::clamp<uint32_t>(opt.seq_window / 16, 16, 4096)) {
      assigned_since_sweep = 0;
      Sweep(now);
    }
    a.duplicate_of.clear();
    Features f = Extract(a);

    if (auto dup = FindDuplicate(f, now)) {
      Story& s = stories[dup->first];
      a.duplicate_of = dup->second->id;
      a.story = s.id;
      s.articles.push_back(a.id);
      s.seq_last = seq;
      AddDates(s, f.dates);
      s.dirty = true;
      return;
    }

    const auto keys = Keys(f, opt.key_terms, opt.key_entities, /*seen_only=*/true);
    // Candidates: stories posted under the article's keys, most shared first.
    std::vector<std::pair<uint32_t, uint32_t>> hits;  // story -> keys shared
    std::vector<uint32_t> found, seen;
    for (uint64_t k : keys) {
      auto it = postings.find(k);
      if (it == postings.end()) continue;
      int taken = 0;
      const auto& entries = it->second.entries;
      seen.clear();
      for (size_t i = entries.size(); i-- > 0 && taken < opt.posting_cap;) {
        // Entries are in ascending seq and a story's key holds the seq it
        // was last registered at, so only a story's newest entry in a list
        // can be valid: older ones are skipped without the binary search
        // of EntryValid (the commit thread's hottest loop).
        const uint32_t st = entries[i].story;
        if (!Alive(stories[st], now) || std::find(seen.begin(), seen.end(), st) != seen.end()) continue;
        seen.push_back(st);
        if (!EntryValid(k, entries[i], now)) continue;
        ++taken;
        found.push_back(st);
      }
    }
    // Count keys shared per story (sort + runs: no quadratic search).
    std::sort(found.begin(), found.end());
    for (size_t i = 0; i < found.size();) {
      size_t j = i;
      while (j < found.size() && found[j] == found[i]) ++j;
      hits.push_back({found[i], static_cast<uint32_t>(j - i)});
      i = j;
    }
    std::sort(hits.begin(), hits.end(), [&](const auto& x, const auto& y) {
      if (x.second != y.second) return x.second > y.second;
      return stories[x.first].num < stories[y.first].num;
    });
    if (hits.size() > static_cast<size_t>(opt.max_candidates)) hits.resize(opt.max_candidates);

    std::optional<uint32_t> best;
    double best_score = 0, best_cos = 0;
    for (const auto& [st, n] : hits) {
      const Story& s = stories[st];
      auto rule = TimeRule(f.dates, s);
      if (!rule) continue;
      const Similarity sim = Cosine(f, s);
      const double cos = sim.all;
      // When the dates leave the question open, what happened decides too:
      // a proposal, an agreement and an appeal by the same parties worded
      // alike are different stories unless the same days tie them together.
      const auto ta = TypeAgreement(f, s);
      double threshold = rule->threshold;
      // Dates that agree already say "same story" unless the text differs:
      // there the type can only help (talks and the truce they produce,
      // reported the same days, are one story).
      double floor = opt.min_cosine;
      if (ta) {
        threshold -= opt.type_weight * (rule->decisive ? std::max(0.0, 2.0 * *ta - 1.0) : 2.0 * *ta - 1.0);
        // Same days and the same kind of event: a little less shared wording
        // will do (reports of one event told from different angles).
        if (rule->decisive) floor -= opt.type_weight * 0.25 * std::max(0.0, 2.0 * *ta - 1.0);
      }
      const double score = cos + rule->bonus;
      if (debug)
        std::fprintf(stderr, "  %s cand %s hits=%u cos=%.3f ent=%.3f type=%.2f bonus=%.3f thr=%.3f\n", a.id.c_str(),
                     s.id.c_str(), n, cos, sim.entities, ta ? *ta : -1.0, rule->bonus, threshold);
      if (score < threshold || cos < floor) continue;
      if (!best || score > best_score || (score == best_score && s.num < stories[*best].num)) {
        best = st;
        best_score = score;
        best_cos = cos;
      }
    }

    if (debug) std::fprintf(stderr, "%s -> %s\n", a.id.c_str(), best ? stories[*best].id.c_str() : "NEW");
    uint32_t idx;
    if (best) {
      idx = *best;
    } else {
      idx = NewStory(seq);
      best_cos = 0.5;  // the first report holds the title until a more central one comes
    }
    Story& s = stories[idx];
    s.articles.push_back(a.id);
    s.seq_last = seq;
    if (s.central.empty() || best_cos > s.central_score) {
      s.central = a.id;
      s.central_score = static_cast<float>(best_cos);
      s.title = TitleOf(a);
    }
    AddDates(s, f.dates);
    AddTerms(s, f);
    for (uint64_t k : Keys(f, opt.index_terms, opt.key_entities, /*seen_only=*/false))
      RegisterKey(idx, k, seq, now);
    if (f.sig && f.shingles >= 8) {
      s.originals.push_back({seq, a.id, *f.sig});
      AddBands(idx, s.originals.back(), now);
      if (s.originals.size() > static_cast<size_t>(opt.story_originals))
        s.originals.erase(s.originals.begin());  // band entries go stale with it
    }
    s.dirty = true;
    a.story = s.id;
  }

  StoryRecord Record(const Story& s) const {
    StoryRecord r;
    r.id = s.id;
    r.title = s.title;
    r.articles = s.articles;
    if (s.has_strong) {
      r.first_seen = IsoFromDays(s.strong_first);
      r.last_seen = IsoFromDays(s.strong_last);
    } else if (s.has_weak) {
      r.first_seen = IsoFromDays(s.weak_first);
      r.last_seen = IsoFromDays(s.weak_last);
    }
    StateWriter w;
    w.Varint(kStateVersion);
    w.Varint(s.num);
    w.Varint(s.seq_first);
    w.Varint(s.seq_last);
    w.Varint(s.n_docs);
    w.String(s.central);
    w.Float(s.central_score);
    w.Varint((s.has_strong ? 1u : 0u) | (s.has_weak ? 2u : 0u));
    w.Signed(s.strong_first);
    w.Signed(s.strong_last);
    w.Signed(s.weak_first);
    w.Signed(s.weak_last);
    w.Varint(s.votes.size());
    for (const auto& v : s.votes) {
      w.Signed(v.range.first);
      w.Varint(static_cast<uint32_t>(v.range.last - v.range.first));
      w.Varint(v.count);
    }
    w.Float(s.norm);
    w.Float(s.ent_norm);
    w.Varint(s.types.size());
    for (const auto& [h, c] : s.types) {
      w.Fixed32(static_cast<uint32_t>(h >> 32));
      w.Fixed32(static_cast<uint32_t>(h));
      w.Varint(c);
    }
    w.Varint(s.terms.size());
    uint64_t prev = 0;
    for (const auto& [h, c] : s.terms) {
      w.Varint(h - prev);
      prev = h;
      w.Varint(c);
    }
    w.Varint(s.keys.size());
    prev = 0;
    for (const auto& [k, q] : s.keys) {
      w.Varint(k - prev);
      prev = k;
      w.Varint(q);
    }
    w.Varint(s.originals.size());
    for (const auto& o : s.originals) {
      w.Varint(o.seq);
      w.String(o.id);
      for (uint32_t x : o.sig) w.Fixed32(x);
    }
    r.state = w.Finish();
    return r;
  }

  std::vector<StoryRecord> TakeDirty() {
    std::vector<uint32_t> idx;
    for (uint32_t i = 0; i < stories.size(); ++i)
      if (stories[i].dirty) idx.push_back(i);
    std::sort(idx.begin(), idx.end(), [&](uint32_t x, uint32_t y) { return stories[x].num < stories[y].num; });
    std::vector<StoryRecord> out;
    out.reserve(idx.size());
    for (uint32_t i : idx) {
      out.push_back(Record(stories[i]));
      stories[i].dirty = false;
    }
    return out;
  }

  Status Restore(const StoryRecord& r) {
    if (by_id.count(r.id)) return InvalidArgument("story " + r.id + " restored twice");
    Story s;
    RETURN_IF_ERROR(Parse(r, s));
    for (const auto& [h, c] : s.terms) df[h] += c;
    total_docs += s.n_docs;
    next_seq = std::max(next_seq, s.seq_last + 1);
    next_num = std::max(next_num, s.num + 1);
    if (opt.drop_retired && !Alive(s, next_seq)) {
      // Retired already (next_seq only grows while restoring): it counts in
      // the document frequencies, nothing else of it is needed.
      ++dropped;
      return Status::Ok();
    }
    by_id.emplace(s.id, static_cast<uint32_t>(stories.size()));
    stories.push_back(std::move(s));
    index_stale = true;
    return Status::Ok();
  }

  // Index entries of stories replaced since the last Assign, applied in seq
  // order at the next Assign (posting lists must stay in ascending seq).
  std::vector<std::pair<uint32_t, std::pair<uint32_t, uint64_t>>> pending_keys;  // seq -> (story, key)
  std::vector<std::pair<uint32_t, uint32_t>> pending_origs;                      // seq -> story
  uint32_t pending_floor = 0;  // next_seq when the first pending entry came

  Status Replace(const StoryRecord& r) {
    Story s;
    RETURN_IF_ERROR(Parse(r, s));
    if (pending_keys.empty() && pending_origs.empty()) pending_floor = next_seq;
    auto it = by_id.find(r.id);
    uint32_t idx;
    const Story* old = nullptr;
    if (it == by_id.end()) {
      idx = static_cast<uint32_t>(stories.size());
      by_id.emplace(s.id, idx);
      stories.emplace_back();
    } else if (stories[it->second].retired && opt.drop_retired) {
      // Retired here, so its terms are gone: under the writers' protocol
      // this cannot happen (every writer's `now` is past this clusterer's
      // once it has synchronized, so the story is dead for them too and
      // none of them changes it). A writer outside the protocol did it:
      // take the new version as a new story; the old one's df contribution
      // cannot be taken back and stays counted.
      idx = it->second;
      --retired_held;
    } else {
      idx = it->second;
      old = &stories[idx];
      if (old->dirty) return FailedPrecondition("story " + r.id + " replaced while it has unsaved changes");
      for (const auto& [h, c] : old->terms) {
        auto d = df.find(h);
        if (d == df.end()) continue;
        if (d->second <= c) df.erase(d);
        else d->second -= c;
      }
      total_docs -= std::min<uint64_t>(total_docs, old->n_docs);
    }
    for (const auto& [h, c] : s.terms) df[h] += c;
    total_docs += s.n_docs;
    next_seq = std::max(next_seq, s.seq_last + 1);
    next_num = std::max(next_num, s.num + 1);
    if (opt.drop_retired && !Alive(s, next_seq)) {
      // Dead on arrival (a writer catching up on a long stretch of the
      // others' work): it counts in df; nothing of it can be retrieved.
      stories[idx] = std::move(s);
      Retire(stories[idx]);
      return Status::Ok();
    }
    if (!index_stale) {
      // Only entries the old version lacks; they were made by other writers
      // after this clusterer's last sync, so their seqs lie above all it
      // has indexed. If not (a writer outside the protocol), rebuild.
      for (const auto& [k, q] : s.keys) {
        bool known = false;
        if (old) {
          auto o = std::lower_bound(old->keys.begin(), old->keys.end(), std::make_pair(k, uint32_t{0}),
                                    [](const auto& x, const auto& y) { return x.first < y.first; });
          if (o != old->keys.end() && o->first == k) {
            known = o->second == q;
            if (!known) postings[k].stale++;
          }
        }
        if (known) continue;
        if (q < pending_floor) index_stale = true;
        pending_keys.push_back({q, {idx, k}});
      }
      for (const auto& o : s.originals) {
        const bool known = old && std::any_of(old->originals.begin(), old->originals.end(),
                                              [&](const Original& x) { return x.seq == o.seq; });
        if (known) continue;
        if (o.seq < pending_floor) index_stale = true;
        pending_origs.push_back({o.seq, idx});
      }
    }
    stories[idx] = std::move(s);
    return Status::Ok();
  }

  void ApplyPending(uint32_t now) {
    std::sort(pending_keys.begin(), pending_keys.end());
    for (const auto& [q, sk] : pending_keys) Post(sk.second, {sk.first, q}, now);
    std::sort(pending_origs.begin(), pending_origs.end());
    for (const auto& [q, i] : pending_origs) {
      const Story& s = stories[i];
      auto it = std::lower_bound(s.originals.begin(), s.originals.end(), q,
                                 [](const Original& o, uint32_t x) { return o.seq < x; });
      if (it != s.originals.end() && it->seq == q) AddBands(i, *it, now);
    }
    pending_keys.clear();
    pending_origs.clear();
  }

  // Decodes a persisted story (no effect on the clusterer).
  Status Parse(const StoryRecord& r, Story& s) const {
    auto ctx = [&](const Status& st) { return st.WithContext("story " + r.id); };
    StateReader rd(r.state);
    if (!rd.ok()) return ctx(rd.status());
    uint64_t version = 0, num = 0, seq_first = 0, seq_last = 0, n_docs = 0, flags = 0, n = 0;
    if (!rd.Varint(version)) return ctx(rd.status());
    if (version != kStateVersion)
      return ctx(FailedPrecondition("story state version " + std::to_string(version) +
                                    " (this build reads " + std::to_string(kStateVersion) +
                                    "); re-cluster the store"));
    bool ok = rd.Varint(num) && rd.Varint(seq_first) && rd.Varint(seq_last) && rd.Varint(n_docs) &&
              rd.String(s.central) && rd.Float(s.central_score) && rd.Varint(flags) &&
              rd.Signed(s.strong_first) && rd.Signed(s.strong_last) && rd.Signed(s.weak_first) &&
              rd.Signed(s.weak_last) && rd.Varint(n) && n <= kMaxVotes;
    if (!ok) return ctx(rd.status());
    s.num = static_cast<uint32_t>(num);
    s.seq_first = static_cast<uint32_t>(seq_first);
    s.seq_last = static_cast<uint32_t>(seq_last);
    s.n_docs = static_cast<uint32_t>(n_docs);
    s.has_strong = flags & 1;
    s.has_weak = flags & 2;
    for (uint64_t i = 0; i < n; ++i) {
      int32_t first = 0;
      uint64_t len = 0, count = 0;
      if (!(rd.Signed(first) && rd.Varint(len) && rd.Varint(count))) return ctx(rd.status());
      s.votes.push_back({{first, first + static_cast<int32_t>(len)}, static_cast<uint32_t>(count)});
    }
    if (!(rd.Float(s.norm) && rd.Float(s.ent_norm) && rd.Varint(n)) || n > kMaxTypes) return ctx(rd.Fail());
    for (uint64_t i = 0; i < n; ++i) {
      uint32_t hi = 0, lo = 0;
      uint64_t c = 0;
      if (!(rd.Fixed32(hi) && rd.Fixed32(lo) && rd.Varint(c))) return ctx(rd.status());
      s.types.push_back({(static_cast<uint64_t>(hi) << 32) | lo, static_cast<uint32_t>(c)});
    }
    if (!rd.Varint(n) || n > rd.remaining()) return ctx(rd.Fail());
    uint64_t prev = 0;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t d = 0, c = 0;
      if (!(rd.Varint(d) && rd.Varint(c))) return ctx(rd.status());
      prev += d;
      s.terms.push_back({prev, static_cast<uint32_t>(c)});
    }
    if (!rd.Varint(n) || n > rd.remaining()) return ctx(rd.Fail());
    prev = 0;
    for (uint64_t i = 0; i < n; ++i) {
      uint64_t d = 0, q = 0;
      if (!(rd.Varint(d) && rd.Varint(q))) return ctx(rd.status());
      prev += d;
      s.keys.push_back({prev, static_cast<uint32_t>(q)});
    }
    if (!rd.Varint(n) || n > rd.remaining()) return ctx(rd.Fail());
    for (uint64_t i = 0; i < n; ++i) {
      Original o;
      uint64_t q = 0;
      if (!(rd.Varint(q) && rd.String(o.id))) return ctx(rd.status());
      o.seq = static_cast<uint32_t>(q);
      for (auto& x : o.sig)
        if (!rd.Fixed32(x)) return ctx(rd.status());
      s.originals.push_back(std::move(o));
    }
    if (!rd.AtEnd()) return ctx(DataLoss("trailing bytes in story state"));
    // Sanity: sorted, as written.
    for (size_t i = 1; i < s.terms.size(); ++i)
      if (s.terms[i - 1].first >= s.terms[i].first) return ctx(DataLoss("story state terms out of order"));
    for (size_t i = 1; i < s.types.size(); ++i)
      if (s.types[i - 1].first >= s.types[i].first) return ctx(DataLoss("story state types out of order"));
    for (size_t i = 1; i < s.keys.size(); ++i)
      if (s.keys[i - 1].first >= s.keys[i].first) return ctx(DataLoss("story state keys out of order"));
    for (size_t i = 1; i < s.originals.size(); ++i)
      if (s.originals[i - 1].seq >= s.originals[i].seq) return ctx(DataLoss("story state reports out of order"));

    s.id = r.id;
    s.title = r.title;
    s.articles = r.articles;
    return Status::Ok();
  }
};

StoryClusterer::StoryClusterer(ClusterOptions options) : impl_(std::make_unique<Impl>(options)) {}
StoryClusterer::~StoryClusterer() = default;
StoryClusterer::StoryClusterer(StoryClusterer&&) noexcept = default;
StoryClusterer& StoryClusterer::operator=(StoryClusterer&&) noexcept = default;

void StoryClusterer::Assign(Article& a) { impl_->Assign(a); }
std::vector<StoryRecord> StoryClusterer::TakeDirty() { return impl_->TakeDirty(); }
Status StoryClusterer::Restore(const StoryRecord& r) { return impl_->Restore(r); }
Status StoryClusterer::Replace(const StoryRecord& r) { return impl_->Replace(r); }
size_t StoryClusterer::num_stories() const { return impl_->stories.size() + impl_->dropped; }
size_t StoryClusterer::num_held_stories() const { return impl_->stories.size(); }

}  // namespace marsad::stories
