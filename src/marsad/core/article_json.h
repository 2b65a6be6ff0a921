// Article <-> JSON: the lossless internal serialization the store keeps per
// article (metadata, body span, mentions, timexes, numbers, quotes, events,
// event type, story, duplicate, warnings). Tokens and sentences are NOT
// serialized: they are recomputed from the text (text::Analyze).
//
// Offsets stay BYTES into Article::text (this is internal, not an export).
// Spans are written as [begin, end] pairs; fields equal to their default are
// omitted, so absent means default. Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "marsad/core/article.h"
#include "marsad/core/status.h"

namespace marsad {

struct ArticleJsonOptions {
  bool include_text = true;  // the store keeps the text in its own column
};

nlohmann::json ArticleToJson(const Article& article, const ArticleJsonOptions& options = {});
std::string ArticleToJsonString(const Article& article, const ArticleJsonOptions& options = {});

// Fills `out` from `j`. Fields absent from `j` keep the value they have in
// `out` (so a caller can pre-fill text and metadata kept elsewhere). Never
// throws: a value of the wrong type, or a span outside out->text, gives
// kDataLoss naming the field.
Status ArticleFromJson(const nlohmann::json& j, Article* out);
Status ArticleFromJsonString(std::string_view s, Article* out);

// Checks every span of `article` (body, mentions, timexes, numbers, quotes,
// event triggers, tokens, sentences) lies inside article.text.
Status ValidateSpans(const Article& article);

}  // namespace marsad
