// The "marsad" FTS5 tokenizer: SQLite's unicode61 splits Arabic words at
// harakat (سيُوقَّع -> سي / وق / ع) and keeps clitics (والرئيس), so full-text
// search indexes our own terms instead. For each word text::Tokenize finds,
// it emits the normalized clitic-free form and, at the same position
// (FTS5_TOKEN_COLOCATED), its stem, with the byte span of the ORIGINAL
// surface so snippet()/highlight() mark the text the user saw. Queries are
// tokenized the same way, so "يوقع" finds "سيُوقَّع" and "الرئيس" finds
// "والرئيس".
//
// An FtsTokenizer object serves one SQLite connection; not thread-safe (a
// Store is used from one thread at a time).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::store {

inline constexpr const char* kFtsTokenizerName = "marsad";

// Index terms of one token; longer terms cannot be meant as a search word
// and would only bloat the index.
inline constexpr size_t kMaxFtsTermBytes = 255;

// Calls emit(term, begin, end, colocated) for each index term of `tokens`
// (as text::Tokenize returns them): the form (or norm when the form is
// empty) and then, colocated, the stem when it differs. Punctuation and
// symbols yield nothing.
//
// With `query` set, only the term a document word is sure to share with
// every other form of it is emitted: the stem when there is one. Emitting
// form and stem as colocated alternatives would match exactly the same
// documents (the form determines the stem) at twice the index lookups.
template <typename Emit>
void ForEachFtsTerm(const std::vector<Token>& tokens, Emit&& emit, bool query = false) {
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) continue;
    const std::string& primary = t.form.empty() ? t.norm : t.form;
    if (primary.empty() || primary.size() > kMaxFtsTermBytes) continue;
    const bool has_stem = !t.stem.empty() && t.stem != primary && t.stem.size() <= kMaxFtsTermBytes;
    if (query) {
      emit(std::string_view(has_stem ? t.stem : primary), t.span.begin, t.span.end, false);
      continue;
    }
    emit(std::string_view(primary), t.span.begin, t.span.end, false);
    if (has_stem) emit(std::string_view(t.stem), t.span.begin, t.span.end, true);
  }
}

class FtsTokenizer {
 public:
  FtsTokenizer() = default;
  FtsTokenizer(const FtsTokenizer&) = delete;
  FtsTokenizer& operator=(const FtsTokenizer&) = delete;

  // Registers this object as tokenizer "marsad" on `db`; it must outlive
  // the connection.
  Status Register(sqlite3* db);

  // The next document tokenizations of exactly `text` reuse `tokens` (from
  // text::Analyze, already computed by the pipeline) instead of tokenizing
  // again: ingest then pays for tokenization once. Both must stay alive
  // until ClearHint().
  void SetHint(std::string_view text, const std::vector<Token>* tokens) {
    hint_text_ = text;
    hint_tokens_ = tokens;
  }
  void ClearHint() { hint_tokens_ = nullptr; }

  // How many tokenizations ran text::Tokenize vs reused a hint (tests, bench).
  uint64_t tokenized() const { return tokenized_; }
  uint64_t hinted() const { return hinted_; }

  // Fingerprint of the terms the tokenizer emits for a fixed probe text:
  // changes whenever normalization, clitic splitting or stemming change,
  // which means the index must be rebuilt.
  static std::string Fingerprint();

 private:
  static int XCreate(void* user, const char** args, int nargs, Fts5Tokenizer** out);
  static void XDelete(Fts5Tokenizer*) {}
  static int XTokenize(Fts5Tokenizer* self, void* ctx, int flags, const char* text, int n,
                       int (*token)(void*, int, const char*, int, int, int));

  std::string_view hint_text_;
  const std::vector<Token>* hint_tokens_ = nullptr;
  uint64_t tokenized_ = 0;
  uint64_t hinted_ = 0;
};

// Turns free user input into an FTS5 MATCH expression that can never be a
// syntax error: every word becomes a quoted string (tokenized by "marsad"
// at query time), "..." in the input groups words into a phrase, all terms
// must match (AND). FTS5 operators (NEAR, OR, *, ^, parentheses, column
// filters) in the input are searched as words or dropped. Returns "" when
// the input holds no searchable word. At most `max_terms` words are kept.
std::string BuildMatchExpression(std::string_view user_query, size_t max_terms = 32);

}  // namespace marsad::store
