#include "marsad/extract/linking/knowledge_base.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include "marsad/core/utf8.h"
#include "marsad/extract/linking/variant_key.h"
#include "marsad/extract/linking/variant_key_internal.h"
#include "marsad/text/normalizer.h"
#include "marsad/text/tokenizer.h"

namespace marsad::linking {
namespace {

constexpr size_t kMaxNameTokens = 10;
// Shortest variant key (code points) trusted for a one-word name; shorter
// keys collide with common words (جدة / جدا).
constexpr size_t kMinVariantKey = 5;

// Alias flags written as prefixes in the data: ~ context-only, ^ needs cue,
// ! preferred among homonyms.
enum AliasFlag : uint8_t { kContextOnly = 1, kNeedsCue = 2, kPreferred = 4, kHasAl = 8 };

struct AliasRef {
  uint32_t entity;
  uint8_t flags;
};

// Transparent hashes: the matcher looks words up by string_view (no
// temporary std::string per token).
struct StrHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct U32Hash {
  using is_transparent = void;
  size_t operator()(std::u32string_view s) const { return std::hash<std::u32string_view>{}(s); }
};

// utf8::ToU32 into a reused buffer.
void DecodeInto(std::string_view s, std::u32string& out) {
  out.clear();
  size_t i = 0;
  while (i < s.size()) out.push_back(utf8::Decode(s, i));
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

constexpr std::string_view kAl = "\xD8\xA7\xD9\x84";  // ال
constexpr std::string_view kWa = "\xD9\x88";          // و
constexpr std::string_view kFa = "\xD9\x81";          // ف
constexpr std::string_view kBa = "\xD8\xA8";          // ب
constexpr std::string_view kLam = "\xD9\x84";         // ل
constexpr std::string_view kKaf = "\xD9\x83";         // ك

// Drops a leading ال when at least two letters remain (ال optional at start).
std::string_view DropAl(std::string_view w) {
  if (StartsWith(w, kAl) && w.size() >= kAl.size() + 4) return w.substr(kAl.size());
  return w;
}

bool IsParen(const Token& t) {
  return (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) && (t.norm == "(" || t.norm == ")");
}

// A way to read the first token of a name: the normalized word with some
// proclitics removed.
struct FirstForm {
  std::string_view word;  // normalized, proclitics removed (ال kept)
  std::string lil;        // ل+ال rewritten as ال+rest (surface keeps لل)
  uint8_t stripped = 0;   // proclitic letters dropped from the surface
};

void FirstForms(std::string_view n, std::vector<FirstForm>& out) {
  out.clear();
  out.push_back({n, {}, 0});
  std::string_view bases[2] = {n, {}};
  int nb = 1;
  if ((StartsWith(n, kWa) || StartsWith(n, kFa)) && n.size() >= 2 + 6) {
    bases[nb++] = n.substr(2);
    out.push_back({n.substr(2), {}, 1});
  }
  for (int b = 0; b < nb; ++b) {
    std::string_view base = bases[b];
    uint8_t s = b == 0 ? 0 : 1;
    if (base.size() < 2 + 4) continue;
    if (StartsWith(base, kLam) && StartsWith(base.substr(2), kLam)) {
      FirstForm f{{}, std::string(kAl) + std::string(base.substr(4)), s};
      out.push_back(std::move(f));
    } else if (StartsWith(base, kBa) || StartsWith(base, kLam) || StartsWith(base, kKaf)) {
      out.push_back({base.substr(2), {}, static_cast<uint8_t>(s + 1)});
    }
  }
  for (auto& f : out)
    if (!f.lil.empty()) f.word = f.lil;
}

}  // namespace

uint32_t internal::ProcliticBytes(std::string_view surface, int letters) {
  size_t i = 0;
  for (int k = 0; k < letters && i < surface.size(); ++k) {
    utf8::Decode(surface, i);
    while (i < surface.size()) {
      size_t j = i;
      char32_t c = utf8::Decode(surface, j);
      if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || c == 0x200C || c == 0x200D) {
        i = j;
      } else {
        break;
      }
    }
  }
  return static_cast<uint32_t>(i);
}


bool Entity::ValidOn(std::string_view date) const {
  if (date.empty()) return true;
  std::string_view d = date.substr(0, 10);
  if (!valid_from.empty() && d < std::string_view(valid_from).substr(0, d.size())) return false;
  if (!valid_to.empty() && d > std::string_view(valid_to).substr(0, d.size())) return false;
  return true;
}

struct KnowledgeBase::Impl {
  std::vector<Entity> entities;
  std::unordered_map<std::string, uint32_t> by_id;
  std::unordered_map<std::string, uint32_t> by_name;  // type + name -> index (merging rows)
  std::vector<std::vector<std::pair<std::string, uint8_t>>> aliases;  // per entity

  std::unordered_map<std::string, std::vector<AliasRef>, StrHash, std::equal_to<>> exact;  // first word without ال
  std::unordered_map<std::string, uint8_t, StrHash, std::equal_to<>> exact_first;  // first word -> max tokens
  // Variant keys as code points (the matcher builds them so; no UTF-8
  // re-encoding per token).
  std::unordered_map<std::u32string, std::vector<AliasRef>, U32Hash, std::equal_to<>> variant;
  std::unordered_set<std::u32string, U32Hash, std::equal_to<>> variant_prefix;
  std::unordered_map<std::string, std::string, StrHash, std::equal_to<>> nisba;  // masculine, no ال -> ISO3
  std::unordered_set<std::string, StrHash, std::equal_to<>> titles;
  // Per variant key: the words (normalized, without ال) of each listed name
  // with that key, for VariantPlausible.
  std::unordered_map<std::u32string, std::vector<std::vector<std::string>>, U32Hash, std::equal_to<>> variant_words;

  Status AddEntityRow(std::string_view line, const std::string& where);
  Status AddNisbaRow(std::string_view line, const std::string& where);
  Status AddTitleRow(std::string_view line) {
    std::string t = text::NormalizeForMatch(Trim(Split(line, '\t')[0]));
    titles.insert(t);
    titles.insert(std::string(DropAl(t)));
    return Status::Ok();
  }
  void AddAlias(uint32_t e, std::string_view alias, uint8_t flags);
  void BuildIndex();
  // Whether a variant-key match of words[0..n) is a spelling of a name with
  // that key and not other words with the same consonants: "وزير الخارجية
  // القطري" is not "وزارة الخارجية القطرية", nor "جهود السلام" "الجهاد
  // الإسلامي", nor "الرئيس الأوكراني" "الرئاسة الأوكرانية". Word by word
  // against some listed name: a word that differs must not be a title
  // (وزير، الرئيس) or a nisba adjective, and a name of several words must
  // have one word written as listed.
  bool VariantPlausible(const std::u32string& key, const std::string_view* words, size_t n) const;
  std::string NisbaOf(std::string_view word) const;
  // Best first. `text_has_al`: 1 when the text's word had ال, 0 when not,
  // -1 unknown; the listed name written the same way wins (الكاميرون is the
  // country, كاميرون the person).
  std::vector<const Entity*> Rank(const std::vector<AliasRef>& refs, bool* context_only, bool* needs_cue,
                                  int text_has_al = -1) const;
};

Status KnowledgeBase::Impl::AddEntityRow(std::string_view line, const std::string& where) {
  auto cols = Split(line, '\t');
  if (cols.size() < 7)
    return InvalidArgument(where + ": expected 7 tab-separated columns (type, name, country, role, "
                           "valid_from, valid_to, arabic_names), got " + std::to_string(cols.size()));
  auto type = ParseEntityType(Trim(cols[0]));
  if (!type || *type == EntityType::kMISC)
    return InvalidArgument(where + ": unknown type '" + std::string(cols[0]) + "' (PER, ORG, LOC or GPE)");
  std::string name(Trim(cols[1]));
  if (name.empty()) return InvalidArgument(where + ": empty English name");
  if (!utf8::IsValid(line)) return DataLoss(where + ": invalid UTF-8");
  std::string key = std::string(EntityTypeName(*type)) + "\t" + name;
  uint32_t idx;
  auto it = by_name.find(key);
  if (it == by_name.end()) {
    idx = static_cast<uint32_t>(entities.size());
    Entity e;
    e.name = name;
    e.id = name;
    std::replace(e.id.begin(), e.id.end(), ' ', '_');
    e.type = *type;
    entities.push_back(std::move(e));
    aliases.emplace_back();
    // The English name finds the entity in English text too (a quoted
    // statement: "UN Special Envoy Hans Grundberg's efforts"), when it is a
    // plain name of two or more words ("Ganja, Azerbaijan" or "Labour Party
    // (UK)" are labels, one word may be a common English word).
    const bool plain = name.find(' ') != std::string_view::npos &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' ' || c == '-';
                       });
    if (plain) aliases.back().emplace_back(std::string(name), uint8_t{0});
    by_name.emplace(key, idx);
    if (!by_id.emplace(entities.back().id, idx).second)
      return InvalidArgument(where + ": entity id '" + entities.back().id + "' already used with another type");
  } else {
    idx = it->second;  // a later row adds variants to an earlier entity
  }
  Entity& e = entities[idx];
  auto set = [](std::string& field, std::string_view v) {
    v = Trim(v);
    if (!v.empty() && v != "-") field = std::string(v);
  };
  set(e.country, cols[2]);
  set(e.role, cols[3]);
  set(e.valid_from, cols[4]);
  set(e.valid_to, cols[5]);
  for (std::string_view a : Split(cols[6], '|')) {
    a = Trim(a);
    uint8_t flags = 0;
    while (!a.empty() && (a.front() == '~' || a.front() == '^' || a.front() == '!')) {
      flags |= a.front() == '~' ? kContextOnly : a.front() == '^' ? kNeedsCue : kPreferred;
      a.remove_prefix(1);
    }
    if (a.empty()) continue;
    // A name listed twice (or in two files) is shown once.
    if (std::find(e.names.begin(), e.names.end(), a) == e.names.end()) e.names.emplace_back(a);
    aliases[idx].emplace_back(std::string(a), flags);
  }
  return Status::Ok();
}

Status KnowledgeBase::Impl::AddNisbaRow(std::string_view line, const std::string& where) {
  auto cols = Split(line, '\t');
  if (cols.size() < 2) return InvalidArgument(where + ": expected 'adjective<TAB>ISO3'");
  std::string w = text::NormalizeForMatch(Trim(cols[0]));
  std::string iso(Trim(cols[1]));
  if (w.empty() || iso.size() != 3) return InvalidArgument(where + ": bad nisba row");
  nisba[std::string(DropAl(w))] = iso;
  return Status::Ok();
}

void KnowledgeBase::Impl::AddAlias(uint32_t e, std::string_view alias, uint8_t flags) {
  std::vector<Token> toks = text::Tokenize(alias);
  if (toks.empty() || toks.size() > kMaxNameTokens) return;
  std::string first(DropAl(toks[0].norm));
  if (first.empty()) return;
  if (first.size() != toks[0].norm.size()) flags |= kHasAl;
  std::string key = first;
  for (size_t k = 1; k < toks.size(); ++k) {
    key += ' ';
    key += toks[k].norm;
  }
  auto& refs = exact[key];
  refs.push_back({e, flags});
  uint8_t& mx = exact_first[first];
  mx = std::max<uint8_t>(mx, static_cast<uint8_t>(toks.size()));

  // Variant key, built word by word exactly as the matcher will: word parts
  // joined by ' ' so that word boundaries must agree (نية إسرائيل is not
  // نصر الله), each part at least two letters.
  std::u32string vk;
  size_t letters = 0;
  for (size_t k = 0; k < toks.size(); ++k) {
    if (toks[k].kind == TokenKind::kPunct || toks[k].kind == TokenKind::kSymbol) continue;
    size_t before = vk.size();
    if (!vk.empty()) vk.push_back(' ');
    internal::AppendVariantWord(vk, utf8::ToU32(toks[k].norm), vk.empty());
    size_t added = vk.size() - before - (before ? 1 : 0);
    if (added < 2) return;
    letters += added;
  }
  if (letters < kMinVariantKey) return;
  variant[vk].push_back({e, flags});
  for (size_t l = 1; l <= vk.size(); ++l) variant_prefix.insert(vk.substr(0, l));
  std::vector<std::string> words;
  for (const Token& t : toks) {
    if (t.kind != TokenKind::kPunct && t.kind != TokenKind::kSymbol) words.emplace_back(DropAl(t.norm));
  }
  variant_words[vk].push_back(std::move(words));
}

void KnowledgeBase::Impl::BuildIndex() {
  for (uint32_t e = 0; e < entities.size(); ++e)
    for (auto& [a, flags] : aliases[e]) AddAlias(e, a, flags);
  // Deduplicate refs (a name listed twice, or in two files).
  auto dedup = [](std::vector<AliasRef>& v) {
    std::vector<AliasRef> out;
    for (auto& r : v) {
      auto it = std::find_if(out.begin(), out.end(), [&](const AliasRef& o) { return o.entity == r.entity; });
      if (it == out.end()) {
        out.push_back(r);
      } else {
        // A plain listing beats a context-only one.
        if (!(r.flags & kContextOnly)) it->flags &= ~kContextOnly;
        if (!(r.flags & kNeedsCue)) it->flags &= ~kNeedsCue;
        it->flags |= (r.flags & kPreferred);
      }
    }
    v = std::move(out);
  };
  for (auto& [k, v] : exact) dedup(v);
  for (auto& [k, v] : variant) dedup(v);
}

bool KnowledgeBase::Impl::VariantPlausible(const std::u32string& key, const std::string_view* words,
                                           size_t n) const {
  auto it = variant_words.find(key);
  if (it == variant_words.end()) return true;
  for (const std::vector<std::string>& name : it->second) {
    if (name.size() != n) continue;
    bool same_word = false, ok = true;
    for (size_t k = 0; k < n && ok; ++k) {
      const std::string_view w = DropAl(words[k]);
      if (w == name[k]) {
        same_word = true;
      } else {
        ok = titles.count(words[k]) == 0 && titles.count(w) == 0 && NisbaOf(words[k]).empty();
      }
    }
    if (ok && (n == 1 || same_word)) return true;
  }
  return false;
}

std::vector<const Entity*> KnowledgeBase::Impl::Rank(const std::vector<AliasRef>& refs, bool* context_only,
                                                     bool* needs_cue, int text_has_al) const {
  std::vector<AliasRef> r = refs;
  auto score = [&](const AliasRef& a) {
    int s = entities[a.entity].priority + ((a.flags & kPreferred) ? 100 : 0) - ((a.flags & kContextOnly) ? 50 : 0);
    if (text_has_al >= 0 && ((a.flags & kHasAl) != 0) == (text_has_al == 1)) s += 200;
    return s;
  };
  std::stable_sort(r.begin(), r.end(), [&](const AliasRef& a, const AliasRef& b) { return score(a) > score(b); });
  std::vector<const Entity*> out;
  bool ctx = true, cue = true;
  for (auto& x : r) {
    out.push_back(&entities[x.entity]);
    ctx = ctx && (x.flags & kContextOnly);
    cue = cue && (x.flags & kNeedsCue);
  }
  if (context_only) *context_only = ctx && !r.empty();
  if (needs_cue) *needs_cue = cue && !r.empty();
  return out;
}

KnowledgeBase::KnowledgeBase() : impl_(std::make_unique<Impl>()) {}
KnowledgeBase::KnowledgeBase(KnowledgeBase&&) noexcept = default;
KnowledgeBase& KnowledgeBase::operator=(KnowledgeBase&&) noexcept = default;
KnowledgeBase::~KnowledgeBase() = default;

std::string KnowledgeBase::DefaultDir() {
  if (const char* d = std::getenv("MARSAD_DATA"); d && *d) return std::string(d) + "/kb";
  return std::string(MARSAD_SOURCE_DIR) + "/data/kb";
}

namespace {
Status ForEachLine(std::string_view text, const std::string& file,
                   const std::function<Status(std::string_view, const std::string&)>& fn) {
  size_t lineno = 0, start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!Trim(line).empty() && Trim(line).front() != '#') {
      RETURN_IF_ERROR(fn(line, file + ":" + std::to_string(lineno)));
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  return Status::Ok();
}
}  // namespace

StatusOr<KnowledgeBase> KnowledgeBase::FromTsv(std::string_view entities_tsv, std::string_view nisba_tsv,
                                                std::string_view titles_tsv) {
  KnowledgeBase kb;
  Impl& m = *kb.impl_;
  RETURN_IF_ERROR(ForEachLine(entities_tsv, "entities", [&](std::string_view l, const std::string& w) {
    return m.AddEntityRow(l, w);
  }));
  RETURN_IF_ERROR(ForEachLine(nisba_tsv, "nisba", [&](std::string_view l, const std::string& w) {
    return m.AddNisbaRow(l, w);
  }));
  RETURN_IF_ERROR(ForEachLine(titles_tsv, "titles", [&](std::string_view l, const std::string&) {
    return m.AddTitleRow(l);
  }));
  m.BuildIndex();
  return kb;
}

StatusOr<KnowledgeBase> KnowledgeBase::Load(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return NotFound("knowledge base directory '" + dir + "' not found (set MARSAD_DATA or pass --data)");
  std::vector<fs::path> files;
  for (auto& ent : fs::directory_iterator(dir, ec))
    if (ent.path().extension() == ".tsv") files.push_back(ent.path());
  if (ec) return IoError("cannot list '" + dir + "': " + ec.message());
  // Generated countries first, so curated files add variants to them.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    bool ca = a.filename() == "countries.tsv", cb = b.filename() == "countries.tsv";
    if (ca != cb) return ca;
    return a.filename() < b.filename();
  });
  KnowledgeBase kb;
  Impl& m = *kb.impl_;
  size_t n_entity_files = 0;
  for (auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return IoError("cannot read '" + p.string() + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string content = ss.str();
    std::string fname = p.filename().string();
    Status st;
    if (fname == "nisba.tsv") {
      st = ForEachLine(content, p.string(), [&](std::string_view l, const std::string& w) { return m.AddNisbaRow(l, w); });
    } else if (fname == "titles.tsv") {
      st = ForEachLine(content, p.string(), [&](std::string_view l, const std::string&) { return m.AddTitleRow(l); });
    } else {
      ++n_entity_files;
      st = ForEachLine(content, p.string(), [&](std::string_view l, const std::string& w) { return m.AddEntityRow(l, w); });
    }
    RETURN_IF_ERROR(st);
  }
  if (n_entity_files == 0 || m.entities.empty())
    return NotFound("no entity files (*.tsv) in knowledge base directory '" + dir + "'");
  m.BuildIndex();
  return kb;
}

std::vector<KbMatch> KnowledgeBase::MatchTokens(const std::vector<Token>& tokens, std::string_view text) const {
  const Impl& m = *impl_;
  std::vector<KbMatch> out;
  std::vector<FirstForm> forms;
  std::vector<uint32_t> view;  // token indices of a candidate name, parentheses skipped
  std::string key;
  std::u32string vk, word32;
  std::vector<std::string_view> words;  // the words of a variant match
  const size_t n = tokens.size();
  size_t i = 0;
  while (i < n) {
    const Token& t0 = tokens[i];
    if (t0.kind != TokenKind::kWord && t0.kind != TokenKind::kLatin) {
      ++i;
      continue;
    }
    view.clear();
    for (size_t k = i; k < n && view.size() < kMaxNameTokens; ++k) {
      if (k > i && IsParen(tokens[k])) continue;
      view.push_back(static_cast<uint32_t>(k));
    }
    // Best: most tokens, then exact over variant, then fewest proclitics.
    size_t best_len = 0;
    bool best_exact = false;
    int best_strip = 99;
    int best_has_al = -1;
    const std::vector<AliasRef>* best_refs = nullptr;
    FirstForms(t0.norm, forms);
    for (const FirstForm& f : forms) {
      std::string_view first = DropAl(f.word);
      auto fe = m.exact_first.find(first);
      if (fe != m.exact_first.end()) {
        size_t maxn = std::min<size_t>(fe->second, view.size());
        for (size_t len = maxn; len >= 1; --len) {
          if (len < best_len || (len == best_len && best_exact && f.stripped >= best_strip)) break;
          key.assign(first);
          for (size_t k = 1; k < len; ++k) {
            key += ' ';
            key += tokens[view[k]].norm;
          }
          auto it = m.exact.find(key);
          if (it != m.exact.end()) {
            best_len = len;
            best_exact = true;
            best_strip = f.stripped;
            best_has_al = first.size() != f.word.size();
            best_refs = &it->second;
            break;
          }
        }
      }
      // Variant keys, extended word by word while some name starts so.
      vk.clear();
      DecodeInto(f.word, word32);
      internal::AppendVariantWord(vk, word32, true);
      if (vk.size() < 2) continue;
      size_t letters = vk.size();
      for (size_t len = 1; len <= view.size(); ++len) {
        if (len > 1) {
          const Token& tk = tokens[view[len - 1]];
          if (tk.kind == TokenKind::kPunct || tk.kind == TokenKind::kSymbol) {
            if (tk.norm == ".") continue;  // inside an obfuscated name (ح.م.ا.س)
            break;
          }
          size_t before = vk.size();
          vk.push_back(' ');
          DecodeInto(tk.norm, word32);
          internal::AppendVariantWord(vk, word32, false);
          size_t added = vk.size() - before - 1;
          if (added < 2) break;
          letters += added;
        }
        if (!m.variant_prefix.count(vk)) break;
        if (letters < kMinVariantKey) continue;
        auto it = m.variant.find(vk);
        if (it == m.variant.end()) continue;
        words.assign(1, f.word);
        for (size_t k = 1; k < len; ++k) {
          const Token& tk = tokens[view[k]];
          if (tk.kind != TokenKind::kPunct && tk.kind != TokenKind::kSymbol) words.push_back(tk.norm);
        }
        if (!m.VariantPlausible(vk, words.data(), words.size())) continue;
        if (len > best_len || (len == best_len && !best_exact && f.stripped < best_strip)) {
          best_len = len;
          best_exact = false;
          best_strip = f.stripped;
          best_has_al = -1;
          best_refs = &it->second;
        }
      }
    }
    if (!best_refs) {
      ++i;
      continue;
    }
    KbMatch mt;
    mt.first_token = static_cast<uint32_t>(i);
    mt.end_token = view[best_len - 1] + 1;
    uint32_t pb = 0;
    if (best_strip > 0) {
      pb = text.empty() ? static_cast<uint32_t>(best_strip * 2)
                        : internal::ProcliticBytes(t0.span.In(text), best_strip);
    }
    mt.span = Span{t0.span.begin + pb, tokens[mt.end_token - 1].span.end};
    mt.kind = best_exact ? MatchKind::kExact : MatchKind::kVariant;
    mt.candidates = m.Rank(*best_refs, &mt.context_only, &mt.needs_cue, best_has_al);
    if (best_has_al == 1) {
      mt.article_added = true;
      for (const AliasRef& r : *best_refs) mt.article_added = mt.article_added && !(r.flags & kHasAl);
    }
    out.push_back(std::move(mt));
    i = out.back().end_token;
  }
  return out;
}

std::vector<const Entity*> KnowledgeBase::Lookup(std::string_view name) const {
  const Impl& m = *impl_;
  std::vector<Token> toks = text::Tokenize(name);
  if (toks.empty()) return {};
  std::string key(DropAl(toks[0].norm));
  for (size_t k = 1; k < toks.size(); ++k) {
    key += ' ';
    key += toks[k].norm;
  }
  if (auto it = m.exact.find(key); it != m.exact.end()) return m.Rank(it->second, nullptr, nullptr);
  std::u32string vk;
  size_t letters = 0;
  for (auto& t : toks) {
    if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) continue;
    size_t before = vk.size();
    if (!vk.empty()) vk.push_back(' ');
    internal::AppendVariantWord(vk, utf8::ToU32(t.norm), vk.empty());
    size_t added = vk.size() - before - (before ? 1 : 0);
    if (added < 2) return {};
    letters += added;
  }
  if (letters < kMinVariantKey) return {};
  auto it = m.variant.find(vk);
  if (it == m.variant.end()) return {};
  std::vector<std::string_view> words;
  for (auto& t : toks) {
    if (t.kind != TokenKind::kPunct && t.kind != TokenKind::kSymbol) words.push_back(t.norm);
  }
  if (!m.VariantPlausible(vk, words.data(), words.size())) return {};
  return m.Rank(it->second, nullptr, nullptr);
}

const Entity* KnowledgeBase::Find(std::string_view id) const {
  auto it = impl_->by_id.find(std::string(id));
  return it == impl_->by_id.end() ? nullptr : &impl_->entities[it->second];
}

const std::vector<Entity>& KnowledgeBase::entities() const { return impl_->entities; }

std::string KnowledgeBase::NisbaCountry(std::string_view word) const { return impl_->NisbaOf(word); }

std::string KnowledgeBase::Impl::NisbaOf(std::string_view word) const {
  const Impl& m = *this;
  if (m.nisba.empty()) return {};
  std::string n = text::NormalizeForMatch(word);
  std::vector<FirstForm> forms;
  FirstForms(n, forms);
  static const std::string_view kSuffixes[] = {"\xD9\x8A\xD9\x8A\xD9\x86",  // ــيين
                                               "\xD9\x8A\xD9\x88\xD9\x86",  // ــيون
                                               "\xD9\x8A\xD8\xA7\xD8\xAA",  // ــيات
                                               "\xD9\x8A\xD9\x87",          // ــيه (ية)
                                               "\xD9\x8A"};                 // ــي
  for (auto& f : forms) {
    std::string_view w = DropAl(f.word);
    if (auto it = m.nisba.find(w); it != m.nisba.end()) return it->second;
    for (std::string_view suf : kSuffixes) {
      if (EndsWith(w, suf) && w.size() > suf.size() + 4) {
        std::string base(w.substr(0, w.size() - suf.size()));
        base += "\xD9\x8A";  // back to the masculine ي
        if (auto it = m.nisba.find(base); it != m.nisba.end()) return it->second;
      }
    }
  }
  return {};
}

std::string KnowledgeBase::NisbaCountry(const Token& token) const {
  if (token.kind != TokenKind::kWord) return {};
  return NisbaCountry(std::string_view(token.norm));
}

bool KnowledgeBase::IsPersonTitle(std::string_view normalized_word) const {
  return impl_->titles.count(normalized_word) > 0;
}

}  // namespace marsad::linking
