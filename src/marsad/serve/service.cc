#include "marsad/serve/service.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "marsad/core/paths.h"
#include "marsad/core/utf8.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/ingest/jsonl_reader.h"
#include "marsad/pipeline/analyzer.h"
#include "marsad/pipeline/ingestor.h"
#include "marsad/serve/export.h"
#include "marsad/store/store.h"
#include "marsad/stories/story_view.h"
#include "marsad/watch/state.h"
#include "marsad/watch/watcher.h"

namespace marsad::serve {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Private-use code points: cannot occur in news text, so they survive
// escaping and become <mark> tags afterwards.
const std::string kMarkBegin = "\xEE\x80\x80";  // U+E000
const std::string kMarkEnd = "\xEE\x80\x81";    // U+E001
constexpr size_t kMaxQueryBytes = 1024;
constexpr int kMaxLimit = 1000;

using OJson = nlohmann::ordered_json;

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Response JsonResponse(int status, const OJson& j) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Response JsonResponse(int status, const Json& j) {
  Response r;
  r.status = status;
  r.body = Dump(j);
  return r;
}

Response Error(int status, const std::string& message) { return JsonResponse(status, Json{{"error", message}}); }

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json() : Json(s); }

std::string Param(const Request& r, const std::string& key) {
  auto it = r.query.find(key);
  return it == r.query.end() ? std::string() : it->second;
}

// Header lookup, case-insensitive.
std::string Header(const Request& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < k.size() && same; ++i) same = std::tolower(static_cast<unsigned char>(k[i])) ==
                                                         std::tolower(static_cast<unsigned char>(name[i]));
    if (same) return v;
  }
  return "";
}

int ParseLimit(const std::string& s, int fallback) {
  if (s.empty()) return fallback;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
    if (v > kMaxLimit) return kMaxLimit;
  }
  return std::max(v, 1);
}

// Compares without an early exit, so timing does not tell how much of a
// guessed token was right.
bool ConstantTimeEquals(const std::string& expected, const std::string& given) {
  if (expected.empty() || expected.size() != given.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(expected[i] ^ given[i]);
  return diff == 0;
}

bool IsIsoDay(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// What the story list knows about one story without reading its articles.
struct StoryInfo {
  StoryRecord record;  // state cleared
  std::set<std::string> sources, event_types, entities, countries;
  std::string status;  // latest ceasefire status, "" when none
  // Its latest (at most 64) reports with a ceasefire event: the only ones
  // its status depends on (stories::CeasefireRecords reads no others).
  std::vector<std::string> ceasefire_articles;
  std::map<std::string, int> per_day;
};

// Immutable once built: a refresh shares the StoryInfo of every story it
// did not touch with the previous catalog.
struct Catalog {
  std::vector<std::shared_ptr<const StoryInfo>> stories;  // newest first
  std::unordered_map<std::string, size_t> by_id;
  int64_t articles = 0;
  int64_t last_seq = 0;  // the newest article folded in
  uint64_t generation = 0;  // 1, 2, ... in the order catalogs were built
};

}  // namespace

std::string SnippetToHtml(const std::string& snippet, const std::string& begin, const std::string& end) {
  std::string out;
  out.reserve(snippet.size() + 32);
  bool open = false;
  for (size_t i = 0; i < snippet.size();) {
    if (!begin.empty() && snippet.compare(i, begin.size(), begin) == 0) {
      if (!open) out += "<mark>", open = true;
      i += begin.size();
      continue;
    }
    if (!end.empty() && snippet.compare(i, end.size(), end) == 0) {
      if (open) out += "</mark>", open = false;
      i += end.size();
      continue;
    }
    switch (char c = snippet[i++]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  if (open) out += "</mark>";
  return out;
}

struct Service::Impl {
  ServiceOptions options;
  fs::path web_root;  // canonical, "" = no UI

  // Read pool.
  std::mutex pool_mu;
  std::condition_variable pool_cv;
  std::vector<std::unique_ptr<store::Store>> pool;

  // Writes (only with a write token).
  std::mutex write_mu;
  std::unique_ptr<store::Store> writer;
  std::unique_ptr<pipeline::Analyzer> analyzer;
  std::unique_ptr<pipeline::Ingestor> ingestor;

  // Search's name lookup: the analyzer's knowledge base when there is one
  // (a write token), else one loaded for the server alone.
  const linking::KnowledgeBase* kb = nullptr;
  std::unique_ptr<linking::KnowledgeBase> own_kb;

  std::mutex catalog_mu;
  std::shared_ptr<const Catalog> catalog;
  Clock::time_point catalog_checked{};
  bool catalog_dirty = true;
  bool catalog_checking = false;  // a request is looking for others' articles
  uint64_t catalog_generations = 0;

  std::mutex cache_mu;
  uint64_t cache_generation = 0;  // of the catalog the cached answers belong to
  std::unordered_map<std::string, Response> cache;
  size_t cache_bytes = 0;

  // The entity list: every article up to entity_seq folded into
  // entity_builder, and the rows it gave; new articles are folded in as the
  // catalog moves past entity_seq.
  std::mutex entities_mu;
  store::EntityRowBuilder entity_builder;
  int64_t entity_seq = 0;
  std::shared_ptr<const std::vector<store::EntityRow>> entity_rows;

  struct Bucket {
    double tokens = 0;
    Clock::time_point last;
  };
  std::mutex rate_mu;
  std::unordered_map<std::string, Bucket> buckets;

  // A store connection borrowed from the pool for one request.
  class Lease {
   public:
    explicit Lease(Impl& impl) : impl_(impl) {
      std::unique_lock lock(impl_.pool_mu);
      impl_.pool_cv.wait(lock, [&] { return !impl_.pool.empty(); });
      store_ = std::move(impl_.pool.back());
      impl_.pool.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(impl_.pool_mu);
        impl_.pool.push_back(std::move(store_));
      }
      impl_.pool_cv.notify_one();
    }
    store::Store& operator*() { return *store_; }
    store::Store* operator->() { return store_.get(); }

   private:
    Impl& impl_;
    std::unique_ptr<store::Store> store_;
  };

  Response Internal(const Status& st) {
    // The details go to the operator's log, not to the client.
    std::fprintf(stderr, "marsad serve: %s\n", st.message().c_str());
    return Error(500, "internal error");
  }

  bool Allow(const std::string& addr) {
    if (options.rate_per_second <= 0 || addr.empty()) return true;
    std::lock_guard lock(rate_mu);
    const auto now = Clock::now();
    if (buckets.size() > 10000) buckets.clear();  // bounded memory under address floods
    auto [it, fresh] = buckets.try_emplace(addr);
    Bucket& b = it->second;
    if (fresh) {
      b.tokens = options.rate_burst;
    } else {
      const double dt = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min(options.rate_burst, b.tokens + dt * options.rate_per_second);
    }
    b.last = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  // ---------------------------------------------------------------- catalog

  // The story list's catalog, refreshed when this server ingested or, at
  // most every 5 s, when the store's article count moved (another process
  // ingested). A refresh reads only the articles added since the last one
  // (their facets, not their text) and the stories they joined, so its cost
  // follows what changed, not the store's size.
  StatusOr<std::shared_ptr<const Catalog>> GetCatalog() {
    std::unique_lock lock(catalog_mu);
    const auto now = Clock::now();
    if (catalog && !catalog_dirty) {
      if (catalog_checking || now - catalog_checked < std::chrono::seconds(5)) return catalog;
      // One request checks whether another process added articles, without
      // the lock: the others go on with the catalog they have.
      catalog_checking = true;
      std::shared_ptr<const Catalog> current = catalog;
      lock.unlock();
      Status failed;
      std::shared_ptr<Catalog> fresh;
      {
        Lease st(*this);
        auto n = st->CountArticles();
        if (!n.ok()) {
          failed = n.status();
        } else if (*n != current->articles) {
          auto r = RefreshCatalog(*current);
          if (r.ok()) fresh = std::move(*r);
          else failed = r.status();
        }
      }
      lock.lock();
      catalog_checking = false;
      catalog_checked = Clock::now();
      if (!failed.ok()) return failed;
      if (fresh && catalog == current) {
        fresh->generation = ++catalog_generations;
        catalog = std::move(fresh);
      }
      return catalog;
    }
    static const Catalog kEmpty;
    ASSIGN_OR_RETURN(auto built, RefreshCatalog(catalog ? *catalog : kEmpty));
    built->generation = ++catalog_generations;
    catalog = std::move(built);
    catalog_dirty = false;
    catalog_checked = now;
    return catalog;
  }

  StatusOr<std::shared_ptr<Catalog>> RefreshCatalog(const Catalog& old) {
    auto c = std::make_shared<Catalog>();
    c->articles = old.articles;
    c->last_seq = old.last_seq;
    Lease st(*this);
    // 1. What the new articles add to their stories.
    struct Delta {
      std::set<std::string> sources, event_types, entities, countries;
      std::map<std::string, int> per_day;
      std::vector<std::string> ceasefire_articles;  // ids, in ingest order
    };
    std::map<std::string, Delta> changed;
    RETURN_IF_ERROR(st->ForEachArticleFacets(old.last_seq, [&](const store::ArticleFacets& a) {
      ++c->articles;
      c->last_seq = std::max(c->last_seq, a.seq);
      if (a.story.empty()) return true;
      Delta& d = changed[a.story];
      if (a.published.size() >= 10 && IsIsoDay(a.published.substr(0, 10))) d.per_day[a.published.substr(0, 10)]++;
      if (!a.source.empty()) d.sources.insert(a.source);
      if (!a.event_type.empty()) d.event_types.insert(a.event_type);
      bool ceasefire = false;
      for (const auto& e : a.events) {
        if (e.mode == "negated" || e.mode == "hypothetical") continue;
        d.event_types.insert(e.type);
        ceasefire = ceasefire || e.type.rfind("ceasefire", 0) == 0;
        d.countries.insert(e.parties.begin(), e.parties.end());
      }
      if (ceasefire) d.ceasefire_articles.push_back(a.id);
      d.entities.insert(a.entities.begin(), a.entities.end());
      d.countries.insert(a.countries.begin(), a.countries.end());
      return true;
    }));
    // 2. The records of the stories that changed: all at once on a first
    // build, one by one after that.
    std::unordered_map<std::string, StoryRecord> records;
    if (changed.size() > 256) {
      ASSIGN_OR_RETURN(std::vector<StoryRecord> all, st->ListStories());
      for (auto& r : all)
        if (changed.count(r.id)) records.emplace(r.id, std::move(r));
    } else {
      for (const auto& [id, d] : changed) {
        ASSIGN_OR_RETURN(auto r, st->GetStory(id));
        if (r) records.emplace(id, std::move(*r));
      }
    }
    // 3. Unchanged stories are shared; changed ones are rebuilt from the
    // previous info plus the delta.
    c->stories.reserve(old.stories.size() + changed.size());
    for (const auto& info : old.stories)
      if (!changed.count(info->record.id)) c->stories.push_back(info);
    for (auto& [id, d] : changed) {
      auto rec = records.find(id);
      if (rec == records.end()) continue;  // an article naming a story that is not stored
      auto info = std::make_shared<StoryInfo>();
      if (auto it = old.by_id.find(id); it != old.by_id.end()) *info = *old.stories[it->second];
      info->record = std::move(rec->second);
      info->record.state.clear();
      info->record.state.shrink_to_fit();
      info->sources.merge(d.sources);
      info->event_types.merge(d.event_types);
      info->entities.merge(d.entities);
      info->countries.merge(d.countries);
      for (const auto& [day, n] : d.per_day) info->per_day[day] += n;
      // The ceasefire status: from the story's latest 64 reports of a
      // ceasefire (the facets say which), read back only when new ones came,
      // so a long story costs no more than a short one.
      if (!d.ceasefire_articles.empty()) {
        auto& ids = info->ceasefire_articles;
        ids.insert(ids.end(), d.ceasefire_articles.begin(), d.ceasefire_articles.end());
        if (ids.size() > 64) ids.erase(ids.begin(), ids.end() - 64);
        std::vector<Article> arts;
        for (const std::string& id : ids) {
          ASSIGN_OR_RETURN(auto a, st->GetArticle(id));
          if (a) arts.push_back(std::move(*a));
        }
        std::vector<const Article*> ptrs;
        for (const auto& a : arts) ptrs.push_back(&a);
        const std::vector<stories::CeasefireRecord> records = stories::CeasefireRecords(ptrs);
        if (!records.empty()) info->status = records.back().status;
      }
      c->stories.push_back(std::move(info));
    }
    std::stable_sort(c->stories.begin(), c->stories.end(), [](const auto& x, const auto& y) {
      if (x->record.last_seen != y->record.last_seen) return x->record.last_seen > y->record.last_seen;
      return x->record.id < y->record.id;
    });
    for (size_t i = 0; i < c->stories.size(); ++i) c->by_id[c->stories[i]->record.id] = i;
    return c;
  }

  static Json StorySummary(const StoryInfo& s) {
    return Json{{"id", s.record.id},
                {"title", s.record.title},
                {"summary", s.record.summary},
                {"first_seen", NullIfEmpty(s.record.first_seen)},
                {"last_seen", NullIfEmpty(s.record.last_seen)},
                {"articles", s.record.articles.size()},
                {"sources", s.sources},
                {"event_types", s.event_types},
                {"countries", s.countries},
                {"status", NullIfEmpty(s.status)}};
  }

  // Entity ids a user's text names: an id as is, else knowledge-base names.
  std::vector<std::string> EntityIds(const std::string& text) {
    std::vector<std::string> ids;
    if (text.empty()) return ids;
    ids.push_back(text);
    if (kb) {
      for (const linking::Entity* e : kb->Lookup(text)) {
        if (std::find(ids.begin(), ids.end(), e->id) == ids.end()) ids.push_back(e->id);
        if (ids.size() >= 4) break;
      }
    }
    return ids;
  }

  // --------------------------------------------------------------- search

  struct MergedHit {
    store::SearchHit hit;
    double score = 0;
    std::set<std::string> via;
  };

  // Words (FTS: harakat, clitics, inflection) and names (knowledge base ->
  // entity -> the articles that mention it), merged by article and ranked.
  StatusOr<std::vector<MergedHit>> RunSearch(const std::string& q, const std::string& from, const std::string& to,
                                             int limit, Json* entities_out) {
    store::SearchOptions so;
    so.limit = limit;
    so.date_from = from;
    so.date_to = to;
    so.highlight_begin = kMarkBegin;
    so.highlight_end = kMarkEnd;
    std::map<std::string, MergedHit> merged;
    auto add = [&](std::vector<store::SearchHit> hits, const char* via, double weight) {
      for (auto& h : hits) {
        auto [it, fresh] = merged.try_emplace(h.article);
        const double s = h.score * weight;
        if (fresh) {
          it->second.hit = std::move(h);
        } else if (h.snippet.find(kMarkBegin) != std::string::npos &&
                   it->second.hit.snippet.find(kMarkBegin) == std::string::npos) {
          it->second.hit.snippet = std::move(h.snippet);
        }
        it->second.score += s;
        it->second.via.insert(via);
      }
    };
    Lease st(*this);
    ASSIGN_OR_RETURN(auto text_hits, st->Search(q, so));
    add(std::move(text_hits), "text", 1.0);

    if (kb) {
      int looked = 0;
      for (const linking::Entity* e : kb->Lookup(q)) {
        if (++looked > 3) break;
        ASSIGN_OR_RETURN(auto row, st->GetEntity(e->id));
        if (entities_out) entities_out->push_back(Json{{"entity", e->id}, {"name", e->name}, {"in_store", row.has_value()}});
        if (!row) continue;
        // The entity's own spellings in the store find its mentions with
        // snippets highlighting the name as each article wrote it.
        store::SearchOptions eo = so;
        eo.entity = e->id;
        int variants = 0;
        for (const auto& [surface, n] : row->variants) {
          if (++variants > 4) break;
          ASSIGN_OR_RETURN(auto hits, st->Search(surface, eo));
          add(std::move(hits), "entity", 1.5);
        }
      }
    }
    std::vector<MergedHit> out;
    out.reserve(merged.size());
    for (auto& [id, h] : merged) out.push_back(std::move(h));
    std::stable_sort(out.begin(), out.end(), [](const MergedHit& a, const MergedHit& b) { return a.score > b.score; });
    if (static_cast<int>(out.size()) > limit) out.resize(limit);
    return out;
  }

  std::optional<Response> CheckQuery(const std::string& q) {
    if (q.size() > kMaxQueryBytes) return Error(400, "query too long (at most 1024 bytes)");
    if (!utf8::IsValid(q)) return Error(400, "query is not valid UTF-8");
    if (q.find('\0') != std::string::npos) return Error(400, "query contains a NUL byte");
    return std::nullopt;
  }

  Response Search(const Request& r) {
    const std::string q = Param(r, "q");
    if (q.empty()) return Error(400, "missing q (the words or name to search for)");
    if (auto bad = CheckQuery(q)) return *bad;
    const int limit = ParseLimit(Param(r, "limit"), 50);
    if (limit < 0) return Error(400, "limit must be a number");
    Json entities = Json::array();
    auto hits = RunSearch(q, Param(r, "from"), Param(r, "to"), limit, &entities);
    if (!hits.ok()) return Internal(hits.status());
    Json out = {{"query", q}, {"entities", entities}, {"hits", Json::array()}};
    for (const auto& m : *hits) {
      out["hits"].push_back(Json{{"article", m.hit.article},
                                 {"story", NullIfEmpty(m.hit.story)},
                                 {"title", m.hit.title},
                                 {"published", NullIfEmpty(m.hit.published)},
                                 {"source", m.hit.source},
                                 {"snippet_html", SnippetToHtml(m.hit.snippet, kMarkBegin, kMarkEnd)},
                                 {"score", m.score},
                                 {"via", m.via}});
    }
    out["total"] = out["hits"].size();
    return JsonResponse(200, out);
  }

  // ---------------------------------------------------------------- stories

  Response Stories(const Request& r) {
    const std::string from = Param(r, "from"), to = Param(r, "to"), entity = Param(r, "entity"),
                      event_type = Param(r, "event_type"), country = Upper(Param(r, "country")),
                      status = Param(r, "status"), q = Param(r, "q");
    const int limit = ParseLimit(Param(r, "limit"), 200);
    if (limit < 0) return Error(400, "limit must be a number");
    for (const std::string* p : {&from, &to, &entity, &event_type, &country, &status, &q})
      if (auto bad = CheckQuery(*p)) return *bad;
    auto cat = GetCatalog();
    if (!cat.ok()) return Internal(cat.status());
    std::optional<std::set<std::string>> q_stories;
    if (!q.empty()) {
      auto hits = RunSearch(q, "", "", kMaxLimit, nullptr);
      if (!hits.ok()) return Internal(hits.status());
      q_stories.emplace();
      for (const auto& h : *hits)
        if (!h.hit.story.empty()) q_stories->insert(h.hit.story);
    }
    const std::vector<std::string> entity_ids = EntityIds(entity);
    Json list = Json::array();
    std::map<std::string, int> activity;
    size_t total = 0;
    for (const auto& sp : (*cat)->stories) {
      const StoryInfo& s = *sp;
      const auto& rec = s.record;
      if (!from.empty() && (rec.last_seen.empty() || rec.last_seen < from)) continue;
      if (!to.empty() && (rec.first_seen.empty() || rec.first_seen.substr(0, std::min(rec.first_seen.size(), to.size())) > to))
        continue;
      if (!entity.empty() &&
          std::none_of(entity_ids.begin(), entity_ids.end(), [&](const std::string& id) { return s.entities.count(id) > 0; }))
        continue;
      if (!event_type.empty() && !s.event_types.count(event_type)) continue;
      if (!country.empty() && !s.countries.count(country)) continue;
      if (!status.empty() && s.status != status) continue;
      if (q_stories && !q_stories->count(rec.id)) continue;
      ++total;
      for (const auto& [d, n] : s.per_day) {
        if (!from.empty() && d < from.substr(0, 10)) continue;
        if (!to.empty() && d.substr(0, std::min(d.size(), to.size())) > to) continue;
        activity[d] += n;
      }
      if (static_cast<int>(list.size()) < limit) list.push_back(StorySummary(s));
    }
    Json act = Json::array();
    for (const auto& [d, n] : activity) act.push_back(Json{{"date", d}, {"count", n}});
    return JsonResponse(200, Json{{"total", total}, {"stories", list}, {"activity", act}});
  }

  Response Story(const std::string& id) {
    Lease st(*this);
    auto story = st->GetStory(id);
    if (!story.ok()) return Internal(story.status());
    if (!story->has_value()) return Error(404, "no such story");
    const StoryRecord& s = **story;
    std::vector<Article> arts;
    for (const auto& aid : s.articles) {
      auto a = st->GetArticle(aid);
      if (!a.ok()) return Internal(a.status());
      if (*a) arts.push_back(std::move(**a));
    }
    std::vector<const Article*> ptrs;
    for (const auto& a : arts) ptrs.push_back(&a);
    stories::StoryAnalysis v = stories::AnalyzeStory(s, ptrs);

    Json out = {{"id", s.id},
                {"title", v.title.empty() ? s.title : v.title},
                {"summary", v.summary.empty() ? s.summary : v.summary},
                {"first_seen", NullIfEmpty(s.first_seen)},
                {"last_seen", NullIfEmpty(s.last_seen)}};
    Json articles = Json::array();
    std::vector<std::string> sources;
    for (const auto& a : arts) {
      articles.push_back(Json{{"id", a.id},
                              {"source", a.source},
                              {"published", NullIfEmpty(a.published)},
                              {"title", a.title},
                              {"url", NullIfEmpty(a.url)},
                              {"event_type", NullIfEmpty(a.event_type)},
                              {"duplicate_of", NullIfEmpty(a.duplicate_of)},
                              {"chars", utf8::Length(a.text)}});
      const std::string o = a.source.empty() ? a.id : a.source;
      if (std::find(sources.begin(), sources.end(), o) == sources.end()) sources.push_back(o);
    }
    out["articles"] = articles;
    out["sources"] = sources;
    out["timeline"] = Json::array();
    for (const auto& t : v.timeline)
      out["timeline"].push_back(Json{{"date", NullIfEmpty(t.date)}, {"type", t.type}, {"mode", t.mode},
                                     {"text", t.text}, {"articles", t.articles}, {"sources", t.sources}});
    out["ceasefires"] = Json::array();
    for (const auto& c : v.ceasefires) out["ceasefires"].push_back(stories::CeasefireRow(s.id, c));
    // A figure is disputed when the sources give different values for it.
    std::map<std::string, std::set<double>> values;
    for (const auto& c : v.claims) values[c.what].insert(c.value);
    out["claims"] = Json::array();
    for (const auto& c : v.claims)
      out["claims"].push_back(Json{{"what", c.what},
                                   {"value", c.value},
                                   {"qualifier", NullIfEmpty(c.qualifier)},
                                   {"surface", c.surface},
                                   {"source", c.source},
                                   {"article", c.article},
                                   {"said_by", NullIfEmpty(c.said_by)},
                                   {"date", NullIfEmpty(c.date)},
                                   {"disputed", values[c.what].size() > 1}});
    return JsonResponse(200, out);
  }

  Response ArticleById(const std::string& id) {
    Lease st(*this);
    auto a = st->GetArticle(id);
    if (!a.ok()) return Internal(a.status());
    if (!a->has_value()) return Error(404, "no such article");
    const Article& art = **a;
    OJson out = ArticleTableRows(art, "articles").front();
    out["duplicate_of"] = art.duplicate_of.empty() ? OJson() : OJson(art.duplicate_of);
    out["chars"] = utf8::Length(art.text);
    // Every input the article arrived from (page, feed item, WARC record ...).
    auto sources = st->ListSources(art.id);
    if (!sources.ok()) return Internal(sources.status());
    out["sources"] = OJson::array();
    for (const auto& s : *sources)
      out["sources"].push_back(OJson{{"url", s.url}, {"source", s.source}, {"format", s.format},
                                     {"path", s.path}, {"first_seen", s.first_seen}});
    for (const char* what : {"mentions", "timexes", "numbers", "quotes", "events"}) {
      OJson rows = OJson::array();
      for (auto& row : ArticleTableRows(art, what)) {
        row.erase("article");
        rows.push_back(std::move(row));
      }
      out[what] = std::move(rows);
    }
    return JsonResponse(200, out);
  }

  // --------------------------------------------------------------- entities

  static Json EntityJson(const store::EntityRow& e, size_t max_variants) {
    Json variants = Json::array();
    for (const auto& [surface, n] : e.variants) {
      if (variants.size() >= max_variants) break;
      variants.push_back(Json{{"surface", surface}, {"count", n}});
    }
    return Json{{"entity", e.entity}, {"name", e.name},       {"type", e.type},
                {"country", NullIfEmpty(e.country)}, {"articles", e.articles}, {"variants", variants}};
  }

  // Every entity of the store, most mentioned first, as Store::ListEntities
  // gives it. Like the catalog, a refresh folds in only the mentions of the
  // articles added since the last one, so its cost follows what changed.
  StatusOr<std::shared_ptr<const std::vector<store::EntityRow>>> EntityRows() {
    ASSIGN_OR_RETURN(auto cat, GetCatalog());
    std::lock_guard lock(entities_mu);
    if (entity_rows && entity_seq >= cat->last_seq) return entity_rows;
    Lease st(*this);
    int64_t seq = entity_seq;
    std::vector<std::string_view> ids;
    Status read = st->ForEachArticleFacets(entity_seq, [&](const store::ArticleFacets& a) {
      seq = std::max(seq, a.seq);
      ids.clear();
      for (const auto& m : a.entity_mentions) ids.push_back(m.entity);
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      for (std::string_view id : ids) entity_builder.AddArticle(id);
      for (const auto& m : a.entity_mentions)
        entity_builder.AddReading(m.entity, m.surface, m.name, m.type, m.country, 1);
      return true;
    });
    if (!read.ok()) {
      // Part of the new articles may be folded in: start over next time.
      entity_builder = store::EntityRowBuilder();
      entity_seq = 0;
      entity_rows.reset();
      return read;
    }
    entity_seq = seq;
    entity_rows = std::make_shared<const std::vector<store::EntityRow>>(entity_builder.Rows());
    return entity_rows;
  }

  Response Entities(const Request& r) {
    const std::string q = Param(r, "q"), type = Upper(Param(r, "type"));
    if (auto bad = CheckQuery(q)) return *bad;
    const int limit = ParseLimit(Param(r, "limit"), 200);
    if (limit < 0) return Error(400, "limit must be a number");
    auto cached = EntityRows();
    if (!cached.ok()) return Internal(cached.status());
    const std::vector<store::EntityRow>* rows = cached->get();
    std::set<std::string> kb_ids;
    if (!q.empty())
      for (const auto& id : EntityIds(q)) kb_ids.insert(id);
    Json list = Json::array();
    size_t total = 0;
    for (const auto& e : *rows) {
      if (!type.empty() && e.type != type) continue;
      if (!q.empty()) {
        bool hit = kb_ids.count(e.entity) || e.name.find(q) != std::string::npos || e.entity.find(q) != std::string::npos;
        for (size_t i = 0; !hit && i < e.variants.size(); ++i) hit = e.variants[i].first.find(q) != std::string::npos;
        if (!hit) continue;
      }
      ++total;
      if (static_cast<int>(list.size()) < limit) list.push_back(EntityJson(e, 5));
    }
    return JsonResponse(200, Json{{"total", total}, {"entities", list}});
  }

  Response EntityById(const std::string& id, const Request& r) {
    const int limit = ParseLimit(Param(r, "limit"), 100);
    if (limit < 0) return Error(400, "limit must be a number");
    std::optional<store::EntityRow> row;
    {
      Lease st(*this);
      auto e = st->GetEntity(id);
      if (!e.ok()) return Internal(e.status());
      row = std::move(*e);
    }
    const linking::Entity* known = kb ? kb->Find(id) : nullptr;
    if (!row && !known) return Error(404, "no such entity");
    Json out;
    if (row) {
      out = EntityJson(*row, 1000);
    } else {
      out = Json{{"entity", id}, {"name", known->name}, {"type", EntityTypeName(known->type)},
                 {"country", NullIfEmpty(known->country)}, {"articles", 0}, {"variants", Json::array()}};
    }
    out["kb_names"] = known ? Json(known->names) : Json::array();
    out["role"] = known ? NullIfEmpty(known->role) : Json();
    auto cat = GetCatalog();
    if (!cat.ok()) return Internal(cat.status());
    // Newest first; a much-reported person can be in thousands of stories,
    // so the list stops at `limit` (default 100) and says how many there are.
    Json stories = Json::array();
    size_t total = 0;
    for (const auto& s : (*cat)->stories) {
      if (!s->entities.count(id)) continue;
      ++total;
      if (static_cast<int>(stories.size()) < limit) stories.push_back(StorySummary(*s));
    }
    out["stories"] = stories;
    out["stories_total"] = total;
    return JsonResponse(200, out);
  }

  // ----------------------------------------------------------------- export

  // The watcher's per-source state, read-only (the watcher may be writing it:
  // WAL lets us read a consistent snapshot). No state file yet is not an
  // error: the page says that nothing is watched.
  Response Watch() {
    const std::string path = options.watch_state.empty() ? watch::DefaultStatePath(options.db) : options.watch_state;
    OJson out;
    out["watching"] = false;
    out["sources"] = OJson::array();
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      out["message"] = "no source is watched yet: run `marsad watch --db DB --sources FILE`";
      return JsonResponse(200, out);
    }
    auto rows = watch::ReadStatus(path);
    if (!rows.ok()) return Internal(rows.status());
    out["watching"] = true;
    int64_t articles = 0, failing = 0;
    for (const auto& s : *rows) {
      OJson j;
      j["source"] = s.source;
      j["state"] = s.failures > 0 ? "failing" : s.last_success.empty() ? "never" : "ok";
      j["last_success"] = s.last_success.empty() ? OJson() : OJson(s.last_success);
      j["last_error"] = s.last_error.empty() ? OJson() : OJson(s.last_error);
      j["last_error_at"] = s.last_error_at.empty() ? OJson() : OJson(s.last_error_at);
      j["failures"] = s.failures;
      j["next_due"] = s.next_due > 0 ? OJson(watch::IsoUtc(s.next_due)) : OJson();
      j["articles"] = s.articles;
      j["polls"] = s.polls;
      j["not_modified"] = s.not_modified;
      articles += s.articles;
      failing += s.failures > 0;
      out["sources"].push_back(std::move(j));
    }
    out["totals"] = OJson{{"sources", rows->size()}, {"failing", failing}, {"articles", articles}};
    return JsonResponse(200, out);
  }

  // The newest alerts of the log (JSON lines, appended by the watcher). Only
  // the last 4 MB are read, so a long-running log costs nothing here.
  Response Alerts(const Request& r) {
    const int limit = ParseLimit(Param(r, "limit"), 50);
    if (limit < 0) return Error(400, "limit must be a number");
    const std::string path = options.alerts_log.empty() ? watch::DefaultAlertsLog(options.db) : options.alerts_log;
    OJson out;
    out["alerts"] = OJson::array();
    std::ifstream in(path, std::ios::binary);
    if (!in) return JsonResponse(200, out);
    constexpr std::streamoff kTail = 4 << 20;
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff from = size > kTail ? size - kTail : 0;
    in.seekg(from);
    std::string line;
    if (from > 0) std::getline(in, line);  // a partial first line
    std::vector<std::string> lines;
    while (std::getline(in, line))
      if (!line.empty()) lines.push_back(std::move(line));
    for (auto it = lines.rbegin(); it != lines.rend() && static_cast<int>(out["alerts"].size()) < limit; ++it) {
      auto j = OJson::parse(*it, nullptr, false);
      if (j.is_discarded() || !j.is_object()) continue;  // a torn last line of a killed writer
      out["alerts"].push_back(std::move(j));
    }
    return JsonResponse(200, out);
  }

  Response ExportTable(const std::string& file) {
    const size_t dot = file.rfind('.');
    if (dot == std::string::npos) return Error(404, "export as /api/export/{table}.jsonl or .csv");
    const std::string what = file.substr(0, dot), ext = file.substr(dot + 1);
    ExportFormat format;
    if (ext == "jsonl") format = ExportFormat::kJsonl;
    else if (ext == "csv") format = ExportFormat::kCsv;
    else return Error(404, "export formats: jsonl, csv");
    if (!ExportColumns(what).ok()) {
      std::string known;
      for (const auto& t : ExportTables()) known += (known.empty() ? "" : ", ") + t;
      return Error(404, "no export table '" + what + "' (known: " + known + ")");
    }
    Response r;
    r.content_type = format == ExportFormat::kCsv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    r.headers["Content-Disposition"] = "attachment; filename=\"marsad-" + what + "." + ext + "\"";
    r.writer = [this, what, format](std::ostream& os) {
      Lease st(*this);
      Status s = Export(*st, what, format, os);
      if (!s.ok()) std::fprintf(stderr, "marsad serve: export %s: %s\n", what.c_str(), s.message().c_str());
      return s.ok();
    };
    return r;
  }

  // ----------------------------------------------------------------- ingest

  Response Ingest(const Request& r) {
    if (options.write_token.empty()) return Error(403, "this server is read-only (start it with --write-token)");
    const std::string auth = Header(r, "Authorization");
    const std::string prefix = "Bearer ";
    if (auth.rfind(prefix, 0) != 0 || !ConstantTimeEquals(options.write_token, auth.substr(prefix.size()))) {
      Response resp = Error(401, "missing or wrong write token");
      resp.headers["WWW-Authenticate"] = "Bearer";
      return resp;
    }
    if (!utf8::IsValid(r.body)) return Error(400, "body is not valid UTF-8");
    std::vector<Article> articles;
    Json rejected = Json::array();
    size_t line_no = 0, start = 0;
    while (start < r.body.size()) {
      size_t end = r.body.find('\n', start);
      if (end == std::string::npos) end = r.body.size();
      std::string_view line(r.body.data() + start, end - start);
      start = end + 1;
      ++line_no;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      Article a;
      std::vector<std::string> warnings;
      std::string why = ingest::ParseJsonlRecord(line, "post-" + std::to_string(line_no), a, warnings);
      if (!why.empty()) {
        rejected.push_back(Json{{"line", line_no}, {"reason", why}});
        continue;
      }
      a.origin = "POST /api/ingest";
      articles.push_back(std::move(a));
    }
    if (articles.empty() && rejected.empty()) return Error(400, "no articles in the body (one JSON object per line)");
    pipeline::IngestStats stats;
    {
      std::lock_guard lock(write_mu);
      if (!ingestor) {
        auto ing = pipeline::Ingestor::Create(*analyzer, *writer);
        if (!ing.ok()) return Internal(ing.status());
        ingestor = std::move(ing).value();
      }
      Status s = ingestor->IngestArticles(std::move(articles), stats);
      if (!s.ok()) return Internal(s);
    }
    {
      std::lock_guard lock(catalog_mu);
      catalog_dirty = true;
    }
    for (const auto& p : stats.problems) rejected.push_back(Json{{"reason", p.message}});
    return JsonResponse(200, Json{{"inserted", stats.inserted},
                                  {"already_stored", stats.already_stored},
                                  {"duplicates_in_input", stats.duplicates_in_input},
                                  {"near_duplicates", stats.near_duplicates},
                                  {"stories_touched", stats.stories_touched},
                                  {"rejected", rejected}});
  }

  // ----------------------------------------------------------------- static

  Response Static(const std::string& path) {
    if (web_root.empty()) return Error(404, "not found");
    std::string rel = path == "/" || path.empty() ? "index.html" : path.substr(1);
    if (rel.find('\0') != std::string::npos || rel.find('\\') != std::string::npos) return Error(404, "not found");
    for (std::string_view seg : {std::string_view("..")}) {
      // Refuse any '..' segment outright, before touching the file system.
      size_t pos = 0;
      while ((pos = rel.find(seg, pos)) != std::string::npos) {
        const bool at_start = pos == 0 || rel[pos - 1] == '/';
        const bool at_end = pos + 2 == rel.size() || rel[pos + 2] == '/';
        if (at_start && at_end) return Error(404, "not found");
        pos += 2;
      }
    }
    std::error_code ec;
    fs::path p = fs::weakly_canonical(web_root / rel, ec);
    if (ec) return Error(404, "not found");
    const std::string root = web_root.string() + "/";
    if (p.string().rfind(root, 0) != 0) return Error(404, "not found");
    if (fs::is_directory(p, ec)) p /= "index.html";
    if (!fs::is_regular_file(p, ec)) return Error(404, "not found");
    std::ifstream in(p, std::ios::binary);
    if (!in) return Error(404, "not found");
    std::ostringstream ss;
    ss << in.rdbuf();
    Response r;
    r.body = ss.str();
    const std::string ext = p.extension().string();
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}, {".json", "application/json; charset=utf-8"},
        {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}};
    auto it = types.find(ext);
    r.content_type = it == types.end() ? "application/octet-stream" : it->second;
    r.headers["Cache-Control"] = "no-cache";
    return r;
  }

  // ---------------------------------------------------------------- routing

  Response Route(const Request& r) {
    const std::string& path = r.path;
    if (path.rfind("/api/", 0) != 0 && path != "/api") {
      if (r.method != "GET" && r.method != "HEAD") return Error(405, "method not allowed");
      return Static(path);
    }
    const std::string rest = path.size() > 5 ? path.substr(5) : "";
    auto tail = [&](const std::string& prefix) -> std::optional<std::string> {
      if (rest.rfind(prefix, 0) != 0 || rest.size() == prefix.size()) return std::nullopt;
      std::string id = rest.substr(prefix.size());
      if (id.find('/') != std::string::npos) return std::nullopt;
      return id;
    };
    if (rest == "ingest") {
      if (r.method != "POST") return Error(405, "POST articles (JSONL) to /api/ingest");
      return Ingest(r);
    }
    if (r.method != "GET" && r.method != "HEAD") return Error(405, "method not allowed");
    if (rest == "health") {
      // The catalog's count: at most 5 s old, and no table scan per probe.
      auto cat = GetCatalog();
      if (!cat.ok()) return Internal(cat.status());
      return JsonResponse(200, Json{{"status", "ok"}, {"articles", (*cat)->articles}, {"writable", !options.write_token.empty()},
                                    {"knowledge_base", kb != nullptr}, {"version", "0.1.0"}});
    }
    if (rest == "watch") return Watch();
    if (rest == "alerts") return Alerts(r);
    if (auto f = tail("export/")) return ExportTable(*f);
    return Cached(r, [&]() -> Response {
      if (rest == "stories") return Stories(r);
      if (rest == "entities") return Entities(r);
      if (rest == "search") return Search(r);
      if (auto id = tail("stories/")) return Story(*id);
      if (auto id = tail("articles/")) return ArticleById(*id);
      if (auto id = tail("entities/")) return EntityById(*id, r);
      return Error(404, "no such endpoint");
    });
  }

  // ----------------------------------------------------------------- cache

  // Answers of the read endpoints for the store as it is now: the key is
  // the path and the (sorted) query; everything is dropped when the catalog
  // changes, i.e. when articles were added by anyone. Analysts reopen the
  // same story lists, stories and searches; the store only grows, so an
  // answer stays right until the next ingest.
  template <typename F>
  Response Cached(const Request& r, F&& compute) {
    auto cat = GetCatalog();
    if (!cat.ok()) return Internal(cat.status());
    std::string key = r.path;
    for (const auto& [k, v] : r.query) key += '\x1f' + k + '\x1e' + v;
    {
      std::lock_guard lock(cache_mu);
      if (cache_generation != (*cat)->generation) {
        cache.clear();
        cache_bytes = 0;
        cache_generation = (*cat)->generation;
      }
      if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    Response out = compute();
    if (out.status != 200 || out.writer || out.body.size() > (1u << 20)) return out;
    std::lock_guard lock(cache_mu);
    if (cache_generation != (*cat)->generation) return out;  // the store moved meanwhile
    if (cache.size() >= 4096 || cache_bytes + out.body.size() > (64u << 20)) {
      cache.clear();
      cache_bytes = 0;
    }
    cache_bytes += out.body.size() + key.size();
    cache.emplace(std::move(key), out);
    return out;
  }
};

Service::Service(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Service::~Service() = default;

StatusOr<std::unique_ptr<Service>> Service::Create(const ServiceOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.db.empty()) return InvalidArgument("no store given (--db)");
  const int n = std::clamp(options.pool_size, 1, 64);
  for (int i = 0; i < n; ++i) {
    auto st = store::Store::Open(options.db);
    if (!st.ok()) return st.status();
    impl->pool.push_back(std::move(st).value());
  }
  if (!options.web_dir.empty()) {
    std::error_code ec;
    fs::path root = fs::canonical(options.web_dir, ec);
    if (ec || !fs::is_directory(root)) return NotFound("web directory " + options.web_dir + " not found");
    impl->web_root = root;
  }
  const std::string data = options.data_dir.empty() ? DataDir() : options.data_dir;
  if (!options.write_token.empty()) {
    if (options.write_token.size() < 8) return InvalidArgument("the write token must be at least 8 characters");
    auto st = store::Store::Open(options.db);
    if (!st.ok()) return st.status();
    impl->writer = std::move(st).value();
    pipeline::AnalyzerOptions ao;
    ao.data_dir = data;
    auto an = pipeline::Analyzer::Load(ao);
    if (!an.ok()) return an.status();
    impl->analyzer = std::move(an).value();
  }
  if (options.load_kb) {
    if (impl->analyzer && impl->analyzer->knowledge_base()) {
      impl->kb = impl->analyzer->knowledge_base();
    } else {
      auto kb = linking::KnowledgeBase::Load((fs::path(data) / "kb").string());
      if (!kb.ok()) return kb.status().WithContext("loading the knowledge base");
      impl->own_kb = std::make_unique<linking::KnowledgeBase>(std::move(kb).value());
      impl->kb = impl->own_kb.get();
    }
  }
  return std::unique_ptr<Service>(new Service(std::move(impl)));
}

StatusOr<std::pair<int64_t, int64_t>> Service::Warm() {
  // The entity list reads the catalog's last seq first, so the two are
  // built one after the other (each its own pass over the article facets).
  ASSIGN_OR_RETURN(auto cat, impl_->GetCatalog());
  ASSIGN_OR_RETURN(auto rows, impl_->EntityRows());
  (void)rows;
  return std::make_pair(cat->articles, static_cast<int64_t>(cat->stories.size()));
}

Response Service::Handle(const Request& request) {
  Response r;
  if (!impl_->Allow(request.remote_addr)) {
    r = Error(429, "too many requests; slow down");
    r.headers["Retry-After"] = "1";
  } else if (request.body.size() > impl_->options.max_body_bytes) {
    r = Error(413, "request body too large");
  } else if (!utf8::IsValid(request.path)) {
    r = Error(400, "path is not valid UTF-8");
  } else {
    try {
      r = impl_->Route(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "marsad serve: %s %s: %s\n", request.method.c_str(), request.path.c_str(), e.what());
      r = Error(500, "internal error");
    }
  }
  r.headers.emplace("X-Content-Type-Options", "nosniff");
  r.headers.emplace("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    "frame-ancestors 'none'");
  r.headers.emplace("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace marsad::serve
