#include "marsad/core/iso_date.h"

namespace marsad {

int YearOfIso(std::string_view v) {
  if (v.size() < 4) return 0;
  int y = 0;
  for (int i = 0; i < 4; ++i) {
    if (v[i] < '0' || v[i] > '9') return 0;
    y = y * 10 + (v[i] - '0');
  }
  return y;
}

}  // namespace marsad
