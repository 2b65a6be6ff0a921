// Human-readable and JSON renderings of one analyzed article, shared by
// `marsad analyze` and `marsad show`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "marsad/core/article.h"

namespace marsad::cli {

// Everything marsad knows of the article; offsets in code points.
nlohmann::ordered_json ArticleAnalysisJson(const Article& a, bool with_tokens);

// A readable report: metadata, then each extraction with its surface.
std::string ArticleReport(const Article& a);

}  // namespace marsad::cli
