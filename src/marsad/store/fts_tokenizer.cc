#include "marsad/store/fts_tokenizer.h"

#include <xxhash.h>

#include <cstdio>
#include <cstring>
#include <new>

#include "marsad/text/tokenizer.h"

namespace marsad::store {

namespace {

// Fetches the fts5_api of a connection the documented way: a pointer bound
// to "SELECT fts5(?1)".
fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

bool Searchable(const Token& t) {
  if (t.kind == TokenKind::kPunct || t.kind == TokenKind::kSymbol) return false;
  const std::string& primary = t.form.empty() ? t.norm : t.form;
  return !primary.empty() && primary.size() <= kMaxFtsTermBytes;
}

// Probe for Fingerprint(): harakat, clitics, hamza and alef forms, ta
// marbuta, future prefix, digits, Latin, punctuation.
constexpr std::string_view kProbe =
    "وقال الرئيسُ إنّ الطرفين سيُوقِّعان اتفاقَ وقفِ إطلاق النار في الدوحة يوم ٢٣ أيار، "
    "وبالمدينة للمؤسسات فالجيش كمسؤولين مدرستهم آمنة؛ UN Security-Council 2020.";

}  // namespace

Status FtsTokenizer::Register(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (!api) {
    return FailedPrecondition("the SQLite library in use lacks FTS5 (full-text search); "
                              "install a SQLite built with FTS5 (Debian's libsqlite3 has it)");
  }
  fts5_tokenizer t{&FtsTokenizer::XCreate, &FtsTokenizer::XDelete, &FtsTokenizer::XTokenize};
  const int rc = api->xCreateTokenizer(api, kFtsTokenizerName, this, &t, nullptr);
  if (rc != SQLITE_OK) return Internal(std::string("registering the FTS5 tokenizer: ") + sqlite3_errstr(rc));
  return Status::Ok();
}

int FtsTokenizer::XCreate(void* user, const char** /*args*/, int /*nargs*/, Fts5Tokenizer** out) {
  // The tokenizer instance is the registered object itself: FTS5 tables of
  // this connection share it (and its hint).
  *out = reinterpret_cast<Fts5Tokenizer*>(user);
  return SQLITE_OK;
}

int FtsTokenizer::XTokenize(Fts5Tokenizer* handle, void* ctx, int flags, const char* text, int n,
                            int (*token)(void*, int, const char*, int, int, int)) {
  auto* self = reinterpret_cast<FtsTokenizer*>(handle);
  const std::string_view input(text ? text : "", n > 0 ? static_cast<size_t>(n) : 0);
  try {
    std::vector<Token> local;
    const std::vector<Token>* tokens = nullptr;
    if ((flags & FTS5_TOKENIZE_DOCUMENT) && self->hint_tokens_ && input.size() == self->hint_text_.size() &&
        (input.data() == self->hint_text_.data() ||
         std::memcmp(input.data(), self->hint_text_.data(), input.size()) == 0)) {
      tokens = self->hint_tokens_;
      ++self->hinted_;
    } else {
      local = text::Tokenize(input);
      tokens = &local;
      ++self->tokenized_;
    }
    int rc = SQLITE_OK;
    const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    ForEachFtsTerm(
        *tokens,
        [&](std::string_view term, uint32_t begin, uint32_t end, bool colocated) {
          if (rc != SQLITE_OK) return;
          // A hint from another tokenizer could point past this input; FTS5
          // trusts offsets, so never hand it one outside the text.
          if (end > input.size() || begin > end) return;
          rc = token(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, term.data(), static_cast<int>(term.size()),
                     static_cast<int>(begin), static_cast<int>(end));
        },
        query);
    // FTS5 stops us early with a non-OK code (SQLITE_DONE when it has what
    // it needs); the contract is to hand that code back unchanged.
    return rc;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

std::string FtsTokenizer::Fingerprint() {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  const std::vector<Token> tokens = text::Tokenize(kProbe);
  ForEachFtsTerm(tokens, [&](std::string_view term, uint32_t begin, uint32_t end, bool colocated) {
    const uint32_t meta[3] = {begin, end, colocated ? 1u : 0u};
    XXH3_64bits_update(state, term.data(), term.size());
    XXH3_64bits_update(state, meta, sizeof(meta));
  });
  const uint64_t h = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  char buf[40];
  // "v1" versions the emission scheme in ForEachFtsTerm itself.
  std::snprintf(buf, sizeof(buf), "v1-%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string BuildMatchExpression(std::string_view query, size_t max_terms) {
  // Pair up ASCII double quotes: the words between the 1st and 2nd, 3rd and
  // 4th ... form phrases; a lone last quote is ignored.
  std::vector<std::pair<size_t, size_t>> phrases;
  size_t open = std::string_view::npos;
  for (size_t i = 0; i < query.size(); ++i) {
    if (query[i] != '"') continue;
    if (open == std::string_view::npos) {
      open = i;
    } else {
      phrases.emplace_back(open, i);
      open = std::string_view::npos;
    }
  }

  const std::vector<Token> tokens = text::Tokenize(query);
  std::string out;
  size_t terms = 0;
  size_t current_phrase = SIZE_MAX;  // index into phrases of the open group
  bool group_open = false;
  auto close_group = [&] {
    if (group_open) out += '"';
    group_open = false;
  };
  for (const Token& t : tokens) {
    if (!Searchable(t)) continue;
    if (terms == max_terms) break;
    size_t phrase = SIZE_MAX;
    for (size_t p = 0; p < phrases.size(); ++p) {
      if (phrases[p].first < t.span.begin && t.span.end <= phrases[p].second) {
        phrase = p;
        break;
      }
    }
    const std::string_view surface = t.span.In(query);
    if (phrase != SIZE_MAX && group_open && phrase == current_phrase) {
      out += ' ';
    } else {
      close_group();
      if (!out.empty()) out += ' ';
      out += '"';
      group_open = true;
      current_phrase = phrase;
    }
    // Inside an FTS5 string a double quote is written twice; nothing else
    // is special there except NUL, which ends FTS5's parse of the whole
    // expression ("unterminated string"): it becomes a space, i.e. a word
    // break inside the quoted term.
    for (char c : surface) {
      if (c == '"') out += '"';
      out += c == '\0' ? ' ' : c;
    }
    if (phrase == SIZE_MAX) close_group();
    ++terms;
  }
  close_group();
  return out;
}

}  // namespace marsad::store
