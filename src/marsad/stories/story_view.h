// The story as an analyst reads it: a title and an extractive summary that
// do not repeat themselves, a dated timeline of the reported events, the
// record of each ceasefire (who declared it, with whom, through whom, when it
// starts, its purpose and terms, and its status history with the sources that
// said so), and the figures each source claimed, side by side, never averaged.
//
// AnalyzeStory is a pure function of the story and its analysed articles
// (events, numbers, quotes, mentions filled in); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "marsad/core/article.h"
#include "marsad/core/story.h"

namespace marsad::stories {

struct TimelineEntry {
  std::string date;     // ISO date ("" when unknown)
  std::string type;     // event type (taxonomy in DESIGN.md)
  std::string mode;     // asserted | future | ...
  std::string text;     // the sentence that reports it (first source)
  std::vector<std::string> articles;
  std::vector<std::string> sources;  // outlets
};

struct StatusStep {
  std::string status;   // proposed | agreed | declared | in_effect | extended | violated | collapsed
  std::string date;
  std::vector<std::string> sources;   // outlets that reported it
  std::vector<std::string> articles;
};

struct CeasefireRecord {
  std::vector<std::string> parties;
  std::vector<std::string> declared_by;
  std::string kind;     // unilateral | bilateral | multilateral
  std::vector<std::string> mediators;
  std::string declared;   // ISO date of the first report of the agreement/declaration
  std::string effective;  // ISO start time as the reports give it
  std::string purpose;    // humanitarian | peace_process | holiday | ...
  std::vector<std::string> provisions;
  std::string status;     // the latest step
  std::vector<StatusStep> status_history;
  std::vector<std::string> sources;
  std::vector<std::string> violence_before;  // article ids reporting fighting before it
  std::vector<std::string> violence_after;   // ... and after it was declared
};

struct Claim {
  std::string what;      // killed | wounded | civilians_killed | soldiers_killed | prisoners | hostages
  double value = 0;
  std::string qualifier; // approx | more_than | at_least ...
  std::string surface;   // as written
  std::string source;    // outlet
  std::string article;
  std::string said_by;   // who the article attributes the figure to ("" = the outlet itself)
  std::string said_for;  // the organisation that speaker speaks for, when the text names it
                         // ("المفوضة السامية ... في الأمم المتحدة ميشيل باشيليت" -> United Nations)
  std::string date;
};

struct StoryAnalysis {
  std::string title;
  std::string summary;
  std::vector<TimelineEntry> timeline;
  std::vector<CeasefireRecord> ceasefires;
  std::vector<Claim> claims;
};

StoryAnalysis AnalyzeStory(const StoryRecord& story, const std::vector<const Article*>& articles);
// Only the title and summary of AnalyzeStory (the same ones), without the
// timeline, ceasefires and claims: what ingest needs for every story a batch
// changes.
StoryAnalysis DescribeStory(const StoryRecord& story, const std::vector<const Article*>& articles);
// Only the ceasefire records of AnalyzeStory (the same ones): they read the
// articles' events, dates and outlets, never their text, so the articles
// need not be tokenized (the server's catalog takes each story's status
// from here).
std::vector<CeasefireRecord> CeasefireRecords(const std::vector<const Article*>& articles);

// Export rows (DESIGN.md, "Export contract"): ceasefires and claims.
nlohmann::json CeasefireRow(const std::string& story, const CeasefireRecord& c);
nlohmann::json ClaimRow(const std::string& story, const Claim& c);

}  // namespace marsad::stories
