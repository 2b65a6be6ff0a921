// A robots.txt, reduced to what marsad obeys: the Allow/Disallow rules of the
// group for "marsad" (or, when there is none, for "*"). Longest matching
// rule wins; Allow wins a tie. '*' in a rule matches any run of characters
// and a trailing '$' anchors it. Immutable after Parse: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace marsad::watch {

class RobotsRules {
 public:
  // Parses the text of a robots.txt for the agent token `agent` ("marsad").
  static RobotsRules Parse(std::string_view text, std::string_view agent = "marsad");
  // An empty rule set: everything is allowed (no robots.txt, 4xx).
  static RobotsRules AllowAll() { return {}; }
  // A site whose robots.txt could not be read for a server error: nothing
  // is fetched this run (RFC 9309 §2.3.1.4).
  static RobotsRules DisallowAll();

  // `path` is the URL path plus query ("/a/b?x=1").
  bool Allowed(std::string_view path) const;

 private:
  struct Rule {
    std::string pattern;
    bool allow = false;
  };
  std::vector<Rule> rules_;
};

}  // namespace marsad::watch
