#include "marsad/watch/alerts.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace marsad::watch {
namespace {

using Json = nlohmann::json;

const std::set<std::string>& Kinds() {
  static const std::set<std::string> k = {"new_ceasefire_story", "ceasefire_status_change", "mentions",
                                          "claims_disagree"};
  return k;
}

std::vector<std::string> Strings(const Json& j, const char* key, const std::string& where, Status& st) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j[key].is_array()) {
    st = InvalidArgument(where + std::string("'") + key + "' must be an array of strings");
    return out;
  }
  for (const auto& v : j[key]) {
    if (!v.is_string()) {
      st = InvalidArgument(where + std::string("'") + key + "' must be an array of strings");
      return out;
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Json Base(const AlertRule& r, const StoryRecord& story, const std::string& title, const std::string& change) {
  Json j;
  j["rule"] = r.name;
  j["kind"] = r.kind;
  j["story"] = story.id;
  j["title"] = title.empty() ? story.title : title;
  j["change"] = change;
  return j;
}

std::string Fmt(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

}  // namespace

StatusOr<AlertRules> ParseAlertRules(std::string_view text, const std::string& name) {
  AlertRules out;
  std::set<std::string> names;
  size_t pos = 0;
  int line_no = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || line[first] == '#') continue;
    const std::string where = name + ":" + std::to_string(line_no) + ": ";
    Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return InvalidArgument(where + "not a JSON object");
    if (j.contains("webhook")) {
      if (!j["webhook"].is_string()) return InvalidArgument(where + "'webhook' must be a URL string");
      out.webhook = j["webhook"].get<std::string>();
      if (out.webhook.rfind("http://", 0) != 0 && out.webhook.rfind("https://", 0) != 0)
        return InvalidArgument(where + "webhook must be an http(s) URL");
      if (!j.contains("rule")) continue;
    }
    if (!j.contains("rule") || !j["rule"].is_string()) return InvalidArgument(where + "missing \"rule\"");
    AlertRule r;
    r.kind = j["rule"].get<std::string>();
    if (!Kinds().count(r.kind))
      return InvalidArgument(where + "unknown rule '" + r.kind +
                             "' (new_ceasefire_story, ceasefire_status_change, mentions, claims_disagree)");
    r.name = j.value("name", r.kind);
    if (!names.insert(r.name).second) return InvalidArgument(where + "two rules named '" + r.name + "'");
    Status st;
    r.entities = Strings(j, "entities", where, st);
    r.countries = Strings(j, "countries", where, st);
    if (!st.ok()) return st;
    if (r.kind == "mentions" && r.entities.empty() && r.countries.empty())
      return InvalidArgument(where + "a mentions rule needs \"entities\" or \"countries\"");
    if (j.contains("factor")) {
      if (!j["factor"].is_number() || j["factor"].get<double>() <= 1.0)
        return InvalidArgument(where + "'factor' must be a number above 1");
      r.factor = j["factor"].get<double>();
    }
    out.rules.push_back(std::move(r));
  }
  return out;
}

StatusOr<AlertRules> ReadAlertRules(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return IoError("cannot read alert rules " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ParseAlertRules(ss.str(), path);
}

std::string CeasefireKey(const stories::CeasefireRecord& c, size_t index) {
  std::vector<std::string> parties = c.parties;
  std::sort(parties.begin(), parties.end());
  std::string key;
  for (const auto& p : parties) key += (key.empty() ? "" : "+") + p;
  return key.empty() ? "ceasefire#" + std::to_string(index + 1) : key;
}

std::vector<Alert> EvaluateRules(const AlertRules& rules, const StoryRecord& story,
                                 const std::vector<const Article*>& articles,
                                 const stories::StoryAnalysis& analysis,
                                 const std::function<std::string(const std::string&)>& previous_status,
                                 const std::function<void(const std::string&, const std::string&)>& seen_status) {
  std::vector<Alert> out;
  auto add = [&](const AlertRule& r, const std::string& change, Json detail, std::vector<std::string> sources,
                 std::vector<std::string> arts) {
    Alert a;
    a.key = r.name + "\t" + story.id + "\t" + change;
    a.json = Base(r, story, analysis.title, change);
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    a.json["sources"] = sources;
    a.json["articles"] = arts;
    a.json["detail"] = std::move(detail);
    out.push_back(std::move(a));
  };
  std::map<std::string, std::string> before;  // ceasefire key -> previous status
  for (size_t i = 0; i < analysis.ceasefires.size(); ++i) {
    const std::string k = CeasefireKey(analysis.ceasefires[i], i);
    before[k] = previous_status(k);
  }
  for (const auto& r : rules.rules) {
    if (r.kind == "new_ceasefire_story") {
      for (size_t i = 0; i < analysis.ceasefires.size(); ++i) {
        const auto& c = analysis.ceasefires[i];
        const std::string k = CeasefireKey(c, i);
        add(r, "ceasefire " + k, stories::CeasefireRow(story.id, c), c.sources, story.articles);
      }
    } else if (r.kind == "ceasefire_status_change") {
      for (size_t i = 0; i < analysis.ceasefires.size(); ++i) {
        const auto& c = analysis.ceasefires[i];
        const std::string k = CeasefireKey(c, i);
        const std::string& prev = before[k];
        if (prev.empty() || prev == c.status) continue;
        std::vector<std::string> srcs = c.status_history.empty() ? c.sources : c.status_history.back().sources;
        std::vector<std::string> arts = c.status_history.empty() ? story.articles : c.status_history.back().articles;
        add(r, "ceasefire " + k + ": " + prev + " -> " + c.status, stories::CeasefireRow(story.id, c), srcs, arts);
      }
    } else if (r.kind == "mentions") {
      std::set<std::string> hit;
      std::vector<std::string> srcs, arts;
      for (const Article* a : articles) {
        bool in = false;
        for (const auto& m : a->mentions) {
          for (const auto& e : r.entities)
            if (m.entity == e) { hit.insert(e); in = true; }
          for (const auto& c : r.countries)
            if (m.country == c) { hit.insert(c); in = true; }
        }
        if (in) {
          srcs.push_back(a->source);
          arts.push_back(a->id);
        }
      }
      if (hit.empty()) continue;
      std::string what;
      for (const auto& h : hit) what += (what.empty() ? "" : ",") + h;
      add(r, "mentions " + what, Json{{"matched", std::vector<std::string>(hit.begin(), hit.end())}}, srcs, arts);
    } else if (r.kind == "claims_disagree") {
      std::map<std::string, std::vector<const stories::Claim*>> by_what;
      for (const auto& c : analysis.claims)
        if (c.value > 0) by_what[c.what].push_back(&c);
      for (const auto& [what, claims] : by_what) {
        auto [lo, hi] = std::minmax_element(claims.begin(), claims.end(),
                                            [](const auto* a, const auto* b) { return a->value < b->value; });
        if ((*hi)->value <= (*lo)->value * r.factor) continue;
        Json detail = Json::array();
        std::vector<std::string> srcs, arts;
        for (const auto* c : claims) {
          detail.push_back(stories::ClaimRow(story.id, *c));
          srcs.push_back(c->source);
          arts.push_back(c->article);
        }
        add(r, "claims " + what + " " + Fmt((*lo)->value) + " vs " + Fmt((*hi)->value), detail, srcs, arts);
      }
    }
  }
  {
    for (size_t i = 0; i < analysis.ceasefires.size(); ++i)
      seen_status(CeasefireKey(analysis.ceasefires[i], i), analysis.ceasefires[i].status);
  }
  return out;
}

}  // namespace marsad::watch
