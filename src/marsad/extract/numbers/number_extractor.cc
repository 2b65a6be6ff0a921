#include "marsad/extract/numbers/number_extractor.h"

#include <algorithm>

namespace marsad::numbers {

struct NumberExtractor::Found {
  size_t first = 0, end = 0;        // atoms covered (number .. noun)
  size_t num_first = 0, num_end = 0;  // the numeral itself
  uint32_t begin_byte = 0, end_byte = 0;
  double value = 0;
  bool vague = false;
  bool coordinated = false;  // "و31", "بينهم 22"
  std::string qualifier;
  const LexEntry* noun = nullptr;
  size_t noun_first = 0, noun_end = 0;
  bool noun_unknown = false;  // a word follows that is not a known counted noun
  std::string what;
  std::string unit;
};

StatusOr<NumberExtractor> NumberExtractor::Load(const std::string& data_dir) {
  NumberExtractor x;
  ASSIGN_OR_RETURN(x.words_, NumberWords::Load(data_dir));
  const std::string lex = data_dir + "/lexicons/";
  RETURN_IF_ERROR(x.nouns_.LoadTsv(lex + "numbers_nouns.tsv", 2));
  RETURN_IF_ERROR(x.qualifiers_.LoadTsv(lex + "numbers_qualifiers.tsv", 2));
  RETURN_IF_ERROR(x.context_.LoadTsv(lex + "numbers_context.tsv", 2));
  RETURN_IF_ERROR(x.dates_.LoadTsv(lex + "time_months.tsv", 3));
  RETURN_IF_ERROR(x.dates_.LoadTsv(lex + "time_parts.tsv", 3));
  return x;
}

namespace {

bool PunctGlued(const Atoms& atoms, size_t i, std::string_view p) {
  return atoms.IsPunct(i, p) && !atoms[i].space_before;
}

bool IsLatin(std::string_view w) { return !w.empty() && static_cast<unsigned char>(w[0]) < 0x80; }

}  // namespace

bool NumberExtractor::IsSkippedContext(const Atoms& atoms, const ParsedNumber& pn) const {
  size_t f = pn.first, e = pn.end;
  if (pn.has_digits && !pn.has_words) {
    // d/m/y, hh:mm, 1991-1994: digits glued to / : - and more digits.
    for (std::string_view p : {"/", ":", "-"}) {
      if (PunctGlued(atoms, e, p) && e + 1 < atoms.size() && !atoms[e + 1].space_before &&
          (atoms.IsDigits(e + 1) || atoms.IsWord(e + 1)))
        return true;
      if (f >= 2 && PunctGlued(atoms, f - 1, p) && !atoms[f].space_before && atoms.IsDigits(f - 2)) return true;
    }
    if (f >= 2 && PunctGlued(atoms, f - 1, "/")) return true;
    // 12,00 (a clock time written with a comma)
    if (PunctGlued(atoms, e, ",") && atoms.IsDigits(e + 1) && !atoms[e + 1].space_before &&
        atoms[e + 1].norm.size() == 2)
      return true;
    // Model names: F-16, S400.
    if (f >= 1 && !atoms[f].space_before && atoms.IsWord(f - 1) && IsLatin(atoms[f - 1].norm)) return true;
    if (f >= 2 && PunctGlued(atoms, f - 1, "-") && atoms.IsWord(f - 2) && IsLatin(atoms[f - 2].norm)) return true;
    // Years: 4 digits in a plausible range.
    if (pn.digit_groups == 1 && pn.digit_count == 4 && pn.value >= 1900 && pn.value <= 2100) {
      PhraseMatch m;
      bool noun_after = nouns_.Match(atoms, e, &m) && atoms.SameSentence(f, e);
      if (!noun_after) return true;
    }
  }
  PhraseMatch m;
  // Day of month or year next to a month name; clock time before a part of day.
  if (dates_.Match(atoms, e, &m) &&
      (m.Has("month") || m.Has("hmonth") || ((m.Has("pod_short") || m.Has("pod")) && pn.value <= 24)))
    return true;
  if (f >= 1 && dates_.Match(atoms, f - 1, &m) && m.end == f && (m.Has("month") || m.Has("hmonth"))) return true;
  // الساعة 4 ، عام 2020
  for (size_t k = 1; k <= 2 && k <= f; ++k) {
    if (!atoms.IsWord(f - k)) continue;
    std::string_view w = atoms[f - k].norm;
    if (w == "الساعه" || w == "ساعه" || w == "عام" || w == "العام" || w == "لعام" || w == "سنه" ||
        w == "بالساعه")
      return true;
    if (w != "ال") break;
  }
  // Ages: "عمره 30 عاما", "(30 عاما)"
  for (size_t k = 1; k <= 3 && k <= f; ++k) {
    if (context_.Match(atoms, f - k, &m) && m.Has("age")) return true;
  }
  if (f >= 1 && atoms.IsPunct(f - 1, "(")) {
    PhraseMatch n;
    if (nouns_.Match(atoms, e, &n) && n.Get("time") && n.Get("time")->value == "year" && atoms.IsPunct(n.end, ")"))
      return true;
  }
  // ago: قبل 4 سنوات is a date.
  if (f >= 1 && atoms.IsWord(f - 1) && atoms[f - 1].norm == "قبل") {
    PhraseMatch n;
    if (nouns_.Match(atoms, e, &n) && n.Get("time")) return true;
  }
  return false;
}

void NumberExtractor::Classify(const Atoms& atoms, Found& f, const std::vector<Found>& before) const {
  // Context flags in a window around the mention, same sentence.
  bool kill = false, wound = false, truce = false, fight = false, exchange = false, captive = false,
       meeting = false, military = false;
  const size_t lo = f.first >= 10 ? f.first - 10 : 0;
  bool span_word = false;  // لمدة / مدتها: a length of time follows
  const size_t hi = std::min(atoms.size(), f.end + 6);
  for (size_t j = lo; j < hi; ++j) {
    if (!atoms.IsWord(j) || !atoms.SameSentence(j, f.num_first)) continue;
    PhraseMatch m;
    if (!context_.Match(atoms, j, &m)) continue;
    for (const LexEntry* e : m.entries) {
      const std::string& c = e->cls;
      if (c == "kill") kill = true;
      else if (c == "wound") wound = true;
      else if (c == "truce") truce = true;
      else if (c == "fight" || c == "fight_long") fight = true;
      else if (c == "exchange") exchange = true;
      else if (c == "captive" && j >= f.end && j < f.end + 2) captive = true;
      else if (c == "meeting") meeting = true;
      else if (c == "military" && j >= f.end) military = true;
      else if (c == "span") span_word = true;
    }
  }
  // Exchange deals are named a little further away ("تبادل أسرى ... 1000").
  if (!exchange) {
    const size_t lo2 = f.first >= 12 ? f.first - 12 : 0;
    for (size_t j = lo2; j < f.first; ++j) {
      PhraseMatch m;
      if (atoms.SameSentence(j, f.num_first) && context_.Match(atoms, j, &m) && m.Has("exchange")) exchange = true;
    }
  }
  std::string cat = f.noun ? f.noun->cls : "";
  const std::string unit = f.noun ? f.noun->value : "";
  f.what = "other";
  if (cat == "killed") {
    f.what = military ? "soldiers_killed" : "killed";
  } else if (cat == "wounded") {
    f.what = "wounded";
  } else if (cat == "civilian") {
    f.what = kill ? "civilians_killed" : wound ? "wounded" : "other";
  } else if (cat == "soldier") {
    f.what = kill ? "soldiers_killed" : wound ? "wounded" : "other";
  } else if (cat == "prisoner") {
    f.what = captive ? "hostages" : "prisoners";
  } else if (cat == "hostage") {
    f.what = "hostages";
  } else if (cat == "person") {
    f.what = kill ? "killed" : wound ? "wounded" : exchange ? "prisoners" : "other";
  } else if (cat == "person_other") {
    f.what = "other";
  } else if (cat == "time") {
    f.unit = unit;
    if ((unit == "day" || unit == "week") && (truce || fight || span_word)) {
      f.what = "duration_days";
      if (unit == "week") f.value *= 7;
      f.unit = "days";
    } else if (unit == "month" && truce) {
      f.what = "duration_days";
      f.value *= 30;
      f.unit = "days";
    } else if (unit == "hour" && meeting && f.value <= 3) {
      f.value *= 60;  // short meeting lengths are given in minutes
      f.unit = "minute";
    }
  } else if (cat == "unit" || cat == "thing") {
    f.unit = unit;
  }
  if (f.what == "other" && (cat.empty() || cat == "other_people" || (f.noun_unknown && f.coordinated))) {
    // Coordination and lists inherit what the previous count counted:
    // "400 قتيل، بينهم 22 مدنيا و31 أذربيجانيا".
    bool inherited = false;
    if (!before.empty()) {
      const Found& p = before.back();
      if (atoms.SameSentence(p.num_first, f.num_first) && f.num_first - p.end <= 12 && p.what != "other" &&
          p.what != "duration_days") {
        f.what = p.what;
        inherited = true;
      }
    }
    if (!inherited && exchange && (cat.empty() || f.noun_unknown)) f.what = "prisoners";
  }
}

void NumberExtractor::Extract(Article& a) const {
  Atoms atoms(a);
  std::vector<Found> found;
  size_t i = 0;
  while (i < atoms.size()) {
    if (atoms[i].kind == AtomKind::kPunct) { ++i; continue; }
    Found f;
    std::optional<ParsedNumber> pn;
    PhraseMatch nm;
    bool dual = false;
    if (atoms[i].kind == AtomKind::kWord && nouns_.Match(atoms, i, &nm) && !nm.entries.empty() &&
        nm.entries[0]->extra == "2" && (nm.clitic.empty() || nm.clitic == "ال" || nm.clitic.size() <= 6)) {
      // A dual noun counts two on its own: يومين، سفينتين. قبل عامين is a date.
      bool ago = i >= 1 && atoms.IsWord(i - 1) && atoms[i - 1].norm == "قبل";
      if (!ago) dual = true;
    }
    if (dual) {
      f.num_first = f.first = i;
      f.num_end = f.end = nm.end;
      f.value = 2;
      f.noun = nm.entries[0];
      f.noun_first = i;
      f.noun_end = nm.end;
      size_t drop = nm.clitic_letters;
      if (nm.clitic.size() >= 4 && nm.clitic.substr(nm.clitic.size() - 4) == "ال") drop -= 2;
      f.begin_byte = atoms.SkipLetters(i, drop);
      f.end_byte = atoms[nm.end - 1].end;
    } else {
      // ساعة و40 دقيقة: an hour noun followed by minutes.
      if (atoms[i].kind == AtomKind::kWord && nouns_.Match(atoms, i, &nm) && nm.entries[0]->cls == "time" &&
          nm.entries[0]->value == "hour" && nm.clitic.empty()) {
        size_t q = nm.end;
        if (atoms.IsWord(q) && atoms[q].norm == "و" && atoms.IsDigits(q + 1)) ++q;
        auto mins = words_.Parse(atoms, q);
        PhraseMatch mn;
        if (mins && nouns_.Match(atoms, mins->end, &mn) && mn.entries[0]->value == "minute" &&
            (q > nm.end || mins->clitic == "و")) {
          double hours = nm.entries[0]->extra == "2" ? 2 : 1;
          Found g;
          g.first = g.num_first = i;
          g.end = g.num_end = mn.end;
          g.value = hours * 60 + mins->value;
          g.what = "other";
          g.unit = "minute";
          g.begin_byte = atoms[i].begin;
          g.end_byte = atoms[mn.end - 1].end;
          found.push_back(g);
          i = mn.end;
          continue;
        }
      }
      pn = words_.Parse(atoms, i, /*allow_vague=*/true);
      if (!pn) { ++i; continue; }
      if (IsSkippedContext(atoms, *pn)) { i = pn->end; continue; }
      f.num_first = f.first = pn->first;
      f.num_end = f.end = pn->end;
      f.value = pn->value;
      f.vague = pn->vague;
      f.begin_byte = pn->begin_byte;
      f.end_byte = pn->end_byte;
      f.coordinated = pn->clitic == "و" ||
                      (pn->first >= 1 && atoms.IsWord(pn->first - 1) && atoms[pn->first - 1].norm == "و" &&
                       !atoms[pn->first].space_before);
      if (pn->first >= 1 && atoms.IsWord(pn->first - 1)) {
        std::string_view w = atoms[pn->first - 1].norm;
        if (w == "بينهم" || w == "منهم" || w == "بينها") f.coordinated = true;
      }
      // The counted noun: after the number (possibly after من), or before
      // it for "الأيام الستين" and "صوت واحد".
      size_t j = pn->end;
      if (atoms.IsPunct(j, "%")) {
        f.unit = "percent";
        f.end = j + 1;
        f.end_byte = atoms[j].end;
      } else if (atoms.IsWord(j) && atoms.SameSentence(pn->first, j)) {
        PhraseMatch m;
        if (nouns_.Match(atoms, j, &m) && m.entries[0]->extra != "2") {
          f.noun = m.entries[0];
          f.noun_first = j;
          f.noun_end = m.end;
        } else if (atoms[j].norm == "من" && nouns_.Match(atoms, j + 1, &m) && m.clitic == "ال") {
          f.noun = m.entries[0];
          f.noun_first = j + 1;
          f.noun_end = m.end;
        } else if (atoms[j].norm == "من" || atoms[j].norm == "مقابل") {
          // "50 من أذربيجان", "ألف مقابل ألف": nothing counted here.
          f.noun_first = j;
          f.noun_end = std::min(atoms.size(), j + 2);
        } else {
          f.noun_unknown = true;
          f.noun_first = j;
          f.noun_end = j + 1;
        }
        if (f.noun_end > f.noun_first) {
          f.end = f.noun_end;
          f.end_byte = atoms[f.noun_end - 1].end;
        }
      }
      if (f.noun == nullptr && (pn->definite || (pn->has_words && pn->value == 1 && !pn->has_digits)) &&
          pn->first >= 1) {
        size_t k = pn->first - 1;
        if (atoms.IsWord(k) && atoms[k].norm == "ال" && k >= 1) --k;
        PhraseMatch m;
        if (atoms.IsWord(k) && nouns_.Match(atoms, k, &m) && m.end <= pn->first) {
          f.noun = m.entries[0];
          f.noun_first = k;
          f.first = k;
          f.begin_byte = atoms.SkipLetters(k, m.clitic_letters - (m.clitic.size() >= 4 ? 2 : 0));
          f.end = pn->end;
          f.end_byte = pn->end_byte;
          f.noun_unknown = false;
        }
      }
      // A lone number word (not digits) with nothing counted is rarely a
      // count: "واحد من", "ثلاث" as a name part.
      if (!pn->has_digits && !pn->vague && f.noun == nullptr && !f.noun_unknown && !f.coordinated &&
          pn->value < 10 && f.unit.empty()) {
        i = pn->end;
        continue;
      }
    }
    // Approximator before the number.
    for (size_t k = 1; k <= 5 && k <= f.first; ++k) {
      PhraseMatch q;
      if (qualifiers_.Match(atoms, f.first - k, &q) && q.end == f.first) {
        f.qualifier = q.entries[0]->cls;
        f.begin_byte = atoms.SkipLetters(q.first, q.clitic_letters);
        f.first = q.first;
        break;
      }
    }
    if (f.qualifier.empty()) {
      PhraseMatch q;
      if (qualifiers_.Match(atoms, f.end, &q) &&
          (atoms[f.end].norm == "تقريبا" || atoms[f.end].norm == "علي")) {
        f.qualifier = q.entries[0]->cls;
      }
    }
    if (f.vague) f.qualifier = "vague";
    Classify(atoms, f, found);
    found.push_back(f);
    i = std::max(f.num_end, f.noun == nullptr ? f.num_end : f.noun_end);
    if (i <= f.num_first) i = f.num_first + 1;
  }
  a.numbers.reserve(a.numbers.size() + found.size());
  for (const Found& f : found) {
    NumberMention n;
    n.span = Span{f.begin_byte, f.end_byte};
    n.value = f.value;
    n.what = f.what;
    n.qualifier = f.qualifier;
    if (f.vague) n.acled_value = f.value;
    n.unit = f.unit;
    a.numbers.push_back(std::move(n));
  }
}

}  // namespace marsad::numbers
