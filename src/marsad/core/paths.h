// Where marsad finds its own resources (data/kb, data/lexicons, data/models).
#pragma once

#include <string>

namespace marsad {

// $MARSAD_DATA if set, else the source tree's data/ compiled in at build
// time, else "data" relative to the working directory.
std::string DataDir();

}  // namespace marsad
