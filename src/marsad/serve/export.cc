#include "marsad/serve/export.h"

#include <map>

#include "marsad/core/utf8.h"
#include "marsad/stories/story_view.h"

namespace marsad::serve {

namespace {

using Json = nlohmann::ordered_json;

const std::map<std::string, std::vector<std::string>>& Columns() {
  static const auto* columns = new std::map<std::string, std::vector<std::string>>{
      {"articles", {"id", "url", "source", "published", "title", "text", "story", "event_type"}},
      {"stories", {"story", "articles", "title", "first_seen", "last_seen", "summary"}},
      {"mentions", {"article", "start", "end", "surface", "type", "entity", "name"}},
      {"timexes", {"article", "start", "end", "surface", "value"}},
      {"numbers", {"article", "start", "end", "surface", "value", "what"}},
      {"quotes", {"article", "start", "end", "text", "speaker", "speaker_name"}},
      {"ceasefires", {"story", "parties", "declared_by", "kind", "mediators", "declared", "effective", "purpose",
                      "provisions", "status", "status_history", "sources"}},
      {"claims", {"story", "what", "value", "source", "article", "said_by", "said_for", "date"}},
      {"events", {"article", "id", "type", "cameo", "plover", "mode", "trigger", "source", "target",
                  "parties", "mediators", "location", "date", "effective", "killed"}},
      // Not in DESIGN.md's contract (nor in `--what all`): every input an
      // article arrived from (page, feed item, WARC record ...).
      {"sources", {"article", "url", "source", "format", "path", "first_seen"}},
  };
  return *columns;
}

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json SpanRow(const Article& a, const utf8::CodepointIndex& cps, const Span& span) {
  Json row;
  row["article"] = a.id;
  row["start"] = cps.ToCodepoint(span.begin);
  row["end"] = cps.ToCodepoint(span.end);
  return row;
}

// GDELT 2.0 event table columns we can fill; the rest stay empty.
const std::vector<std::string>& GdeltColumns() {
  static const auto* cols = new std::vector<std::string>{
      "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code", "Actor1Name",
      "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
      "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code", "Actor2Code",
      "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
      "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
      "Actor2Type3Code", "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
      "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone", "Actor1Geo_Type",
      "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
      "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID", "Actor2Geo_Type", "Actor2Geo_FullName",
      "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code", "Actor2Geo_Lat",
      "Actor2Geo_Long", "Actor2Geo_FeatureID", "ActionGeo_Type", "ActionGeo_FullName",
      "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code", "ActionGeo_Lat",
      "ActionGeo_Long", "ActionGeo_FeatureID", "DATEADDED", "SOURCEURL"};
  return *cols;
}

int QuadClass(const std::string& cameo) {
  if (cameo.size() < 2) return 0;
  int root = std::atoi(cameo.substr(0, 2).c_str());
  if (root <= 5) return 1;   // verbal cooperation
  if (root <= 8) return 2;   // material cooperation
  if (root <= 13) return 3;  // verbal conflict
  return 4;                  // material conflict
}

std::string Digits(const std::string& iso_date) {
  std::string d;
  for (char c : iso_date.substr(0, 10))
    if (c >= '0' && c <= '9') d.push_back(c);
  return d;
}

void WriteGdeltRow(const Article& a, const Event& e, uint64_t id, std::ostream& out) {
  std::vector<std::string> v(GdeltColumns().size());
  std::string date = !e.date.empty() ? e.date : a.published;
  std::string ymd = Digits(date);
  v[0] = std::to_string(id);
  if (ymd.size() == 8) {
    v[1] = ymd;
    v[2] = ymd.substr(0, 6);
    v[3] = ymd.substr(0, 4);
  }
  v[5] = e.source;
  v[6] = e.source;
  if (e.source.size() == 3) v[7] = e.source;
  v[15] = e.target;
  v[16] = e.target;
  if (e.target.size() == 3) v[17] = e.target;
  v[25] = "1";
  v[26] = e.cameo;
  v[27] = e.cameo.substr(0, std::min<size_t>(3, e.cameo.size()));
  v[28] = e.cameo.substr(0, std::min<size_t>(2, e.cameo.size()));
  v[29] = std::to_string(QuadClass(e.cameo));
  v[31] = "1";
  v[32] = "1";
  v[33] = "1";
  v[52] = e.location;
  v[59] = ymd;
  v[60] = a.url;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out << '\t';
    for (char c : v[i]) out << ((c == '\t' || c == '\n') ? ' ' : c);
  }
  out << '\n';
}

void WriteRow(const Json& row, const std::vector<std::string>& cols, ExportFormat format, std::ostream& out) {
  if (format == ExportFormat::kJsonl) {
    out << row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return;
  }
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i) out << ',';
    auto it = row.find(cols[i]);
    out << (it == row.end() ? std::string() : CsvCell(*it));
  }
  out << "\r\n";
}

}  // namespace

const std::vector<std::string>& ExportTables() {
  static const auto* tables = new std::vector<std::string>{"articles", "stories", "mentions", "timexes",
                                                           "numbers", "quotes", "events", "ceasefires", "claims"};
  return *tables;
}

StatusOr<std::vector<std::string>> ExportColumns(const std::string& what) {
  auto it = Columns().find(what);
  if (it == Columns().end()) {
    std::string known;
    for (const auto& t : ExportTables()) known += (known.empty() ? "" : ", ") + t;
    return InvalidArgument("unknown table '" + what + "' (known: " + known + ")");
  }
  return it->second;
}

std::string CsvCell(const Json& v) {
  std::string s;
  if (v.is_null()) return "";
  if (v.is_string()) s = v.get<std::string>();
  else if (v.is_array()) {
    for (const auto& x : v) {
      if (!s.empty()) s += "; ";
      s += x.is_string() ? x.get<std::string>() : x.dump();
    }
  } else if (v.is_object() && v.contains("surface")) s = v["surface"].get<std::string>();
  else s = v.dump();
  bool quote = s.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

Json StoryRow(const StoryRecord& s) {
  Json row;
  row["story"] = s.id;
  row["articles"] = s.articles;
  row["title"] = s.title;
  row["first_seen"] = NullIfEmpty(s.first_seen);
  row["last_seen"] = NullIfEmpty(s.last_seen);
  row["summary"] = s.summary;
  return row;
}

std::vector<Json> ArticleTableRows(const Article& a, const std::string& what) {
  std::vector<Json> rows;
  if (what == "articles") {
    Json row;
    row["id"] = a.id;
    row["url"] = NullIfEmpty(a.url);
    row["source"] = a.source;
    row["published"] = NullIfEmpty(a.published);
    row["title"] = a.title;
    row["text"] = a.text;
    row["story"] = NullIfEmpty(a.story);
    row["event_type"] = NullIfEmpty(a.event_type);
    rows.push_back(std::move(row));
    return rows;
  }
  utf8::CodepointIndex cps(a.text);
  if (what == "mentions") {
    for (const auto& m : a.mentions) {
      Json row = SpanRow(a, cps, m.span);
      row["surface"] = std::string(m.span.In(a.text));
      row["type"] = EntityTypeName(m.type);
      row["entity"] = NullIfEmpty(m.entity);
      row["name"] = NullIfEmpty(m.name);
      rows.push_back(std::move(row));
    }
  } else if (what == "timexes") {
    for (const auto& t : a.timexes) {
      Json row = SpanRow(a, cps, t.span);
      row["surface"] = std::string(t.span.In(a.text));
      row["value"] = NullIfEmpty(t.value);
      rows.push_back(std::move(row));
    }
  } else if (what == "numbers") {
    for (const auto& n : a.numbers) {
      Json row = SpanRow(a, cps, n.span);
      row["surface"] = std::string(n.span.In(a.text));
      if (n.value == static_cast<double>(static_cast<int64_t>(n.value))) row["value"] = static_cast<int64_t>(n.value);
      else row["value"] = n.value;
      row["what"] = n.what;
      rows.push_back(std::move(row));
    }
  } else if (what == "quotes") {
    for (const auto& q : a.quotes) {
      Json row = SpanRow(a, cps, q.span);
      row["text"] = std::string(q.span.In(a.text));
      row["speaker"] = NullIfEmpty(q.speaker);
      row["speaker_name"] = NullIfEmpty(q.speaker_name);
      rows.push_back(std::move(row));
    }
  } else if (what == "events") {
    for (const auto& e : a.events) {
      Json row;
      row["article"] = a.id;
      row["id"] = e.id;
      row["type"] = e.type;
      row["cameo"] = NullIfEmpty(e.cameo);
      row["plover"] = NullIfEmpty(e.plover);
      row["mode"] = e.mode;
      Json trig;
      trig["start"] = cps.ToCodepoint(e.trigger.begin);
      trig["end"] = cps.ToCodepoint(e.trigger.end);
      trig["surface"] = std::string(e.trigger.In(a.text));
      row["trigger"] = trig;
      row["source"] = NullIfEmpty(e.source);
      row["target"] = NullIfEmpty(e.target);
      row["parties"] = e.parties;
      row["mediators"] = e.mediators;
      row["location"] = NullIfEmpty(e.location);
      row["date"] = NullIfEmpty(e.date);
      row["effective"] = NullIfEmpty(e.effective);
      row["killed"] = e.killed ? Json(*e.killed) : Json(nullptr);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

StatusOr<StoredStory> LoadStory(store::Store& store, const StoryRecord& record) {
  StoredStory loaded;
  loaded.record = record;
  loaded.articles.reserve(record.articles.size());
  for (const auto& id : record.articles) {
    ASSIGN_OR_RETURN(auto a, store.GetArticle(id));
    if (a) loaded.articles.push_back(std::move(*a));
  }
  return loaded;
}

Status Export(store::Store& store, const std::string& what, ExportFormat format, std::ostream& out) {
  if (format == ExportFormat::kGdelt) {
    if (what != "events") return InvalidArgument("--format gdelt is for --what events only");
    uint64_t id = 0;
    Status st = store.ForEachArticle([&](const Article& a) {
      for (const auto& e : a.events) WriteGdeltRow(a, e, ++id, out);
      return bool(out);
    });
    RETURN_IF_ERROR(st);
    return out ? Status::Ok() : IoError("write failed");
  }
  ASSIGN_OR_RETURN(std::vector<std::string> cols, ExportColumns(what));
  if (format == ExportFormat::kCsv) {
    for (size_t i = 0; i < cols.size(); ++i) out << (i ? "," : "") << cols[i];
    out << "\r\n";
  }
  if (what == "stories") {
    ASSIGN_OR_RETURN(auto stories, store.ListStories());
    for (const auto& s : stories) WriteRow(StoryRow(s), cols, format, out);
  } else if (what == "ceasefires" || what == "claims") {
    ASSIGN_OR_RETURN(auto stories, store.ListStories());
    for (const auto& s : stories) {
      ASSIGN_OR_RETURN(StoredStory loaded, LoadStory(store, s));
      std::vector<const Article*> ptrs;
      for (const auto& a : loaded.articles) ptrs.push_back(&a);
      stories::StoryAnalysis analysis = stories::AnalyzeStory(s, ptrs);
      if (what == "ceasefires") {
        for (const auto& c : analysis.ceasefires) WriteRow(Json::parse(stories::CeasefireRow(s.id, c).dump()), cols, format, out);
      } else {
        for (const auto& c : analysis.claims) WriteRow(Json::parse(stories::ClaimRow(s.id, c).dump()), cols, format, out);
      }
    }
  } else if (what == "sources") {
    Status listed = Status::Ok();
    Status st = store.ForEachArticle([&](const Article& a) {
      auto sources = store.ListSources(a.id);
      if (!sources.ok()) return (listed = sources.status()), false;
      for (const auto& src : *sources)
        WriteRow(Json{{"article", src.article}, {"url", src.url}, {"source", src.source}, {"format", src.format},
                      {"path", src.path}, {"first_seen", src.first_seen}},
                 cols, format, out);
      return bool(out);
    });
    RETURN_IF_ERROR(st);
    RETURN_IF_ERROR(listed);
  } else {
    Status st = store.ForEachArticle([&](const Article& a) {
      for (const auto& row : ArticleTableRows(a, what)) WriteRow(row, cols, format, out);
      return bool(out);
    });
    RETURN_IF_ERROR(st);
  }
  out.flush();
  return out ? Status::Ok() : IoError("write failed (disk full?)");
}

}  // namespace marsad::serve
