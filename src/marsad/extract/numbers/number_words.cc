#include "marsad/extract/numbers/number_words.h"

#include <cmath>

namespace marsad::numbers {
namespace {

double DigitsValue(std::string_view d) {
  double v = 0;
  for (char c : d) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

StatusOr<NumberWords> NumberWords::Load(const std::string& data_dir) {
  NumberWords w;
  RETURN_IF_ERROR(w.words_.LoadTsv(data_dir + "/lexicons/numbers_words.tsv", 3));
  return w;
}

std::optional<ParsedNumber> NumberWords::Parse(const Atoms& atoms, size_t i, bool allow_vague) const {
  if (i >= atoms.size()) return std::nullopt;
  ParsedNumber out;
  out.first = i;
  double total = 0, cur = 0;
  bool have = false;
  double last_unit = 0;        // value of a unit word just read (for "ثلاث مئة", "خمسة عشر")
  double last_scale = 0;
  size_t pos = i;
  bool definite_ok = true;
  while (pos < atoms.size()) {
    if (have && !atoms.SameSentence(out.first, pos)) break;
    // Conjunction: a separate "و" atom glued to the next, or a و clitic.
    bool conj = false;
    size_t p = pos;
    if (have && atoms.IsWord(p) && atoms[p].norm == "و" && p + 1 < atoms.size() && !atoms[p + 1].space_before) {
      conj = true;
      ++p;
    } else if (have && atoms.IsWord(p) && atoms[p].norm == "و" && atoms.IsDigits(p + 1)) {
      conj = true;  // "و 4"
      ++p;
    }
    // "الـ60": a bare ال before digits.
    if (!have && atoms.IsWord(p) && atoms[p].norm == "ال" && atoms.IsDigits(p + 1) && !atoms[p + 1].space_before) {
      out.definite = true;
      ++p;
    }
    if (atoms.IsDigits(p)) {
      if (have && !conj) break;
      if (!have) out.begin_byte = out.definite ? atoms[p - 1].begin : atoms[p].begin;
      // digits with separators: 1,000  ١٬٢٣٤  12.5
      double v = DigitsValue(atoms[p].norm);
      if (!have) out.digit_count = atoms[p].norm.size();
      size_t q = p + 1;
      int groups = 1;
      while (q + 1 < atoms.size() && atoms[q].kind == AtomKind::kPunct && !atoms[q].space_before &&
             atoms.IsDigits(q + 1) && !atoms[q + 1].space_before) {
        std::string_view sep = atoms[q].norm;
        std::string_view next = atoms[q + 1].norm;
        if (sep == "," && next.size() == 3) {
          v = v * 1000 + DigitsValue(next);
        } else if (sep == "." && groups == 1) {
          v += DigitsValue(next) / std::pow(10.0, static_cast<double>(next.size()));
        } else {
          break;
        }
        ++groups;
        q += 2;
      }
      out.digit_groups += groups;
      out.has_digits = true;
      cur += v;
      last_unit = 0;
      have = true;
      pos = q;
      continue;
    }
    PhraseMatch m;
    if (!words_.Match(atoms, p, &m)) break;
    std::string_view clitic = m.clitic;
    bool has_al = clitic.size() >= 4 && clitic.substr(clitic.size() - 4) == "ال";
    bool has_w = !clitic.empty() && clitic.substr(0, 2) == "و";
    if (has_w && !conj) {
      if (!have) out.clitic = "و";
      else conj = true;
    }
    if (!has_w && !clitic.empty() && !have) out.clitic = clitic;
    if (has_al) {
      if (have || !definite_ok) break;
      out.definite = true;
    }
    // Pick the entry class that fits the state.
    const LexEntry* e = nullptr;
    for (const LexEntry* x : m.entries) {
      if (x->cls == "vague" && have) continue;
      if (x->cls == "scale" && !have && m.Has("vague")) continue;
      e = x;
      break;
    }
    if (e == nullptr) break;
    const std::string& cls = e->cls;
    double v = e->number;
    if (cls == "vague") {
      if (!allow_vague) return std::nullopt;
      // "عشرات الآلاف": dozens of thousands.
      out.vague = true;
      out.has_words = true;
      out.begin_byte = atoms.SkipLetters(p, m.clitic_letters - (has_al ? 2 : 0));
      cur = v;
      have = true;
      pos = m.end;
      PhraseMatch m2;
      if (words_.Match(atoms, pos, &m2) && (m2.Has("scale") || m2.Has("vague")) &&
          (m2.clitic.empty() || m2.clitic == "ال")) {
        const LexEntry* s = m2.Get("scale");
        cur *= s ? s->number : m2.Get("vague")->number;
        pos = m2.end;
      }
      break;
    }
    if (cls == "unit" || cls == "unit_compound") {
      if (have && !conj) break;
      if (cls == "unit_compound") {
        // أحد / إحدى only in teens: أحد عشر
        PhraseMatch t;
        if (!(words_.Match(atoms, m.end, &t, false) && t.Has("ten1"))) break;
      }
      cur += v;
      last_unit = v;
    } else if (cls == "ten1") {
      if (have && !conj && last_unit > 0) {
        cur += 10;  // خمسة عشر
      } else if (!have || conj) {
        cur += 10;
      } else {
        break;
      }
      last_unit = 0;
    } else if (cls == "ten") {
      if (have && !conj) break;
      cur += v;
      last_unit = 0;
    } else if (cls == "hundred") {
      if (have && !conj && last_unit > 0 && v == 100) {
        cur += last_unit * 99;  // ثلاث مئة
      } else if (have && !conj) {
        break;
      } else {
        cur += v;
      }
      last_unit = 0;
    } else if (cls == "scale") {
      if (conj) break;
      if (!have) {
        // ألف alone = 1000; آلاف / ملايين alone are vague (handled above).
        cur = 1;
      }
      total += (cur == 0 ? 1 : cur) * v;
      cur = 0;
      last_scale = v;
      last_unit = 0;
    } else if (cls == "dual") {
      if (have && !conj) break;
      total += v;
      last_unit = 0;
    } else if (cls == "fraction") {
      if (!have) {
        // A fraction counts only before a scale: نصف مليون.
        PhraseMatch s;
        if (!(words_.Match(atoms, m.end, &s, false) && s.Has("scale"))) break;
        cur = v;
      } else if (conj && last_scale > 0 && cur == 0) {
        total += v * last_scale;  // مليون ونصف
      } else {
        break;
      }
    } else {
      break;
    }
    if (!have) out.begin_byte = atoms.SkipLetters(p, m.clitic_letters - (has_al ? 2 : 0));
    out.has_words = true;
    have = true;
    definite_ok = false;
    pos = m.end;
  }
  if (!have) return std::nullopt;
  out.value = total + cur;
  out.end = pos;
  out.end_byte = atoms[pos - 1].end;
  return out;
}

std::optional<ParsedNumber> ParseNumberWords(const NumberWords& words, const Article& article, size_t token_index) {
  if (token_index >= article.tokens.size()) return std::nullopt;
  Atoms atoms(article);
  uint32_t b = article.tokens[token_index].span.begin;
  for (size_t i = 0; i < atoms.size(); ++i)
    if (atoms[i].begin >= b) return words.Parse(atoms, i);
  return std::nullopt;
}

}  // namespace marsad::numbers
