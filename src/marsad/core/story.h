// A story: the reports of one real-world event, as the clusterer keeps it.
#pragma once

#include <string>
#include <vector>

namespace marsad {

struct StoryRecord {
  std::string id;          // stable, e.g. "s000123"
  std::string title;
  std::string summary;
  std::string first_seen;  // ISO date of the earliest report (or event date)
  std::string last_seen;
  std::vector<std::string> articles;  // member article ids, in arrival order
  std::string state;       // the clusterer's opaque, versioned state for this story
};

}  // namespace marsad
