#include "marsad/extract/linking/entity_linker.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "marsad/core/utf8.h"
#include "marsad/extract/linking/variant_key.h"
#include "marsad/extract/linking/variant_key_internal.h"
#include "marsad/text/normalizer.h"

namespace marsad::linking {
namespace {

// Words before an outlet name that is also a common word (العربية، العالم).
const std::unordered_set<std::string>& CueWords() {
  static const auto* s = new std::unordered_set<std::string>{
      "قناه", "شبكه", "موقع", "صحيفه", "جريده", "وكاله", "تلفزيون", "اذاعه", "مجله", "منصه",
      "لقناه", "لشبكه", "لموقع", "لصحيفه", "لوكاله", "بحسب", "حسب", "به", "وفق", "وفقا", "لـ",
      "ل", "موقعه", "نقلا", "نشرته", "نشرتها", "اوردت", "ذكرت", "افادت", "قالت"};
  return *s;
}

const std::unordered_set<std::string>& Weekdays() {
  static const auto* s = new std::unordered_set<std::string>{
      "السبت", "الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه"};
  return *s;
}

bool IsQuote(const Token& t) {
  return t.norm == "\"" || t.norm == "«" || t.norm == "»" || t.norm == "“" || t.norm == "”" ||
         t.norm == "'" || t.norm == "‘" || t.norm == "’";
}

bool IsWordish(const Token& t) { return t.kind == TokenKind::kWord || t.kind == TokenKind::kLatin; }

// An outlet name standing alone as a dateline ("العربية - ..." or "مدار: ...")
// at the start of a line.
bool IsDateline(const Article& a, const KbMatch& m) {
  const auto& tk = a.tokens;
  size_t p = m.span.begin;
  while (p > 0) {
    char c = a.text[p - 1];
    if (c == '\n') break;
    if (c != ' ' && c != '\t' && c != '\r') return false;
    --p;
  }
  if (m.end_token >= tk.size()) return false;
  const std::string& next = tk[m.end_token].norm;
  return next == ":" || next == "-" || next == "–" || next == "—" || next == "|";
}

bool CueSatisfied(const Article& a, const KbMatch& m) {
  const auto& tk = a.tokens;
  if (m.end_token < tk.size() && Weekdays().count(tk[m.end_token].norm)) return false;
  if (IsDateline(a, m)) return true;
  int k = static_cast<int>(m.first_token) - 1;
  // The proclitic of the name's own token (لـ"العربية") counts as a cue.
  if (m.span.begin > tk[m.first_token].span.begin) return true;
  while (k >= 0 && IsQuote(tk[k])) --k;
  return k >= 0 && CueWords().count(tk[k].norm) > 0;
}

bool TypeCompatible(EntityType kb, EntityType ner) {
  if (ner == EntityType::kMISC) return true;
  if (kb == ner) return true;
  bool kb_place = kb == EntityType::kLOC || kb == EntityType::kGPE;
  bool ner_place = ner == EntityType::kLOC || ner == EntityType::kGPE;
  return kb_place && ner_place;
}

// Whether a word is a nisba adjective (الأرميني، الفلسطينية), with
// `accusative` its tanween form too (31 أذربيجانيا). Country names that end so
// (سوريا) are listed in the knowledge base and matched exactly before this
// is asked.
bool IsNisba(const KnowledgeBase& kb, const Token& t, bool accusative) {
  if (t.kind != TokenKind::kWord) return false;
  if (!kb.NisbaCountry(t).empty()) return true;
  std::string_view w = t.norm;
  if (!accusative || w.size() <= 2 || w.substr(w.size() - 2) != "\xD8\xA7") return false;  // ا
  w.remove_suffix(2);
  return !kb.NisbaCountry(w).empty();
}

struct Pending {
  uint32_t first_token, end_token;
  Span span;
  std::vector<const Entity*> candidates;
  bool context_only = false;
  bool exact = true;
};

}  // namespace

void EntityLinker::Process(Article& a, std::vector<Mention> ner_mentions) const {
  a.mentions.clear();
  const auto& tk = a.tokens;
  if (tk.empty()) return;

  // 1. Dictionary matches; a match whose cue is missing is retried shorter
  //    ("روسيا اليوم الجمعة" is Russia, not RT).
  std::vector<Pending> pend;
  std::vector<KbMatch> todo = kb_.MatchTokens(tk, a.text);
  while (!todo.empty()) {
    KbMatch m = std::move(todo.back());
    todo.pop_back();
    if (m.needs_cue && !CueSatisfied(a, m)) {
      if (m.end_token - m.first_token > 1) {
        std::vector<Token> sub(tk.begin() + m.first_token, tk.begin() + m.end_token - 1);
        for (KbMatch& s : kb_.MatchTokens(sub, a.text)) {
          s.first_token += m.first_token;
          s.end_token += m.first_token;
          todo.push_back(std::move(s));
        }
      }
      continue;
    }
    // A nisba adjective (الأرميني، الفلسطينية) is not a mention, even when its
    // variant key meets a country's, or when it is a listed spelling with an
    // ال the listing lacks (التركية for تركية): events read the country from
    // it (NisbaCountry). A form the knowledge base lists as it is (السعودية,
    // الحوثيين) is a name.
    if (m.end_token - m.first_token == 1 && (m.kind != MatchKind::kExact || m.article_added) &&
        IsNisba(kb_, tk[m.first_token], m.kind != MatchKind::kExact)) {
      continue;
    }
    pend.push_back({m.first_token, m.end_token, m.span, std::move(m.candidates), m.context_only,
                    m.kind == MatchKind::kExact});
  }
  std::sort(pend.begin(), pend.end(), [](const Pending& x, const Pending& y) { return x.span.begin < y.span.begin; });

  // 2. Entities named outright (not by a context-only alias) in this article.
  std::unordered_set<const Entity*> named;
  for (const Pending& p : pend)
    if (!p.context_only && p.candidates.size() == 1) named.insert(p.candidates[0]);
  for (const Pending& p : pend)
    if (!p.context_only && p.candidates.size() > 1) {
      bool any = false;
      for (auto* e : p.candidates) any = any || named.count(e);
      if (!any) named.insert(p.candidates[0]);
    }

  auto choose = [&](const std::vector<const Entity*>& cands, bool context_only) -> const Entity* {
    const Entity* best = nullptr;
    int best_score = -1;
    for (size_t r = 0; r < cands.size(); ++r) {
      const Entity* e = cands[r];
      bool in_text = named.count(e) > 0;
      if (context_only && !in_text) continue;
      int score = (in_text ? 4 : 0) + (e->ValidOn(a.published) ? 2 : 0) + (r == 0 ? 1 : 0);
      if (score > best_score) best_score = score, best = e;
    }
    return best;
  };

  std::vector<Mention> out;
  auto emit = [&](Span span, const Entity* e, float conf) {
    Mention m;
    m.span = span;
    m.type = e->type;
    m.entity = e->id;
    m.name = e->name;
    m.country = e->country;
    m.role = e->role;
    m.confidence = conf;
    out.push_back(std::move(m));
  };
  for (const Pending& p : pend) {
    const Entity* e = choose(p.candidates, p.context_only);
    if (!e) continue;
    float conf = p.context_only ? 0.7f : p.exact ? 0.95f : 0.8f;
    // A name split by a parenthesis gives one mention per part:
    // "(المبعوث الأمريكي ستيف) ويتكوف" -> ستيف, ويتكوف.
    uint32_t part_begin = p.span.begin;
    uint32_t last_end = 0;
    bool open = false;
    for (uint32_t k = p.first_token; k < p.end_token; ++k) {
      const Token& t = tk[k];
      bool paren = (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) && (t.norm == "(" || t.norm == ")");
      if (paren && k > p.first_token) {
        if (open) emit(Span{part_begin, last_end}, e, conf);
        open = false;
        continue;
      }
      if (!open) {
        part_begin = k == p.first_token ? p.span.begin : t.span.begin;
        open = true;
      }
      last_end = t.span.end;
    }
    if (open) emit(Span{part_begin, last_end}, e, conf);
  }

  // 3. NER spans: trimmed of proclitics; kept when they do not overlap a
  //    dictionary mention, or when they strictly contain one (a name inside a
  //    longer organisation name is not a mention of its own).
  std::unordered_map<std::string, const Mention*> surname;  // for unknown persons
  std::vector<Mention> extra;
  for (Mention& nm : ner_mentions) {
    if (nm.span.empty() || nm.span.end > a.text.size()) continue;
    // A name neither begins nor ends with punctuation: "ستيف)" is ستيف.
    auto it = std::lower_bound(tk.begin(), tk.end(), nm.span.begin,
                               [](const Token& t, uint32_t b) { return t.span.end <= b; });
    auto last = std::lower_bound(tk.begin(), tk.end(), nm.span.end,
                                 [](const Token& t, uint32_t e) { return t.span.end < e; });
    auto is_mark = [](const Token& t) { return t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol; };
    // Nor a person's name with the nisba of the title before it: "(وزير
    // الخارجية) الأرميني زهراب مناتساكانيان" is زهراب مناتساكانيان.
    const bool person = nm.type == EntityType::kPER;
    while (it != tk.end() && it < last && it->span.begin < nm.span.end &&
           (is_mark(*it) || (person && IsNisba(kb_, *it, false)))) {
      ++it;
    }
    while (last != tk.end() && last > it && last->span.end <= nm.span.end && is_mark(*last)) --last;
    if (it != tk.end() && it->span.begin > nm.span.begin) nm.span.begin = it->span.begin;
    if (last != tk.end() && last->span.end < nm.span.end && last->span.end > nm.span.begin) nm.span.end = last->span.end;
    // Trim proclitics of the first token (keep ال, keep لل whole).
    if (it != tk.end() && it->span.begin == nm.span.begin && it->prefix_bytes > 0) {
      std::string_view pre = it->prefixes;
      int letters = static_cast<int>(pre.size() / 2);
      bool has_al = pre.size() >= 4 && pre.substr(pre.size() - 4) == "ال";
      if (has_al) letters -= 2;
      bool lil = has_al && letters >= 1 && pre.substr(pre.size() - 6, 2) == "ل";
      if (lil) letters = 0;
      if (letters > 0) nm.span.begin += internal::ProcliticBytes(it->span.In(a.text), letters);
    }
    if (nm.span.empty()) continue;
    if (it != tk.end() && it->span.end >= nm.span.end && IsNisba(kb_, *it, true)) continue;  // الأرميني
    bool inside = false;
    int persons_within = 0, others_within = 0;
    for (auto& m : out) {
      if (nm.span.Contains(m.span) && nm.span.size() > m.span.size()) {
        ++(m.type == EntityType::kPER ? persons_within : others_within);
      } else if (m.span.Overlaps(nm.span)) {
        inside = true;
      }
    }
    // Two known persons in one span are a list ("باشينيان وعلييف"), not
    // one longer name: the known names stay.
    if (inside || (persons_within >= 2 && others_within == 0)) continue;
    std::string surface(nm.span.In(a.text));
    // Titles make an untyped name a person.
    if (nm.type == EntityType::kMISC && it != tk.begin() && it != tk.end() &&
        kb_.IsPersonTitle((it - 1)->norm))
      nm.type = EntityType::kPER;
    const Entity* e = nullptr;
    for (const Entity* c : kb_.Lookup(surface))
      if (TypeCompatible(c->type, nm.type)) {
        e = c;
        break;
      }
    std::erase_if(out, [&](const Mention& m) { return nm.span.Contains(m.span); });
    if (e) {
      Mention m = nm;
      m.type = e->type;
      m.entity = e->id;
      m.name = e->name;
      m.country = e->country;
      m.role = e->role;
      m.confidence = std::min(nm.confidence, 0.85f);
      extra.push_back(std::move(m));
    } else {
      std::string key = VariantKey(surface);
      if (key.empty()) key = text::NormalizeForMatch(surface);
      nm.entity = "x:" + key;
      if (nm.name.empty()) nm.name = surface;
      extra.push_back(std::move(nm));
    }
  }
  for (auto& m : extra) out.push_back(std::move(m));
  std::sort(out.begin(), out.end(), [](const Mention& x, const Mention& y) { return x.span.begin < y.span.begin; });

  // 4. A lone surname after an unknown person's full name is that person
  //    (KB persons carry their own context-only surname aliases).
  std::unordered_map<std::string, size_t> last_word;  // normalized surname -> mention index
  for (size_t i = 0; i < out.size(); ++i) {
    const Mention& m = out[i];
    if (m.type != EntityType::kPER || m.entity.rfind("x:", 0) != 0) continue;
    std::string_view s = m.span.In(a.text);
    size_t sp = s.find_last_of(" \n");
    if (sp == std::string_view::npos) continue;
    std::string last = text::NormalizeForMatch(s.substr(sp + 1));
    if (utf8::Length(last) >= 3) last_word.emplace(last, i);
  }
  if (!last_word.empty()) {
    std::vector<Mention> add;
    size_t j = 0;
    for (const Token& t : tk) {
      if (!IsWordish(t)) continue;
      while (j < out.size() && out[j].span.end <= t.span.begin) ++j;
      if (j < out.size() && out[j].span.Overlaps(t.span)) continue;
      auto f = last_word.find(t.norm);
      if (f == last_word.end() || out[f->second].span.begin >= t.span.begin) continue;
      Mention m = out[f->second];
      m.span = t.span;
      m.confidence = 0.6f;
      add.push_back(std::move(m));
    }
    for (auto& m : add) out.push_back(std::move(m));
    std::sort(out.begin(), out.end(), [](const Mention& x, const Mention& y) { return x.span.begin < y.span.begin; });
  }
  a.mentions = std::move(out);
}

}  // namespace marsad::linking
