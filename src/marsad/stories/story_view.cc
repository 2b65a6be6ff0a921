#include "marsad/stories/story_view.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "marsad/core/iso_date.h"
#include "marsad/text/tokenizer.h"

namespace marsad::stories {
namespace {

bool IsCeasefire(const std::string& t) { return t.rfind("ceasefire", 0) == 0; }
bool IsViolence(const std::string& t) {
  return t == "clashes" || t == "shelling" || t == "air_strike" || t == "assault" || t == "casualties_report";
}
bool Counts(const Event& e) { return e.mode == "asserted" || e.mode == "future"; }

// Status step of a ceasefire event type.
std::string StepOf(const std::string& type) {
  if (type == "ceasefire_proposed") return "proposed";
  if (type == "ceasefire_agreed") return "agreed";
  if (type == "ceasefire_announced_unilateral") return "declared";
  if (type == "ceasefire_in_effect") return "in_effect";
  if (type == "ceasefire_extended") return "extended";
  if (type == "ceasefire_violated") return "violated";
  if (type == "ceasefire_collapsed") return "collapsed";
  return "";
}
int StepRank(const std::string& s) {
  static const std::vector<std::string> order = {"proposed", "agreed", "declared", "in_effect",
                                                 "extended", "violated", "collapsed"};
  auto it = std::find(order.begin(), order.end(), s);
  return static_cast<int>(it - order.begin());
}

void AddUnique(std::vector<std::string>& v, const std::string& x) {
  if (!x.empty() && std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

std::string Outlet(const Article& a) { return a.source.empty() ? a.id : a.source; }
std::string DateOf(const Article& a) { return a.published.substr(0, std::min<size_t>(10, a.published.size())); }

// Trims and squeezes whitespace (headlines carry line breaks and NBSPs).
std::string Clean(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      ws = true;
      ++i;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += s[i];
  }
  return out;
}

// An article with its tokens and sentences: the article's own when it has
// them (no copy), else tokenized here (stored articles carry none).
struct Analysed {
  const Article* a;
  bool own = false;
  std::vector<Token> own_tokens{};
  std::vector<Sentence> own_sentences{};
  const std::vector<Token>& tokens() const { return own ? own_tokens : a->tokens; }
  const std::vector<Sentence>& sentences() const { return own ? own_sentences : a->sentences; }
};

std::set<std::string> Forms(const Analysed& x, const Sentence& s) {
  std::set<std::string> out;
  const std::vector<Token>& tokens = x.tokens();
  for (uint32_t t = s.first_token; t < s.end_token && t < tokens.size(); ++t)
    if (tokens[t].kind == TokenKind::kWord && tokens[t].form.size() > 4) out.insert(tokens[t].form);
  return out;
}

// The articles oldest first (undated reports keep their arrival order at
// the end), nulls dropped.
std::vector<const Article*> Ordered(const std::vector<const Article*>& input) {
  std::vector<const Article*> articles;
  for (const Article* a : input)
    if (a) articles.push_back(a);
  std::stable_sort(articles.begin(), articles.end(), [](const Article* x, const Article* y) {
    std::string dx = DateOf(*x), dy = DateOf(*y);
    if (dx.empty() != dy.empty()) return !dx.empty();
    return dx < dy;
  });
  return articles;
}

// The articles in Ordered order, each with tokens and sentences.
std::vector<Analysed> PrepareDocs(const std::vector<const Article*>& input) {
  const std::vector<const Article*> articles = Ordered(input);
  std::vector<Analysed> docs;
  docs.reserve(articles.size());
  for (const Article* a : articles) {
    Analysed d{a};
    if (a->tokens.empty() || a->sentences.empty()) {
      d.own = true;
      d.own_tokens = text::Tokenize(a->text);
      d.own_sentences = text::SplitSentences(a->text, d.own_tokens);
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

void TitleAndSummary(const StoryRecord& story, const std::vector<Analysed>& docs, StoryAnalysis& out);

}  // namespace

StoryAnalysis DescribeStory(const StoryRecord& story, const std::vector<const Article*>& input) {
  StoryAnalysis out;
  TitleAndSummary(story, PrepareDocs(input), out);
  return out;
}

std::vector<CeasefireRecord> CeasefireRecords(const std::vector<const Article*>& input) {
  std::vector<CeasefireRecord> out;
  const std::vector<const Article*> articles = Ordered(input);
  // One record per set of parties.
  std::map<std::string, CeasefireRecord> records;
  std::map<std::string, std::map<std::string, int>> effective_votes, purpose_votes, mediator_votes;
  std::map<std::string, std::map<std::pair<std::string, std::string>, size_t>> steps;
  std::string main_key;
  std::map<std::string, std::map<std::string, int>> party_votes;
  std::map<std::string, int> event_count;
  for (const Article* ap : articles) {
    const Article& a = *ap;
    for (const Event& e : a.events) {
      if (!IsCeasefire(e.type) || !Counts(e) || e.type == "ceasefire") continue;
      std::vector<std::string> p = e.parties;
      std::sort(p.begin(), p.end());
      std::string key;
      for (const auto& x : p) key += x + "|";
      // The same truce when two of its sides are the same (one report also
      // names a third side).
      for (const auto& [k, rec] : records) {
        int shared = 0;
        for (const auto& x : p) shared += std::count(rec.parties.begin(), rec.parties.end(), x) > 0;
        if (shared >= 2 || (shared >= 1 && p.size() == 1)) {
          key = k;
          break;
        }
      }
      if (key.empty()) key = main_key;  // parties unnamed: the story's ceasefire
      if (main_key.empty()) main_key = key;
      CeasefireRecord& r = records[key];
      for (const auto& x : e.parties) AddUnique(r.parties, x);
      for (const auto& x : e.parties) party_votes[key][x]++;
      event_count[key]++;
      for (const auto& m : e.mediators) mediator_votes[key][m]++;
      AddUnique(r.sources, Outlet(a));
      std::string step = StepOf(e.type);
      if (step.empty()) continue;
      if (e.mode == "future") continue;  // expected or planned: not a step yet
      // A report about something else (talks, a reaction) that names the truce
      // in passing dates no step of it: a talks piece is no agreement.
      if (!a.event_type.empty() && a.event_type.rfind("ceasefire", 0) != 0 && step != "violated" &&
          step != "collapsed")
        continue;
      // The step is dated by the report; the event's own date when undated.
      std::string date = !DateOf(a).empty() ? DateOf(a) : e.date.substr(0, std::min<size_t>(10, e.date.size()));
      if (step == "agreed" || step == "declared") {
        if (r.declared.empty() || (!date.empty() && date < r.declared)) r.declared = date;
        if (!e.source.empty() && (std::count(e.parties.begin(), e.parties.end(), e.source) ||
                                  std::count(e.mediators.begin(), e.mediators.end(), e.source)))
          AddUnique(r.declared_by, e.source);
      }
      if (!e.effective.empty()) effective_votes[key][e.effective]++;
      for (const auto& attr : e.attributes) {
        if (attr.rfind("purpose:", 0) == 0) purpose_votes[key][attr.substr(8)]++;
        if (attr.rfind("provision:", 0) == 0) AddUnique(r.provisions, attr.substr(10));
      }
      auto sk = std::make_pair(step, date);
      auto it = steps[key].find(sk);
      if (it == steps[key].end()) {
        steps[key][sk] = r.status_history.size();
        r.status_history.push_back({step, date, {}, {}});
        it = steps[key].find(sk);
      }
      AddUnique(r.status_history[it->second].sources, Outlet(a));
      AddUnique(r.status_history[it->second].articles, a.id);
    }
  }
  for (auto& [key, r] : records) {
    if (r.status_history.empty()) continue;
    // Sides named by at least half of the reports' events (one report naming
    // a third side does not make the truce multilateral).
    std::vector<std::string> sides;
    for (const auto& x : r.parties)
      if (2 * party_votes[key][x] >= event_count[key]) sides.push_back(x);
    if (sides.size() >= 2) r.parties = sides;
    std::stable_sort(r.status_history.begin(), r.status_history.end(),
                     [](const StatusStep& x, const StatusStep& y) {
                       if (x.date != y.date) return x.date < y.date;
                       return StepRank(x.status) < StepRank(y.status);
                     });
    // A step reported again later adds its sources to the first report of it.
    std::vector<StatusStep> merged;
    for (auto& s : r.status_history) {
      auto it = std::find_if(merged.begin(), merged.end(), [&](const StatusStep& m) { return m.status == s.status; });
      if (it != merged.end() && s.status != "violated") {
        for (const auto& x : s.sources) AddUnique(it->sources, x);
        for (const auto& x : s.articles) AddUnique(it->articles, x);
      } else {
        merged.push_back(std::move(s));
      }
    }
    r.status_history = std::move(merged);
    r.status = r.status_history.back().status;
    bool agreed = false, declared = false;
    for (const auto& s : r.status_history) {
      agreed = agreed || s.status == "agreed" || s.status == "extended" || s.status == "in_effect";
      declared = declared || s.status == "declared";
    }
    r.kind = declared && !agreed ? "unilateral" : r.parties.size() > 2 ? "multilateral" : "bilateral";
    if (r.kind == "unilateral") {
      // Declared by one side alone: keep only the sides among the declarers.
      std::vector<std::string> by;
      for (const auto& x : r.declared_by)
        if (std::find(r.parties.begin(), r.parties.end(), x) != r.parties.end()) by.push_back(x);
      if (!by.empty()) r.declared_by = by;
    } else if (r.parties.size() >= 2) {
      // An agreement is declared by its sides, as peace-agreement data (UCDP,
      // PA-X) code the signatories, even when a broker announced it (Russia
      // after the Moscow talks): the broker is in mediators.
      r.declared_by = r.parties;
    }
    // Mediators: most often named first.
    std::vector<std::pair<int, std::string>> meds;
    for (const auto& [m, n] : mediator_votes[key]) meds.push_back({-n, m});
    std::stable_sort(meds.begin(), meds.end());
    for (const auto& [_, m] : meds) r.mediators.push_back(m);
    // Effective: most reported, then most precise.
    int best = 0;
    for (const auto& [v, n] : effective_votes[key])
      if (n > best || (n == best && v.size() > r.effective.size())) {
        best = n;
        r.effective = v;
      }
    // The most specific purpose named: a holiday or humanitarian truce,
    // else what the reports say most (peace process ...).
    best = 0;
    for (const auto& [v, n] : purpose_votes[key])
      if (n > best) {
        best = n;
        r.purpose = v;
      }
    for (const char* specific : {"humanitarian", "holiday"})
      if (purpose_votes[key].count(specific)) r.purpose = specific;
    for (const Article* ap : articles) {
      bool violent = false;
      for (const Event& e : ap->events) violent = violent || (IsViolence(e.type) && e.mode == "asserted");
      if (!violent) continue;
      std::string date = DateOf(*ap);
      if (!r.declared.empty() && !date.empty() && date > r.declared) r.violence_after.push_back(ap->id);
      else r.violence_before.push_back(ap->id);
    }
    out.push_back(std::move(r));
  }

  return out;
}

StoryAnalysis AnalyzeStory(const StoryRecord& story, const std::vector<const Article*>& input) {
  StoryAnalysis out;
  const std::vector<Analysed> docs = PrepareDocs(input);

  // --- timeline: one entry per (date, type), with every source that reported it ---
  std::map<std::pair<std::string, std::string>, size_t> entry_of;
  for (const auto& d : docs) {
    const Article& a = *d.a;
    std::set<std::string> done;
    for (const Event& e : a.events) {
      if (e.mode == "negated" || e.mode == "hypothetical") continue;
      if (e.type == "other" || e.type == "ceasefire" || e.confidence < 0.3f) continue;
      std::string date = e.date.empty() ? DateOf(a) : e.date.substr(0, 10);
      auto key = std::make_pair(date, e.type);
      if (!done.insert(date + e.type).second) continue;
      auto it = entry_of.find(key);
      if (it == entry_of.end()) {
        TimelineEntry t;
        t.date = date;
        t.type = e.type;
        t.mode = e.mode;
        if (e.sentence < d.sentences().size()) t.text = Clean(d.sentences()[e.sentence].span.In(a.text));
        if (t.text.size() > 400) t.text = t.text.substr(0, 400);
        entry_of[key] = out.timeline.size();
        out.timeline.push_back(std::move(t));
        it = entry_of.find(key);
      }
      AddUnique(out.timeline[it->second].articles, a.id);
      AddUnique(out.timeline[it->second].sources, Outlet(a));
    }
  }
  std::stable_sort(out.timeline.begin(), out.timeline.end(),
                   [](const TimelineEntry& x, const TimelineEntry& y) { return x.date < y.date; });

  out.ceasefires = CeasefireRecords(input);

  // --- claims by source ---
  static const std::set<std::string> kinds = {"killed", "wounded", "civilians_killed", "soldiers_killed",
                                              "prisoners", "hostages"};
  for (const auto& d : docs) {
    const Article& a = *d.a;
    for (const NumberMention& n : a.numbers) {
      if (!kinds.count(n.what)) continue;
      Claim c;
      c.what = n.what;
      c.value = n.value;
      c.qualifier = n.qualifier;
      c.surface = Clean(n.span.In(a.text));
      c.source = Outlet(a);
      c.article = a.id;
      c.date = DateOf(a);
      const Sentence* s = nullptr;
      for (const auto& sent : d.sentences())
        if (sent.span.begin <= n.span.begin && n.span.begin < sent.span.end) s = &sent;
      // Figures from background sentences (the war of the 1990s) are no claims
      // about this story: an event of the sentence is historical, or all its
      // dates lie more than a year before the report.
      if (s) {
        bool background = false;
        const size_t si = static_cast<size_t>(s - d.sentences().data());
        for (const Event& e : a.events)
          if (e.sentence == si && e.mode == "historical") background = true;
        const int year = YearOfIso(DateOf(a));
        int newest = 0;
        for (const Timex& t : a.timexes)
          if (t.span.begin >= s->span.begin && t.span.end <= s->span.end && t.kind != "duration")
            newest = std::max(newest, YearOfIso(t.value));
        if (year > 0 && newest > 0 && newest < year - 1) background = true;
        if (background) continue;
      }
      uint32_t speaker_at = 0;
      for (const Quote& q : a.quotes)
        if (q.span.Contains(n.span)) {
          c.said_by = q.speaker_name;
          speaker_at = q.speaker_span.begin;
        }
      if (c.said_by.empty()) {
        // The closest named person or organisation before it in its sentence.
        if (s) {
          const Mention* best = nullptr;
          for (const Mention& m : a.mentions)
            if ((m.type == EntityType::kORG || m.type == EntityType::kPER) && m.role != "MED" &&
                m.span.begin >= s->span.begin && m.span.end <= n.span.begin)
              best = &m;
          if (best) {
            c.said_by = best->name.empty() ? Clean(best->span.In(a.text)) : best->name;
            speaker_at = best->span.begin;
          }
        }
      }
      // A person named with the organisation they speak for right before the
      // name (in the same sentence, within a short title): list it too.
      if (!c.said_by.empty() && speaker_at > 0 && s) {
        const Mention* person = nullptr;
        for (const Mention& m : a.mentions)
          if (m.type == EntityType::kPER && m.span.begin == speaker_at) person = &m;
        if (person) {
          for (const Mention& m : a.mentions)
            if (m.type == EntityType::kORG && m.role != "MED" && m.span.end <= person->span.begin &&
                m.span.begin >= s->span.begin && person->span.begin - m.span.end <= 24)
              c.said_for = m.name.empty() ? Clean(m.span.In(a.text)) : m.name;
        }
      }
      out.claims.push_back(std::move(c));
    }
  }
  std::stable_sort(out.claims.begin(), out.claims.end(), [](const Claim& x, const Claim& y) {
    if (x.what != y.what) return x.what < y.what;
    return x.date < y.date;
  });

  TitleAndSummary(story, docs, out);
  return out;
}

namespace {

// --- title and summary: central lead sentences, no repeats ---
void TitleAndSummary(const StoryRecord& story, const std::vector<Analysed>& docs, StoryAnalysis& out) {
  std::unordered_map<std::string, int> df;
  for (const auto& d : docs) {
    std::set<std::string> seen;
    for (size_t i = 0; i < d.sentences().size() && i < 6; ++i)
      for (const auto& f : Forms(d, d.sentences()[i])) seen.insert(f);
    for (const auto& f : seen) df[f]++;
  }
  struct Cand {
    double score;
    std::string text;
    std::set<std::string> forms;
  };
  std::vector<Cand> cands;
  for (const auto& d : docs) {
    for (size_t i = 0; i < d.sentences().size() && i < 6; ++i) {
      std::string t = Clean(d.sentences()[i].span.In(d.a->text));
      if (t.size() < 40 || t.size() > 600) continue;
      // The headline line is the title's, not the summary's.
      if (!d.a->title.empty() && t == Clean(d.a->title)) continue;
      auto forms = Forms(d, d.sentences()[i]);
      if (forms.size() < 5) continue;
      double sc = 0;
      for (const auto& f : forms) sc += df[f] > 1 ? df[f] : 0;
      sc = sc / (3.0 + forms.size()) * (i == 0 ? 1.3 : i == 1 ? 1.15 : 1.0);
      cands.push_back({sc, std::move(t), std::move(forms)});
    }
  }
  std::stable_sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) { return x.score > y.score; });
  auto overlap = [](const std::set<std::string>& x, const std::set<std::string>& y) {
    int i = 0;
    for (const auto& f : x) i += y.count(f);
    return static_cast<double>(i) / std::max<size_t>(1, std::min(x.size(), y.size()));
  };
  // Title: the article titles when the reader gave them, else the most
  // central short lead sentence.
  std::string title;
  for (const auto& d : docs)
    if (!d.a->title.empty() && (title.empty() || d.a->title.size() < title.size())) title = Clean(d.a->title);
  std::set<std::string> title_forms;
  if (title.empty()) {
    for (const auto& c : cands)
      if (c.text.size() <= 200) {
        title = c.text;
        title_forms = c.forms;
        break;
      }
    if (title.empty() && !cands.empty()) title = cands[0].text.substr(0, 200);
  }
  out.title = title.empty() ? story.title : title;
  std::vector<const Cand*> chosen;
  size_t length = 0;
  for (const auto& c : cands) {
    if (chosen.size() >= 3 || length > 700) break;
    bool repeat = !title_forms.empty() && overlap(c.forms, title_forms) > 0.6;
    for (const Cand* p : chosen) repeat = repeat || overlap(c.forms, p->forms) > 0.5;
    if (repeat) continue;
    chosen.push_back(&c);
    length += c.text.size();
  }
  for (const Cand* c : chosen) {
    if (!out.summary.empty()) {
      // Sentences cut at a line end carry no stop of their own.
      const char last = out.summary.back();
      const bool stopped = last == '.' || last == '!' || last == '?' || out.summary.ends_with("؟") ||
                           out.summary.ends_with("…") || out.summary.ends_with("»") || out.summary.ends_with("”");
      out.summary += stopped ? " " : ". ";
    }
    out.summary += c->text;
  }
  if (out.summary.empty()) out.summary = story.summary;
}

}  // namespace

nlohmann::json CeasefireRow(const std::string& story, const CeasefireRecord& c) {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& s : c.status_history)
    history.push_back({{"status", s.status}, {"date", s.date.empty() ? nlohmann::json() : nlohmann::json(s.date)},
                       {"sources", s.sources}, {"articles", s.articles}});
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"story", story},
          {"parties", c.parties},
          {"declared_by", c.declared_by},
          {"kind", c.kind},
          {"mediators", c.mediators},
          {"declared", opt(c.declared)},
          {"effective", opt(c.effective)},
          {"purpose", opt(c.purpose)},
          {"provisions", c.provisions},
          {"status", c.status},
          {"status_history", history},
          {"sources", c.sources}};
}

nlohmann::json ClaimRow(const std::string& story, const Claim& c) {
  auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  return {{"story", story},       {"what", c.what},        {"value", c.value},
          {"source", c.source},   {"article", c.article},  {"said_by", opt(c.said_by)},
          {"said_for", opt(c.said_for)}, {"date", opt(c.date)}};
}

}  // namespace marsad::stories
