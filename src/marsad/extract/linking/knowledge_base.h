// The knowledge base: canonical entities (countries, cities, regions,
// persons, organisations) with their Arabic names and variants, loaded from
// data/kb/*.tsv (format in docs/KB.md), plus a longest-match dictionary
// matcher over tokens and the nisba table (الروسي -> RUS).
//
// Thread-safe after Load: the object is immutable; every method is const.
// Entity pointers stay valid for the life of the KnowledgeBase (moves keep
// them: entities live in one heap vector).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad::linking {

// One canonical entity.
struct Entity {
  std::string id;        // English Wikipedia title with '_' for ' ' ("Vladimir_Putin")
  EntityType type = EntityType::kMISC;  // PER, ORG, LOC or GPE
  std::string name;      // English Wikipedia title ("Vladimir Putin")
  std::string country;   // ISO 3166-1 alpha-3 ("RUS"), "" when none
  std::string role;      // GOV, MIL, REB, IGO, MED, PTY, BUS, ... "" when none
  std::string valid_from;  // ISO date the office began, "" = open
  std::string valid_to;    // ISO date it ended, "" = still held
  std::vector<std::string> names;  // Arabic names and variants as written in the data
  int priority = 0;      // breaks ties between homonyms (higher wins)

  // True when the office is held on `date` (ISO, any precision; "" = true).
  bool ValidOn(std::string_view date) const;
};

// How a dictionary match was made; the linker trusts kExact more.
enum class MatchKind : uint8_t {
  kExact,    // normalized form equals a listed name (ال optional)
  kVariant,  // equal variant keys (transliteration difference)
};

// A dictionary match over a token sequence.
struct KbMatch {
  uint32_t first_token = 0;  // index into the token vector
  uint32_t end_token = 0;    // exclusive
  Span span;                 // surface without proclitics و ف ب ل ك (لل kept whole)
  MatchKind kind = MatchKind::kExact;
  // Aliases marked context-only in the data (surnames, epithets such as
  // المملكة): valid only when the entity is also named otherwise in the text.
  bool context_only = false;
  // Aliases that need a preceding cue word (outlet names that are also
  // common words: "العربية" after قناة/موقع/شبكة).
  bool needs_cue = false;
  // The text's word has an ال that no listed spelling has ("التركية" for the
  // listed تركية): an adjective more often than the name.
  bool article_added = false;
  std::vector<const Entity*> candidates;  // best first (priority, then file order)
};

class KnowledgeBase {
 public:
  // Loads every *.tsv of `dir` (entities) and `dir`/nisba.tsv. Errors name
  // the file and line.
  static StatusOr<KnowledgeBase> Load(const std::string& dir);
  // Default directory: $MARSAD_DATA/kb, else MARSAD_SOURCE_DIR "/data/kb".
  static std::string DefaultDir();
  // Builds from in-memory TSV text (entity rows, nisba rows, title rows); for tests.
  static StatusOr<KnowledgeBase> FromTsv(std::string_view entities_tsv, std::string_view nisba_tsv = {},
                                         std::string_view titles_tsv = {});

  KnowledgeBase(KnowledgeBase&&) noexcept;
  KnowledgeBase& operator=(KnowledgeBase&&) noexcept;
  ~KnowledgeBase();

  // Longest KB name matches over `tokens`, left to right, non-overlapping.
  // `text` is the original text the tokens point into (needed to place the
  // span after proclitics; when empty, spans cover whole tokens).
  std::vector<KbMatch> MatchTokens(const std::vector<Token>& tokens,
                                   std::string_view text = {}) const;

  // Entities whose name or variant equals `name` (exact normalized form,
  // then variant key). Best first.
  std::vector<const Entity*> Lookup(std::string_view name) const;

  const Entity* Find(std::string_view id) const;
  const std::vector<Entity>& entities() const;

  // ISO3 country of a nisba adjective token (الروسي، الأرمينية، والقطري ->
  // RUS, ARM, QAT), "" when the token is not one.
  std::string NisbaCountry(const Token& token) const;
  std::string NisbaCountry(std::string_view word) const;

  // True when a normalized word is a title or trigger that precedes person
  // names (الرئيس، وزير، المتحدث، المبعوث ...), from data/kb/titles.tsv.
  bool IsPersonTitle(std::string_view normalized_word) const;

 private:
  struct Impl;
  KnowledgeBase();
  std::unique_ptr<Impl> impl_;
};

}  // namespace marsad::linking
