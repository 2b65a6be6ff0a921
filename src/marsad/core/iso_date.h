// Small readers of ISO-8601 date values ("2020-10-10", "2020-10", "2020")
// as the extractors and the story view store them. Pure functions; thread-safe.
#pragma once

#include <string_view>

namespace marsad {

// Year of an ISO value ("2020-10-10" -> 2020): its first four characters when
// they are all digits, else 0 (shorter, empty, or not a year, e.g. "PXD").
int YearOfIso(std::string_view v);

}  // namespace marsad
