#include "marsad/core/article.h"

namespace marsad {

const char* EntityTypeName(EntityType t) {
  switch (t) {
    case EntityType::kPER: return "PER";
    case EntityType::kORG: return "ORG";
    case EntityType::kLOC: return "LOC";
    case EntityType::kGPE: return "GPE";
    case EntityType::kMISC: return "MISC";
  }
  return "MISC";
}

std::optional<EntityType> ParseEntityType(std::string_view s) {
  if (s == "PER" || s == "PERS") return EntityType::kPER;
  if (s == "ORG") return EntityType::kORG;
  if (s == "LOC") return EntityType::kLOC;
  if (s == "GPE") return EntityType::kGPE;
  if (s == "MISC") return EntityType::kMISC;
  return std::nullopt;
}

}  // namespace marsad
