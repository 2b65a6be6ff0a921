// Alert rules and their evaluation over the stories a polling cycle touched.
//
// Rules file: JSON lines ('#' comment lines and blank lines ignored), one
// rule an object:
//   {"rule": "new_ceasefire_story"}
//   {"rule": "ceasefire_status_change"}
//   {"rule": "mentions", "entities": ["Q399"], "countries": ["ARM", "AZE"]}
//   {"rule": "claims_disagree", "factor": 2.0}
//   {"webhook": "http://127.0.0.1:9000/hook"}
// A rule may carry "name" (default: its kind); the name is part of the
// dedup key, so two differently named rules of one kind alert separately.
// Pure functions: thread-safe.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "marsad/core/article.h"
#include "marsad/core/status.h"
#include "marsad/core/story.h"
#include "marsad/stories/story_view.h"

namespace marsad::watch {

struct AlertRule {
  std::string name;
  std::string kind;  // new_ceasefire_story | ceasefire_status_change | mentions | claims_disagree
  std::vector<std::string> entities;
  std::vector<std::string> countries;
  double factor = 2.0;
};

struct AlertRules {
  std::vector<AlertRule> rules;
  std::string webhook;  // "" = log only
};

StatusOr<AlertRules> ParseAlertRules(std::string_view text, const std::string& name);
StatusOr<AlertRules> ReadAlertRules(const std::string& path);

struct Alert {
  std::string key;      // rule \t story \t change: sent once
  nlohmann::json json;  // {rule, kind, story, title, change, sources, articles, detail}
};

// A ceasefire record's identity within its story (sorted parties).
std::string CeasefireKey(const stories::CeasefireRecord& c, size_t index);

// Alerts of `rules` for one story. `previous_status(ceasefire_key)` gives
// the status last seen ("" = never); `seen_status(key, status)` is told the
// current one, for the next cycle.
std::vector<Alert> EvaluateRules(const AlertRules& rules, const StoryRecord& story,
                                 const std::vector<const Article*>& articles,
                                 const stories::StoryAnalysis& analysis,
                                 const std::function<std::string(const std::string&)>& previous_status,
                                 const std::function<void(const std::string&, const std::string&)>& seen_status);

}  // namespace marsad::watch
