#include "marsad/extract/quotes/quote_extractor.h"

#include <algorithm>
#include <filesystem>

#include "marsad/extract/quotes/quote_marks.h"

namespace marsad::quotes {
namespace {

constexpr std::string_view kWaw = "\xD9\x88";  // و
constexpr std::string_view kFa = "\xD9\x81";   // ف
constexpr std::string_view kLam = "\xD9\x84";  // ل

// How far the parts of one quote may lie apart, in tokens. A subject with a
// relative clause ("وقال شامبين، الذي سيتوجه إلى أوروبا، الأحد، لإجراء
// محادثات بشأن الأزمة، إنه") puts ~15 tokens between the name and إن.
constexpr uint32_t kMaxSubjectTokens = 14;
constexpr uint32_t kMaxIntroAfterSubject = 28;
constexpr uint32_t kMaxIntroNoSubject = 12;
constexpr uint32_t kMaxIntroAfterParticiple = 4;
constexpr uint32_t kMaxSubjectPhraseWords = 6;
constexpr uint32_t kMaxBareSubjectWords = 3;
// A cue with no subject continues a speaker named at most this many
// sentences before.
constexpr uint32_t kMaxContinuationSentences = 5;

bool IsPunct(const Token& t, std::string_view p) { return t.kind == TokenKind::kPunct && t.norm == p; }
bool IsComma(const Token& t) { return IsPunct(t, "،") || IsPunct(t, ","); }
bool IsSentenceStop(const Token& t) {
  return IsPunct(t, ".") || IsPunct(t, "؛") || IsPunct(t, ";") || IsPunct(t, "؟") || IsPunct(t, "?") ||
         IsPunct(t, "!");
}

// A token opening a prepositional phrase with a proclitic ل (للصحفيين،
// لوكالة، لـ): the subject has ended.
bool HasLamProclitic(const Token& t) {
  if (t.norm == kLam) return true;
  std::string_view p = t.prefixes;
  while (p.starts_with(kWaw) || p.starts_with(kFa)) p.remove_prefix(2);
  return p.starts_with(kLam);
}

int TypeRank(EntityType type) {
  switch (type) {
    case EntityType::kPER: return 4;
    case EntityType::kORG: return 3;
    case EntityType::kGPE: return 2;
    case EntityType::kLOC: return 1;
    default: return 0;
  }
}

bool IsSpace(std::string_view s, size_t i, size_t* len) {
  unsigned char c = s[i];
  if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
    *len = 1;
    return true;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    *len = 2;
    return true;
  }
  return false;
}

// Drops white space at both ends of a span.
Span TrimSpace(std::string_view text, Span s) {
  size_t len = 0;
  while (s.begin < s.end && IsSpace(text, s.begin, &len)) s.begin += len;
  while (s.begin < s.end) {
    if (IsSpace(text, s.end - 1, &len)) {
      --s.end;
    } else if (s.end >= s.begin + 2 && IsSpace(text, s.end - 2, &len) && len == 2) {
      s.end -= 2;
    } else {
      break;
    }
  }
  return s;
}

}  // namespace

struct QuoteExtractor::Speaker {
  bool found = false;
  bool linked = false;   // from a mention
  bool head_ok = false;  // an unlinked phrase headed by a title or speaker word
  Span span;
  std::string id;
  std::string name;
  uint32_t sentence = 0;
};

struct QuoteExtractor::Intro {
  uint32_t token = 0;  // إن/أن، the colon, or the opening mark
  int region = -1;     // a quotation opening at or right after it
  bool colon = false;
  bool mark = false;   // the intro is the opening mark itself
};

// Per-article indexes the rules consult.
struct QuoteExtractor::Doc {
  const Article& a;
  const std::vector<Token>& t;
  uint32_t n = 0;
  std::vector<uint32_t> sent;        // sentence of each token
  std::vector<uint32_t> sent_first;  // first token of each sentence
  std::vector<int32_t> mention;      // mention overlapping each token, or -1
  std::vector<uint8_t> timex;        // token inside a date
  std::vector<QuotedRegion> regions;
  std::vector<int32_t> opens;        // region whose opening mark is this token
  std::vector<int32_t> closes;       // region whose closing mark is this token
  std::vector<uint32_t> close_token; // closing-mark token of each region

  explicit Doc(const Article& article) : a(article), t(article.tokens), n(static_cast<uint32_t>(article.tokens.size())) {
    sent.assign(n, 0);
    if (a.sentences.empty()) {
      sent_first.push_back(0);
    } else {
      for (uint32_t s = 0; s < a.sentences.size(); ++s) {
        sent_first.push_back(a.sentences[s].first_token);
        for (uint32_t k = a.sentences[s].first_token; k < a.sentences[s].end_token && k < n; ++k) sent[k] = s;
      }
      // Tokens after the last sentence (should not happen) join it.
      uint32_t last_end = a.sentences.back().end_token;
      for (uint32_t k = last_end; k < n; ++k) sent[k] = static_cast<uint32_t>(a.sentences.size() - 1);
    }
    mention.assign(n, -1);
    size_t k = 0;
    for (size_t m = 0; m < a.mentions.size(); ++m) {
      const Span& ms = a.mentions[m].span;
      while (k < n && t[k].span.end <= ms.begin) ++k;
      for (size_t j = k; j < n && t[j].span.begin < ms.end; ++j)
        if (t[j].span.Overlaps(ms) && mention[j] < 0) mention[j] = static_cast<int32_t>(m);
    }
    timex.assign(n, 0);
    for (const Timex& x : a.timexes) {
      auto it = std::lower_bound(t.begin(), t.end(), x.span.begin,
                                 [](const Token& tk, uint32_t b) { return tk.span.end <= b; });
      for (; it != t.end() && it->span.begin < x.span.end; ++it) timex[it - t.begin()] = 1;
    }
    regions = FindQuotedRegions(a.text);
    opens.assign(n, -1);
    closes.assign(n, -1);
    close_token.assign(regions.size(), n);
    size_t r = 0;
    for (uint32_t j = 0; j < n && r < regions.size(); ++j) {
      while (r < regions.size() && regions[r].end < t[j].span.begin) ++r;
      if (r == regions.size()) break;
      if (t[j].span.begin == regions[r].open) opens[j] = static_cast<int32_t>(r);
      if (t[j].span.begin == regions[r].end) {
        closes[j] = static_cast<int32_t>(r);
        close_token[r] = j;
        ++r;
      }
    }
  }

  bool SameSentence(uint32_t i, uint32_t j) const { return i < n && j < n && sent[i] == sent[j]; }

  // A name in quote marks inside a clause (لـ"القاهرة الإخبارية"، وكالة
  // "رويترز"): a few words, and the clause goes on after the closing mark.
  bool IsQuotedName(int r) const {
    if (r < 0 || close_token[r] >= n) return false;
    const QuotedRegion& q = regions[r];
    if (q.end - q.begin > 48) return false;
    std::string_view inner(a.text.data() + q.begin, q.end - q.begin);
    if (std::count(inner.begin(), inner.end(), ' ') > 2) return false;
    uint32_t after = close_token[r] + 1;
    if (after >= n || !SameSentence(after, close_token[r])) return false;
    const Token& nt = t[after];
    // (منصته "تروث سوشال": "..." — a colon after it too.)
    return nt.kind == TokenKind::kWord || nt.kind == TokenKind::kLatin || nt.norm == "،" || nt.norm == "," ||
           nt.norm == ":";
  }
};

StatusOr<QuoteExtractor> QuoteExtractor::Load(const std::string& data_dir, const linking::KnowledgeBase* kb) {
  namespace fs = std::filesystem;
  QuoteExtractor q;
  q.kb_ = kb;
  const fs::path dir = fs::path(data_dir) / "lexicons";
  RETURN_IF_ERROR(q.cues_.LoadFile((dir / "quotes_cues.tsv").string()));
  RETURN_IF_ERROR(q.words_.LoadFile((dir / "quotes_words.tsv").string()));
  return q;
}

StatusOr<QuoteExtractor> QuoteExtractor::FromTsv(std::string_view cues_tsv, std::string_view words_tsv,
                                                 const linking::KnowledgeBase* kb) {
  QuoteExtractor q;
  q.kb_ = kb;
  RETURN_IF_ERROR(q.cues_.AddTsv(cues_tsv, "quotes_cues.tsv"));
  RETURN_IF_ERROR(q.words_.AddTsv(words_tsv, "quotes_words.tsv"));
  return q;
}

bool QuoteExtractor::IsCueWord(const Doc& d, uint32_t i) const {
  // "عدم ذكر اسمه": a verbal noun, not a cue.
  if (i > 0 && words_.Is(d.t, i - 1, CueClass::kBlock)) return false;
  return cues_.Is(d.t, i, CueClass::kVerb) || cues_.Is(d.t, i, CueClass::kParticiple) ||
         cues_.Is(d.t, i, CueClass::kTransmit) ||
         (cues_.Is(d.t, i, CueClass::kSource) && !d.t[i].norm.starts_with(kFa));
}

// The subject of a cue: the tokens from `from` to the first stop (إن، a
// colon, a quote mark, a preposition, a relative pronoun, another verb).
// Among the mentions there a person wins, then an organisation, then a
// state; an unlinked phrase before them that is not a title ("أرمين
// جريجوريان، أمين مجلس الأمن") is a name the linker missed.
QuoteExtractor::Speaker QuoteExtractor::FindSubject(const Doc& d, uint32_t from, uint32_t* window_end) const {
  Speaker sp;
  *window_end = from;
  if (from >= d.n || from == 0) return sp;
  const uint32_t s = d.sent[from - 1];
  int best = -1, best_rank = 0, first_mention_tok = -1;
  int np_begin = -1, np_end = -1;
  bool np_closed = false;
  uint32_t k = from, count = 0;
  while (k < d.n && count < kMaxSubjectTokens && d.sent[k] == s) {
    const Token& tok = d.t[k];
    if (d.opens[k] >= 0) {
      if (!d.IsQuotedName(d.opens[k])) break;
      // وكالة "تاس": the name belongs to the subject phrase.
      if (np_begin < 0) np_begin = static_cast<int>(k);
      k = d.close_token[d.opens[k]] + 1;
      if (!np_closed) np_end = static_cast<int>(k);
      ++count;
      continue;
    }
    if (int mi = d.mention[k]; mi >= 0) {
      const Mention& m = d.a.mentions[mi];
      int rank = TypeRank(m.type);
      if (rank > best_rank) {
        best_rank = rank;
        best = mi;
      }
      if (first_mention_tok < 0) first_mention_tok = static_cast<int>(k);
      if (np_begin < 0) np_begin = static_cast<int>(k);
      while (k < d.n && d.mention[k] == mi) ++k;
      if (!np_closed) np_end = static_cast<int>(k);
      ++count;
      continue;
    }
    if (tok.kind == TokenKind::kPunct) {
      if (IsComma(tok)) {
        if (np_begin >= 0) np_closed = true;
        ++k;
        continue;
      }
      if (IsPunct(tok, "(") || IsPunct(tok, ")") || IsPunct(tok, "-") || IsPunct(tok, "–")) {
        if (np_begin >= 0) np_closed = true;
        ++k;
        continue;
      }
      break;
    }
    if (CueMatch m = words_.Match(d.t, k, d.n, CueClass::kSkip); m.tokens) {
      k += m.tokens;
      if (np_begin >= 0) np_closed = true;
      continue;
    }
    if (words_.Is(d.t, k, CueClass::kStop) || words_.Is(d.t, k, CueClass::kThat) || IsCueWord(d, k) ||
        cues_.Is(d.t, k, CueClass::kSaying))
      break;
    if (d.timex[k]) {
      ++k;
      if (np_begin >= 0) np_closed = true;
      continue;
    }
    if (HasLamProclitic(tok) || tok.kind == TokenKind::kNumber) break;
    // "حذر من أن": من after the cue opens its complement, not a subject
    // (inside one it is part of it: "المدعوم من السعودية").
    if (np_begin < 0 && tok.norm == "من") break;
    if (np_begin < 0) np_begin = static_cast<int>(k);
    if (!np_closed) np_end = static_cast<int>(k + 1);
    ++k;
    ++count;
  }
  *window_end = k;
  if (np_begin < 0) return sp;

  auto head_ok = [&](uint32_t i) {
    if (words_.Is(d.t, i, CueClass::kSpeaker)) return true;
    return kb_ && kb_->IsPersonTitle(d.t[i].norm);
  };
  const bool np_has_head = head_ok(static_cast<uint32_t>(np_begin));
  const bool np_before_mentions = first_mention_tok < 0 || np_begin < first_mention_tok;
  if (best >= 0 && (best_rank == 4 || !np_before_mentions || np_has_head)) {
    const Mention& m = d.a.mentions[best];
    // "وزير خارجية روسيا" names the minister, not Russia.
    if (best_rank <= 2 && np_has_head && np_before_mentions) {
      // fall through to the phrase
    } else {
      sp.found = sp.linked = true;
      sp.span = m.span;
      sp.id = m.entity;
      sp.name = m.name.empty() ? std::string(m.span.In(d.a.text)) : m.name;
      sp.head_ok = true;
      return sp;
    }
  }
  // An unlinked phrase with no title or speaker word at its head is a name
  // only when short ("الاتفاق الالتزام بالإجلاء واحترام" is an object).
  if (np_end - np_begin > static_cast<int>(np_has_head ? kMaxSubjectPhraseWords : kMaxBareSubjectWords)) return sp;
  sp.found = true;
  sp.head_ok = np_has_head;
  sp.span = {d.t[np_begin].span.begin, d.t[np_end - 1].span.end};
  sp.name = std::string(sp.span.In(d.a.text));
  return sp;
}

bool QuoteExtractor::FindIntro(const Doc& d, uint32_t from, uint32_t max_tokens, Intro* out) const {
  if (from == 0 || from > d.n) return false;
  const uint32_t s = d.sent[from - 1];
  uint32_t words = 0;  // words passed: a bare quote mark far from the cue is a partial quote
  for (uint32_t k = from; k < d.n && k < from + max_tokens; ++k) {
    if (d.sent[k] != s) return false;
    if (int r = d.opens[k]; r >= 0) {
      if (d.IsQuotedName(r)) {
        k = d.close_token[r];
        ++words;
        continue;
      }
      if (words > 1) return false;
      *out = Intro{k, r, false, true};
      return true;
    }
    const Token& tok = d.t[k];
    if (tok.kind == TokenKind::kPunct) {
      if (IsPunct(tok, ":")) {
        *out = Intro{k, k + 1 < d.n ? d.opens[k + 1] : -1, true, false};
        return true;
      }
      if (IsSentenceStop(tok)) return false;
      continue;
    }
    if (IsCueWord(d, k)) return false;
    if (words_.Is(d.t, k, CueClass::kThat) && !(k > 0 && words_.Is(d.t, k - 1, CueClass::kBlock))) {
      // "إن: «...»" and "أن "..."" open a quotation.
      uint32_t next = k + 1;
      if (next < d.n && IsPunct(d.t[next], ":")) ++next;
      *out = Intro{k, next < d.n ? d.opens[next] : -1, false, false};
      return true;
    }
    if (!words_.Is(d.t, k, CueClass::kSkip) && !words_.Is(d.t, k, CueClass::kStop)) ++words;
  }
  return false;
}

// Reported content from token `first` to the end of its clause: the end of
// the sentence, or a comma before a participle or "according to" (which
// make their own quote), or ", وأضاف". A quotation opened inside runs to
// its closing mark even past the sentence end.
Span QuoteExtractor::ReportedContent(const Doc& d, uint32_t first) const {
  if (first >= d.n) return {};
  uint32_t s = d.sent[first];
  while (first < d.n && d.sent[first] == s && d.t[first].kind == TokenKind::kPunct && d.opens[first] < 0) ++first;
  if (first >= d.n || d.sent[first] != s) return {};
  Span out{d.t[first].span.begin, d.t[first].span.begin};
  for (uint32_t k = first; k < d.n; ++k) {
    if (d.sent[k] != s) break;
    const Token& tok = d.t[k];
    if (IsComma(tok) && k + 1 < d.n &&
        (IsCueWord(d, k + 1) || words_.Match(d.t, k + 1, d.n, CueClass::kBreak).tokens))
      break;
    if (k > first && cues_.Is(d.t, k, CueClass::kParticiple) && IsCueWord(d, k)) break;
    // A sentence end the splitter missed ("(02,00 ت غ).وذكر").
    if (IsSentenceStop(tok)) break;
    if (int r = d.opens[k]; r >= 0 && d.close_token[r] < d.n) {
      k = d.close_token[r];
      s = d.sent[k];
      out.end = d.regions[r].close;
      continue;
    }
    if (tok.kind == TokenKind::kPunct) {
      // Trailing punctuation is not content; closing brackets are.
      if (IsPunct(tok, ")") || IsPunct(tok, "]")) out.end = tok.span.end;
      continue;
    }
    out.end = tok.span.end;
  }
  return out;
}

void QuoteExtractor::Extract(Article& a) const {
  a.quotes.clear();
  if (a.tokens.empty()) return;
  const Doc d(a);
  const auto& t = d.t;
  std::vector<Quote> out;
  Speaker last;             // the last speaker a cue named
  uint32_t busy_until = 0;  // cues inside emitted content belong to it

  auto inside_quote = [&](const Span& s) {
    for (const Quote& q : out)
      if (q.span.Contains(s)) return true;
    return false;
  };
  auto emit = [&](Span content, bool direct, const Speaker& sp, uint32_t cue_tok, const CueMatch& cue,
                  uint32_t busy_end) {
    content = TrimSpace(a.text, content);
    if (content.empty()) return false;
    for (const Quote& q : out)
      if (q.span.Overlaps(content)) return false;
    Quote q;
    q.span = content;
    q.direct = direct;
    if (sp.found) {
      q.speaker_span = sp.span;
      q.speaker = sp.id;
      q.speaker_name = sp.name;
    }
    q.cue_span = t[cue_tok].span;
    q.cue_span.begin += static_cast<uint32_t>(std::min<size_t>(cue.stripped.size(), q.cue_span.size()));
    if (cue.tokens > 1) q.cue_span.end = t[cue_tok + cue.tokens - 1].span.end;
    q.cue = std::string(cue.key);
    out.push_back(std::move(q));
    busy_until = std::max(busy_until, std::max(busy_end, content.end));
    return true;
  };
  // The quotation (or clause) an intro opens.
  auto emit_intro = [&](const Intro& in, const Speaker& sp, uint32_t cue_tok, const CueMatch& cue) {
    if (in.region >= 0 && d.close_token[in.region] < d.n) {
      const QuotedRegion& r = d.regions[in.region];
      uint32_t after = d.close_token[in.region] + 1;
      // «…» followed by more words of the clause is a partial quote inside
      // reported speech: the whole clause is the content.
      bool partial = !in.colon && after < d.n && d.SameSentence(after, d.close_token[in.region]) &&
                     t[after].kind == TokenKind::kWord && !IsCueWord(d, after);
      if (!partial) return emit({r.begin, r.end}, true, sp, cue_tok, cue, r.close);
      uint32_t first = in.mark ? in.token : in.token + 1;
      return emit(ReportedContent(d, first), false, sp, cue_tok, cue, 0);
    }
    if (in.token + 1 >= d.n) return false;
    return emit(ReportedContent(d, in.token + 1), in.colon, sp, cue_tok, cue, 0);
  };
  // The speaker of a cue with no subject of its own.
  auto continue_speaker = [&](uint32_t i, bool allow_preverbal) {
    const uint32_t s = d.sent[i];
    // "بوتين قال إن" (no و on the verb: the name is its subject).
    uint32_t pv = i;
    // "وكانت وزارة الخارجية القطرية، قد أعلنت"
    while (pv > 0 && i - pv < 3 && d.sent[pv - 1] == s && d.mention[pv - 1] < 0 &&
           (IsComma(t[pv - 1]) || t[pv - 1].norm == "قد" || t[pv - 1].norm == "لقد"))
      --pv;
    if (allow_preverbal && pv > 0 && d.sent[pv - 1] == s && d.mention[pv - 1] >= 0) {
      const Mention& m = a.mentions[d.mention[pv - 1]];
      if (TypeRank(m.type) >= 2 && !inside_quote(m.span)) {
        Speaker sp;
        sp.found = sp.linked = true;
        sp.span = m.span;
        sp.id = m.entity;
        sp.name = m.name.empty() ? std::string(m.span.In(a.text)) : m.name;
        sp.sentence = s;
        return sp;
      }
    }
    // "ودعت ميشيل باشيليت ... حيث قالت إن": the first person of the clause.
    uint32_t k = i;
    while (k > d.sent_first[s] && !IsCueWord(d, k - 1)) --k;
    for (; k < i; ++k) {
      if (d.mention[k] < 0) continue;
      const Mention& m = a.mentions[d.mention[k]];
      if (m.type != EntityType::kPER || inside_quote(m.span)) continue;
      Speaker sp;
      sp.found = sp.linked = true;
      sp.span = m.span;
      sp.id = m.entity;
      sp.name = m.name.empty() ? std::string(m.span.In(a.text)) : m.name;
      sp.sentence = s;
      return sp;
    }
    if (last.found && s >= last.sentence && s - last.sentence <= kMaxContinuationSentences) return last;
    // "أشاد الرئيس الأمريكي جو بايدن ... . وقال في بيان ...": the person
    // at the head of the previous sentence.
    if (s > 0) {
      const uint32_t b = d.sent_first[s - 1];
      for (uint32_t k = b; k < d.n && k < b + 6 && d.sent[k] == s - 1; ++k) {
        if (d.mention[k] < 0) continue;
        const Mention& m = a.mentions[d.mention[k]];
        if (m.type != EntityType::kPER || inside_quote(m.span)) continue;
        Speaker sp;
        sp.found = sp.linked = true;
        sp.span = m.span;
        sp.id = m.entity;
        sp.name = m.name.empty() ? std::string(m.span.In(a.text)) : m.name;
        sp.sentence = s;
        return sp;
      }
    }
    return Speaker{};
  };
  // A quotation that closes just before token i («…»، قال X).
  auto region_before = [&](uint32_t i) -> int {
    for (uint32_t back = 1; back <= 3 && back <= i; ++back) {
      uint32_t k = i - back;
      if (d.closes[k] >= 0) {
        const QuotedRegion& r = d.regions[d.closes[k]];
        for (const Quote& q : out)
          if (q.span.Overlaps({r.begin, r.end})) return -1;
        // A quotation said before its cue stands alone: it opens the
        // sentence or follows punctuation (not في "قمة سلام تاريخية").
        auto open_tok = std::lower_bound(t.begin(), t.end(), r.open,
                                         [](const Token& tk, uint32_t b) { return tk.span.begin < b; });
        if (open_tok == t.end()) return -1;
        size_t o = open_tok - t.begin();
        if (o > 0 && d.sent[o - 1] == d.sent[o] && t[o - 1].kind != TokenKind::kPunct) return -1;
        return d.closes[k];
      }
      // Only a comma or dash may separate them, not the end of a sentence.
      if (t[k].kind != TokenKind::kPunct || IsSentenceStop(t[k])) return -1;
    }
    return -1;
  };

  for (uint32_t i = 0; i < d.n; ++i) {
    const Token& tok = t[i];
    if (tok.kind != TokenKind::kWord || d.mention[i] >= 0 || tok.span.begin < busy_until) continue;
    const uint32_t s = d.sent[i];
    CueMatch cue;
    if (i > 0 && words_.Is(t, i - 1, CueClass::kBlock)) continue;
    if ((cue = cues_.Match(t, i, d.n, CueClass::kVerb)).tokens) {
      uint32_t cue_end = i + cue.tokens, win_end = cue_end;
      Speaker sp = FindSubject(d, cue_end, &win_end);
      const bool explicit_subject = sp.found;
      if (sp.found) {
        sp.sentence = s;
      } else if (!cue.key.ends_with("\xD9\x88\xD8\xA7")) {
        // (A plural cue, أفادوا، قالوا, does not continue one speaker.)
        sp = continue_speaker(i, cue.stripped.empty());
      }
      Intro in;
      bool has_intro = explicit_subject ? FindIntro(d, win_end, kMaxIntroAfterSubject, &in)
                                        : FindIntro(d, cue_end, kMaxIntroNoSubject, &in);
      int before = region_before(i);
      // A cue that quotes makes its speaker the one later cues continue;
      // so does a named subject of a cue that quotes nothing here ("أعلن
      // باشينيان استعداد بلاده ..." then "وقال: ...").
      if (sp.found && (has_intro || before >= 0)) {
        sp.sentence = s;
        last = sp;
      } else if (explicit_subject && (sp.linked || sp.head_ok)) {
        last = sp;
      }
      if (before >= 0) {
        const QuotedRegion& r = d.regions[before];
        emit({r.begin, r.end}, true, sp, i, cue, 0);
      }
      if (has_intro) emit_intro(in, sp, i, cue);
      continue;
    }
    if ((cue = cues_.Match(t, i, d.n, CueClass::kParticiple)).tokens) {
      Intro in;
      if (!FindIntro(d, i + cue.tokens, kMaxIntroAfterParticiple, &in)) continue;
      Speaker sp = (last.found && s >= last.sentence && s - last.sentence <= 1) ? last : continue_speaker(i, false);
      emit_intro(in, sp, i, cue);
      continue;
    }
    if ((cue = cues_.Match(t, i, d.n, CueClass::kSource)).tokens && cue.stripped != kFa) {
      uint32_t k = i + cue.tokens;
      if (k < d.n && t[k].norm == "ما") ++k;
      if (k < d.n && t[k].norm == "عن") ++k;
      if (k < d.n && t[k].norm == kLam) ++k;
      if (k < d.n && cues_.Is(t, k, CueClass::kVerb)) ++k;
      uint32_t win_end = k;
      Speaker sp = FindSubject(d, k, &win_end);
      if (!sp.found || !(sp.linked || sp.head_ok)) continue;
      sp.sentence = s;
      const uint32_t first = d.sent_first[s];
      if (i == first) {
        // "وبحسب الوزارة، فإن ...": the content follows.
        uint32_t c = win_end;
        while (c < d.n && d.SameSentence(c, i) && IsComma(t[c])) ++c;
        if (c < d.n && d.SameSentence(c, i) && words_.Is(t, c, CueClass::kThat)) ++c;
        if (c >= d.n || !d.SameSentence(c, i)) continue;
        // "وحسب شبكة "العربية"، أكد المبعوث ...": the verb has its own speaker.
        if (IsCueWord(d, c)) continue;
        Intro in{c, d.opens[c], false, true};
        if (in.region < 0) {
          if (emit(ReportedContent(d, c), false, sp, i, cue, 0)) last = sp;
        } else if (emit_intro(in, sp, i, cue)) {
          last = sp;
        }
        continue;
      }
      // "..., بحسب الوزارة": the clause before it, from the sentence start
      // or the end of the last quote in it.
      uint32_t c = i;
      while (c > first && t[c - 1].kind == TokenKind::kPunct && d.closes[c - 1] < 0) --c;
      if (c == first) continue;
      if (int r = d.closes[c - 1]; r >= 0 && d.regions[r].open >= t[first].span.begin) {
        if (emit({d.regions[r].begin, d.regions[r].end}, true, sp, i, cue, 0)) last = sp;
        continue;
      }
      uint32_t b = first;
      while (b < c && t[b].span.begin < busy_until) ++b;
      // A dateline ("القدس - الكرمل - اتفقت ...") is not what was said.
      for (uint32_t j = b, lim = b + 6; j < c && j < lim; ++j)
        if (IsPunct(t[j], "-") || IsPunct(t[j], "–") || IsPunct(t[j], ":")) b = j + 1;
      while (b < c && t[b].kind == TokenKind::kPunct) ++b;
      uint32_t words = 0;
      for (uint32_t j = b; j < c; ++j) words += t[j].kind == TokenKind::kWord;
      if (words < 3) continue;
      Span content{t[b].span.begin, t[c - 1].span.end};
      // The clause's leading و is a connective, not content.
      if (t[b].prefixes.starts_with(kWaw) && a.text.compare(content.begin, 2, kWaw) == 0) content.begin += 2;
      if (emit(content, false, sp, i, cue, 0)) last = sp;
      continue;
    }
    if ((cue = cues_.Match(t, i, d.n, CueClass::kTransmit)).tokens) {
      // "نقلت وكالة ... عن X قوله ...": X is the speaker.
      uint32_t an = i + cue.tokens;
      while (an < d.n && an < i + 10 && d.SameSentence(an, i) && t[an].norm != "عن") ++an;
      if (an >= d.n || !d.SameSentence(an, i) || t[an].norm != "عن") continue;
      uint32_t win_end = an + 1;
      Speaker sp = FindSubject(d, an + 1, &win_end);
      if (!sp.found) continue;
      sp.sentence = s;
      Intro in;
      if (!FindIntro(d, win_end, kMaxIntroNoSubject, &in)) continue;
      last = sp;
      emit_intro(in, sp, i, cue);
      continue;
    }
  }
  std::sort(out.begin(), out.end(), [](const Quote& x, const Quote& y) { return x.span.begin < y.span.begin; });
  a.quotes = std::move(out);
}

}  // namespace marsad::quotes
