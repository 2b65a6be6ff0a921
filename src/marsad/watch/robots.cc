#include "marsad/watch/robots.h"

#include <algorithm>
#include <cctype>

namespace marsad::watch {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Does `pattern` (with '*' and a final '$') match a prefix of `path`?
bool Match(std::string_view pattern, std::string_view path) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Iterative wildcard match with backtracking over the last '*'.
  size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (true) {
    if (p == pattern.size()) {
      if (!anchored || s == path.size()) return true;
      if (star == std::string_view::npos) return false;
      p = star + 1;
      s = ++mark;
      if (s > path.size()) return false;
      continue;
    }
    if (pattern[p] == '*') {
      star = p++;
      mark = s;
      continue;
    }
    if (s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos) return false;
    p = star + 1;
    s = ++mark;
    if (s > path.size()) return false;
  }
}

}  // namespace

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules r;
  r.rules_.push_back({"/", false});
  return r;
}

RobotsRules RobotsRules::Parse(std::string_view text, std::string_view agent) {
  // Groups: one or more User-agent lines followed by rules. Rules of every
  // group naming `agent` are merged; so are those of '*' (used only when no
  // group names the agent).
  std::vector<Rule> mine, star;
  bool have_mine = false;
  std::vector<std::string> group_agents;
  bool in_rules = false;
  const std::string me = Lower(agent);
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      if (end == text.size()) break;
      continue;
    }
    std::string key = Lower(Trim(line.substr(0, colon)));
    std::string_view value = Trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (in_rules) group_agents.clear();
      in_rules = false;
      group_agents.push_back(Lower(value));
    } else if (key == "allow" || key == "disallow") {
      in_rules = true;
      if (value.empty()) continue;  // "Disallow:" allows everything
      Rule r{std::string(value), key == "allow"};
      for (const auto& a : group_agents) {
        if (a == "*") star.push_back(r);
        else if (!a.empty() && me.find(a) != std::string::npos) {
          mine.push_back(r);
          have_mine = true;
        }
      }
    }
    if (end == text.size()) break;
  }
  RobotsRules out;
  out.rules_ = have_mine ? std::move(mine) : std::move(star);
  return out;
}

bool RobotsRules::Allowed(std::string_view path) const {
  if (path.empty()) path = "/";
  if (path == "/robots.txt") return true;
  size_t best_len = 0;
  bool allowed = true, found = false;
  for (const auto& r : rules_) {
    if (!Match(r.pattern, path)) continue;
    if (!found || r.pattern.size() > best_len || (r.pattern.size() == best_len && r.allow)) {
      best_len = r.pattern.size();
      allowed = r.allow;
      found = true;
    }
  }
  return allowed;
}

}  // namespace marsad::watch
