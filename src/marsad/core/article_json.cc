#include "marsad/core/article_json.h"

#include <cmath>
#include <limits>

namespace marsad {

using nlohmann::json;

namespace {

// ---------------------------------------------------------------- writing

json SpanJson(const Span& s) { return json::array({s.begin, s.end}); }

void PutStr(json& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}
void PutSpan(json& o, const char* key, const Span& s) {
  if (s.begin != 0 || s.end != 0) o[key] = SpanJson(s);
}
void PutStrings(json& o, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) o[key] = v;
}
void PutConfidence(json& o, float c) {
  if (c != 1.0f) o["confidence"] = c;
}

json MentionJson(const Mention& m) {
  json o = json::object();
  o["span"] = SpanJson(m.span);
  o["type"] = EntityTypeName(m.type);
  PutStr(o, "entity", m.entity);
  PutStr(o, "name", m.name);
  PutStr(o, "country", m.country);
  PutStr(o, "role", m.role);
  PutConfidence(o, m.confidence);
  return o;
}

json TimexJson(const Timex& t) {
  json o = json::object();
  o["span"] = SpanJson(t.span);
  PutStr(o, "value", t.value);
  PutStr(o, "kind", t.kind);
  if (t.relative) o["relative"] = true;
  return o;
}

json NumberJson(const NumberMention& n) {
  json o = json::object();
  o["span"] = SpanJson(n.span);
  o["value"] = n.value;  // NaN is written as null and read back as NaN
  PutStr(o, "what", n.what);
  PutStr(o, "qualifier", n.qualifier);
  if (n.acled_value) o["acled_value"] = *n.acled_value;
  PutStr(o, "unit", n.unit);
  return o;
}

json QuoteJson(const Quote& q) {
  json o = json::object();
  o["span"] = SpanJson(q.span);
  PutSpan(o, "speaker_span", q.speaker_span);
  PutSpan(o, "cue_span", q.cue_span);
  PutStr(o, "speaker", q.speaker);
  PutStr(o, "speaker_name", q.speaker_name);
  PutStr(o, "cue", q.cue);
  if (q.direct) o["direct"] = true;
  return o;
}

json EventJson(const Event& e) {
  json o = json::object();
  PutStr(o, "id", e.id);
  PutStr(o, "type", e.type);
  PutStr(o, "cameo", e.cameo);
  PutStr(o, "plover", e.plover);
  PutStr(o, "mode", e.mode);
  PutSpan(o, "trigger", e.trigger);
  PutStr(o, "source", e.source);
  PutStr(o, "target", e.target);
  PutStrings(o, "parties", e.parties);
  PutStrings(o, "mediators", e.mediators);
  PutStr(o, "location", e.location);
  PutStr(o, "date", e.date);
  PutStr(o, "effective", e.effective);
  if (e.killed) o["killed"] = *e.killed;
  PutStrings(o, "attributes", e.attributes);
  if (e.sentence != 0) o["sentence"] = e.sentence;
  PutConfidence(o, e.confidence);
  return o;
}

template <typename T, typename F>
void PutList(json& o, const char* key, const std::vector<T>& items, F to_json) {
  if (items.empty()) return;
  json a = json::array();
  for (const T& item : items) a.push_back(to_json(item));
  o[key] = std::move(a);
}

// ---------------------------------------------------------------- reading

// Reads typed fields out of JSON objects without throwing; the first
// problem is kept in `status` with the path of the offending field.
class Reader {
 public:
  Status status;

  bool Failed() const { return !status.ok(); }

  void Fail(const std::string& path, const char* expected) {
    if (status.ok()) status = DataLoss("article JSON: field '" + path + "' is not " + expected);
  }

  const json* Find(const json& o, const char* key) {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
  }

  void Str(const json& o, const char* key, std::string& out, const std::string& ctx) {
    const json* v = Find(o, key);
    if (!v) return;
    if (!v->is_string()) return Fail(ctx + key, "a string");
    out = v->get_ref<const std::string&>();
  }

  void Bool(const json& o, const char* key, bool& out, const std::string& ctx) {
    const json* v = Find(o, key);
    if (!v) return;
    if (!v->is_boolean()) return Fail(ctx + key, "a boolean");
    out = v->get<bool>();
  }

  // null stands for NaN (nlohmann writes non-finite numbers as null).
  bool DoubleValue(const json& v, double& out, const std::string& path) {
    if (v.is_null()) { out = std::numeric_limits<double>::quiet_NaN(); return true; }
    if (!v.is_number()) { Fail(path, "a number"); return false; }
    out = v.get<double>();
    return true;
  }

  void Double(const json& o, const char* key, double& out, const std::string& ctx) {
    const json* v = Find(o, key);
    if (v) DoubleValue(*v, out, ctx + key);
  }

  void OptDouble(const json& o, const char* key, std::optional<double>& out, const std::string& ctx) {
    const json* v = Find(o, key);
    if (!v) return;
    double d = 0;
    if (DoubleValue(*v, d, ctx + key)) out = d;
  }

  void Float(const json& o, const char* key, float& out, const std::string& ctx) {
    double d = out;
    Double(o, key, d, ctx);
    out = static_cast<float>(d);
  }

  bool U32Value(const json& v, uint32_t& out, const std::string& path) {
    if (v.is_number_unsigned() && v.get<uint64_t>() <= std::numeric_limits<uint32_t>::max()) {
      out = static_cast<uint32_t>(v.get<uint64_t>());
      return true;
    }
    if (v.is_number_integer() && v.get<int64_t>() >= 0 &&
        v.get<int64_t>() <= std::numeric_limits<uint32_t>::max()) {
      out = static_cast<uint32_t>(v.get<int64_t>());
      return true;
    }
    Fail(path, "an unsigned 32-bit integer");
    return false;
  }

  void U32(const json& o, const char* key, uint32_t& out, const std::string& ctx) {
    const json* v = Find(o, key);
    if (v) U32Value(*v, out, ctx + key);
  }

  void SpanField(const json& o, const char* key, Span& out, const std::string& ctx) {
    const json* v = Find(o, key);
    if (!v) return;
    const std::string path = ctx + key;
    if (!v->is_array() || v->size() != 2) return Fail(path, "a [begin, end] pair");
    Span s;
    if (!U32Value((*v)[0], s.begin, path) || !U32Value((*v)[1], s.end, path)) return;
    if (s.end < s.begin) return Fail(path, "a span with begin <= end");
    out = s;
  }

  void Strings(const json& o, const char* key, std::vector<std::string>& out, const std::string& ctx) {
    const json* v = Find(o, key);
    if (!v) return;
    if (!v->is_array()) return Fail(ctx + key, "an array of strings");
    std::vector<std::string> items;
    items.reserve(v->size());
    for (const json& s : *v) {
      if (!s.is_string()) return Fail(ctx + key, "an array of strings");
      items.push_back(s.get_ref<const std::string&>());
    }
    out = std::move(items);
  }

  // Reads an array of objects with `read(object, item, ctx)`.
  template <typename T, typename F>
  void List(const json& o, const char* key, std::vector<T>& out, F read) {
    const json* v = Find(o, key);
    if (!v) return;
    if (!v->is_array()) return Fail(key, "an array");
    std::vector<T> items(v->size());
    for (size_t i = 0; i < v->size() && !Failed(); ++i) {
      const std::string ctx = std::string(key) + "[" + std::to_string(i) + "].";
      if (!(*v)[i].is_object()) return Fail(ctx.substr(0, ctx.size() - 1), "an object");
      read((*v)[i], items[i], ctx);
    }
    if (!Failed()) out = std::move(items);
  }
};

void ReadMention(Reader& r, const json& o, Mention& m, const std::string& ctx) {
  r.SpanField(o, "span", m.span, ctx);
  std::string type;
  r.Str(o, "type", type, ctx);
  if (!type.empty()) {
    auto t = ParseEntityType(type);
    if (!t) return r.Fail(ctx + "type", "an entity type (PER ORG LOC GPE MISC)");
    m.type = *t;
  }
  r.Str(o, "entity", m.entity, ctx);
  r.Str(o, "name", m.name, ctx);
  r.Str(o, "country", m.country, ctx);
  r.Str(o, "role", m.role, ctx);
  r.Float(o, "confidence", m.confidence, ctx);
}

void ReadTimex(Reader& r, const json& o, Timex& t, const std::string& ctx) {
  r.SpanField(o, "span", t.span, ctx);
  r.Str(o, "value", t.value, ctx);
  r.Str(o, "kind", t.kind, ctx);
  r.Bool(o, "relative", t.relative, ctx);
}

void ReadNumber(Reader& r, const json& o, NumberMention& n, const std::string& ctx) {
  r.SpanField(o, "span", n.span, ctx);
  r.Double(o, "value", n.value, ctx);
  r.Str(o, "what", n.what, ctx);
  r.Str(o, "qualifier", n.qualifier, ctx);
  r.OptDouble(o, "acled_value", n.acled_value, ctx);
  r.Str(o, "unit", n.unit, ctx);
}

void ReadQuote(Reader& r, const json& o, Quote& q, const std::string& ctx) {
  r.SpanField(o, "span", q.span, ctx);
  r.SpanField(o, "speaker_span", q.speaker_span, ctx);
  r.SpanField(o, "cue_span", q.cue_span, ctx);
  r.Str(o, "speaker", q.speaker, ctx);
  r.Str(o, "speaker_name", q.speaker_name, ctx);
  r.Str(o, "cue", q.cue, ctx);
  r.Bool(o, "direct", q.direct, ctx);
}

void ReadEvent(Reader& r, const json& o, Event& e, const std::string& ctx) {
  r.Str(o, "id", e.id, ctx);
  r.Str(o, "type", e.type, ctx);
  r.Str(o, "cameo", e.cameo, ctx);
  r.Str(o, "plover", e.plover, ctx);
  r.Str(o, "mode", e.mode, ctx);
  r.SpanField(o, "trigger", e.trigger, ctx);
  r.Str(o, "source", e.source, ctx);
  r.Str(o, "target", e.target, ctx);
  r.Strings(o, "parties", e.parties, ctx);
  r.Strings(o, "mediators", e.mediators, ctx);
  r.Str(o, "location", e.location, ctx);
  r.Str(o, "date", e.date, ctx);
  r.Str(o, "effective", e.effective, ctx);
  r.OptDouble(o, "killed", e.killed, ctx);
  r.Strings(o, "attributes", e.attributes, ctx);
  r.Strings(o, "attributes", e.attributes, ctx);
  r.U32(o, "sentence", e.sentence, ctx);
  r.Float(o, "confidence", e.confidence, ctx);
}

Status CheckSpan(const Span& s, size_t size, const char* what, size_t index) {
  if (s.begin <= s.end && s.end <= size) return Status::Ok();
  return DataLoss(std::string(what) + "[" + std::to_string(index) + "] span [" + std::to_string(s.begin) +
                  ", " + std::to_string(s.end) + ") lies outside the text (" + std::to_string(size) +
                  " bytes)");
}

}  // namespace

json ArticleToJson(const Article& a, const ArticleJsonOptions& options) {
  json o = json::object();
  o["id"] = a.id;
  PutStr(o, "url", a.url);
  PutStr(o, "canonical_url", a.canonical_url);
  PutStr(o, "source", a.source);
  PutStr(o, "published", a.published);
  PutStr(o, "published_from", a.published_from);
  PutStr(o, "title", a.title);
  PutStr(o, "author", a.author);
  PutStr(o, "language", a.language);
  PutStr(o, "format", a.format);
  PutStr(o, "origin", a.origin);
  if (options.include_text) o["text"] = a.text;
  PutSpan(o, "body", a.body);
  PutStrings(o, "warnings", a.warnings);
  PutList(o, "mentions", a.mentions, MentionJson);
  PutList(o, "timexes", a.timexes, TimexJson);
  PutList(o, "numbers", a.numbers, NumberJson);
  PutList(o, "quotes", a.quotes, QuoteJson);
  PutList(o, "events", a.events, EventJson);
  PutStr(o, "event_type", a.event_type);
  PutStr(o, "story", a.story);
  PutStr(o, "duplicate_of", a.duplicate_of);
  return o;
}

std::string ArticleToJsonString(const Article& article, const ArticleJsonOptions& options) {
  // Replace, not throw, on invalid UTF-8: the text is valid by contract, but
  // a metadata field from a sloppy source must not abort a whole batch.
  return ArticleToJson(article, options).dump(-1, ' ', false, json::error_handler_t::replace);
}

Status ArticleFromJson(const json& j, Article* out) {
  if (!j.is_object()) return DataLoss("article JSON: expected an object");
  Reader r;
  Article& a = *out;
  const std::string top;
  r.Str(j, "id", a.id, top);
  r.Str(j, "url", a.url, top);
  r.Str(j, "canonical_url", a.canonical_url, top);
  r.Str(j, "source", a.source, top);
  r.Str(j, "published", a.published, top);
  r.Str(j, "published_from", a.published_from, top);
  r.Str(j, "title", a.title, top);
  r.Str(j, "author", a.author, top);
  r.Str(j, "language", a.language, top);
  r.Str(j, "format", a.format, top);
  r.Str(j, "origin", a.origin, top);
  r.Str(j, "text", a.text, top);
  r.SpanField(j, "body", a.body, top);
  r.Strings(j, "warnings", a.warnings, top);
  r.List(j, "mentions", a.mentions,
         [&](const json& o, Mention& m, const std::string& ctx) { ReadMention(r, o, m, ctx); });
  r.List(j, "timexes", a.timexes,
         [&](const json& o, Timex& t, const std::string& ctx) { ReadTimex(r, o, t, ctx); });
  r.List(j, "numbers", a.numbers,
         [&](const json& o, NumberMention& n, const std::string& ctx) { ReadNumber(r, o, n, ctx); });
  r.List(j, "quotes", a.quotes,
         [&](const json& o, Quote& q, const std::string& ctx) { ReadQuote(r, o, q, ctx); });
  r.List(j, "events", a.events,
         [&](const json& o, Event& e, const std::string& ctx) { ReadEvent(r, o, e, ctx); });
  r.Str(j, "event_type", a.event_type, top);
  r.Str(j, "story", a.story, top);
  r.Str(j, "duplicate_of", a.duplicate_of, top);
  if (r.Failed()) return r.status;
  Status spans = ValidateSpans(a);
  if (!spans.ok()) return spans.WithContext("article JSON");
  return Status::Ok();
}

Status ArticleFromJsonString(std::string_view s, Article* out) {
  json j = json::parse(s.begin(), s.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return DataLoss("article JSON: not valid JSON");
  return ArticleFromJson(j, out);
}

Status ValidateSpans(const Article& a) {
  const size_t n = a.text.size();
  RETURN_IF_ERROR(CheckSpan(a.body, n, "body", 0));
  for (size_t i = 0; i < a.mentions.size(); ++i) RETURN_IF_ERROR(CheckSpan(a.mentions[i].span, n, "mentions", i));
  for (size_t i = 0; i < a.timexes.size(); ++i) RETURN_IF_ERROR(CheckSpan(a.timexes[i].span, n, "timexes", i));
  for (size_t i = 0; i < a.numbers.size(); ++i) RETURN_IF_ERROR(CheckSpan(a.numbers[i].span, n, "numbers", i));
  for (size_t i = 0; i < a.quotes.size(); ++i) {
    RETURN_IF_ERROR(CheckSpan(a.quotes[i].span, n, "quotes", i));
    RETURN_IF_ERROR(CheckSpan(a.quotes[i].speaker_span, n, "quotes.speaker_span", i));
    RETURN_IF_ERROR(CheckSpan(a.quotes[i].cue_span, n, "quotes.cue_span", i));
  }
  for (size_t i = 0; i < a.events.size(); ++i) RETURN_IF_ERROR(CheckSpan(a.events[i].trigger, n, "events.trigger", i));
  for (size_t i = 0; i < a.tokens.size(); ++i) RETURN_IF_ERROR(CheckSpan(a.tokens[i].span, n, "tokens", i));
  for (size_t i = 0; i < a.sentences.size(); ++i) RETURN_IF_ERROR(CheckSpan(a.sentences[i].span, n, "sentences", i));
  return Status::Ok();
}

}  // namespace marsad
