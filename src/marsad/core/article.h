// The one document model every pipeline stage fills in place:
//   Article -> sentences -> tokens, plus what extraction finds
// (mentions, timexes, numbers, quotes, events).
//
// Spans are BYTE offsets into Article::text, the ORIGINAL UTF-8 text exactly
// as ingested (never a normalized copy), end exclusive. Exports convert them
// to code points with CodepointIndex (utf8.h), so that every extraction can
// be highlighted in the text the user saw.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marsad {

struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;  // exclusive
  uint32_t size() const { return end - begin; }
  bool empty() const { return end <= begin; }
  bool Contains(const Span& o) const { return begin <= o.begin && o.end <= end; }
  bool Overlaps(const Span& o) const { return begin < o.end && o.begin < end; }
  std::string_view In(std::string_view text) const { return text.substr(begin, end - begin); }
  friend bool operator==(const Span&, const Span&) = default;
};

enum class TokenKind : uint8_t { kWord, kNumber, kPunct, kSymbol, kLatin };

struct Token {
  Span span;            // surface in the original text
  TokenKind kind = TokenKind::kWord;
  std::string norm;     // normalized surface (harakat, tatweel, alef/ya/ta marbuta folded)
  std::string form;     // norm with attached clitics removed (و ف ب ل ك ال, pronouns)
  std::string stem;     // light stem of form
  uint8_t prefix_bytes = 0;  // bytes of the ORIGINAL surface taken by proclitics (و, ب, ال...)
  std::string prefixes;  // the clitics removed, normalized, e.g. "وال"
};

struct Sentence {
  Span span;
  uint32_t first_token = 0;  // index into Article::tokens
  uint32_t end_token = 0;    // exclusive
};

enum class EntityType : uint8_t { kPER, kORG, kLOC, kGPE, kMISC };
const char* EntityTypeName(EntityType t);
std::optional<EntityType> ParseEntityType(std::string_view s);

// A named thing found in the text, linked to an entity when possible.
struct Mention {
  Span span;                // without attached clitics (لأذربيجان -> أذربيجان)
  EntityType type = EntityType::kMISC;
  std::string entity;       // knowledge-base id ("Q7747") or a local key ("x:...")
  std::string name;         // canonical name (English Wikipedia title when known)
  std::string country;      // ISO 3166-1 alpha-3 of the entity, when known
  std::string role;         // GOV, MIL, REB, IGO, MED ...
  float confidence = 1.0f;
};

// A temporal expression normalized to ISO 8601 (as precise as the text).
struct Timex {
  Span span;
  std::string value;   // "2020-10-10", "2020-10-10T12:00", "1991/1994", "2020-W41", "" if vague
  std::string kind;    // date | time | duration | set | range
  bool relative = false;  // resolved against the publication date
};

// A quantity and what it counts.
struct NumberMention {
  Span span;
  double value = 0;
  std::string what;        // killed | wounded | civilians_killed | soldiers_killed | prisoners |
                           // hostages | duration_days | other
  std::string qualifier;   // approx | more_than | less_than | at_least | vague | ""
  std::optional<double> acled_value;  // ACLED convention for vague counts (10, 12, 100)
  std::string unit;        // for "other": hours, minutes, km ...
};

struct Quote {
  Span span;            // the quoted or reported content
  Span speaker_span;    // where the speaker is named (may be empty)
  Span cue_span;        // the introducing verb (قال، أكد ...)
  std::string speaker;       // entity id
  std::string speaker_name;  // canonical or surface name
  std::string cue;           // normalized cue verb
  bool direct = false;       // «...» or "..." vs reported speech (إن ...)
};

struct Event {
  std::string id;
  std::string type;      // taxonomy in DESIGN.md (ceasefire_agreed, talks_held, ...)
  std::string cameo;
  std::string plover;
  std::string mode;      // asserted | negated | future | hypothetical | historical
  Span trigger;
  std::string source;    // actor codes (ISO3 or org name)
  std::string target;
  std::vector<std::string> parties;
  std::vector<std::string> mediators;
  std::string location;
  std::string date;       // ISO
  std::string effective;  // ISO
  std::optional<double> killed;
  // Terms of a ceasefire read from the article: "purpose:humanitarian",
  // "provision:exchange_of_prisoners" (the story view builds records from them).
  std::vector<std::string> attributes;
  uint32_t sentence = 0;
  float confidence = 1.0f;
};

struct Article {
  // --- identity and metadata (ingest) ---
  std::string id;
  std::string url;
  std::string canonical_url;
  std::string source;      // outlet (site name or domain)
  std::string published;   // ISO date or datetime, "" when unknown
  std::string published_from;  // where the date came from: input | jsonld | meta | url | dateline | ...
  std::string title;
  std::string author;
  std::string language;    // "ar", "en", ... ("" when unknown)
  std::string format;      // txt | jsonl | html | rss | warc
  std::string origin;      // file path (and record) it was read from
  std::string text;        // ORIGINAL text, valid UTF-8; all spans point here
  Span body;               // the article proper inside text (page chrome outside it)
  std::vector<std::string> warnings;  // non-fatal problems met while reading it

  // --- text analysis ---
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;

  // --- extraction ---
  std::vector<Mention> mentions;
  std::vector<Timex> timexes;
  std::vector<NumberMention> numbers;
  std::vector<Quote> quotes;
  std::vector<Event> events;
  std::string event_type;  // main event, coarse list in DESIGN.md

  // --- stories ---
  std::string story;
  std::string duplicate_of;  // id of an earlier near-identical report, if any
};

}  // namespace marsad
