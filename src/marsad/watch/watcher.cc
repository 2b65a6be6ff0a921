#include "marsad/watch/watcher.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "marsad/ingest/sources.h"
#include "marsad/ingest/web/encoding.h"
#include "marsad/ingest/web/feed_reader.h"
#include "marsad/ingest/web/html_extract.h"
#include "marsad/stories/story_view.h"

namespace marsad::watch {
namespace fs = std::filesystem;

namespace {

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

bool LooksLikeFeed(const HttpResponse& r) {
  std::string ct = r.content_type;
  for (char& c : ct) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ct.find("rss") != std::string::npos || ct.find("atom") != std::string::npos) return true;
  size_t i = 0;
  const std::string& b = r.body;
  if (b.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < b.size() && std::isspace(static_cast<unsigned char>(b[i]))) ++i;
  std::string_view head(b.data() + i, std::min<size_t>(b.size() - i, 512));
  if (head.rfind("<?xml", 0) == 0) return head.find("<html") == std::string_view::npos;
  return head.rfind("<rss", 0) == 0 || head.rfind("<feed", 0) == 0 || head.rfind("<rdf:RDF", 0) == 0;
}

// The feed as UTF-8, decided by BOM > HTTP charset > XML declaration >
// detection, with its XML declaration rewritten so libxml2 does not decode
// the UTF-8 a second time as the declared charset.
StatusOr<std::string> FeedUtf8(const std::string& body, const std::string& content_type) {
  ASSIGN_OR_RETURN(auto decoded,
                   ingest::web::DecodeToUtf8(body, ingest::web::CharsetFromContentType(content_type)));
  std::string s = std::move(decoded.utf8);
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  if (s.compare(i, 5, "<?xml") == 0) {
    size_t end = s.find("?>", i);
    if (end != std::string::npos) s.replace(i, end + 2 - i, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  }
  return s;
}

std::string HttpError(long status) { return "HTTP " + std::to_string(status); }

}  // namespace

struct Watcher::Polled {
  std::vector<Article> articles;
  std::vector<std::string> seen;        // feed item ids / local file keys, marked after the commit
  std::vector<std::string> local_paths; // new local files
  bool not_modified = false;
  std::vector<std::string> notes;       // non-fatal problems (a teaser page that failed ...)
};

std::string DefaultStatePath(const std::string& db) { return db + ".watch"; }
std::string DefaultAlertsLog(const std::string& db) { return db + ".alerts.jsonl"; }

Watcher::Watcher(WatchOptions options) : options_(std::move(options)) {}
Watcher::~Watcher() = default;

StatusOr<std::unique_ptr<Watcher>> Watcher::Create(WatchOptions options,
                                                   std::function<void(const std::string&)> log) {
  if (options.state_path.empty()) options.state_path = DefaultStatePath(options.db);
  if (options.alerts_log.empty()) options.alerts_log = DefaultAlertsLog(options.db);
  std::unique_ptr<Watcher> w(new Watcher(std::move(options)));
  w->log_ = std::move(log);
  ASSIGN_OR_RETURN(w->sources_, ReadSourcesFile(w->options_.sources_file));
  if (w->sources_.empty()) return InvalidArgument(w->options_.sources_file + ": no sources listed");
  if (!w->options_.rules_file.empty()) {
    ASSIGN_OR_RETURN(w->rules_, ReadAlertRules(w->options_.rules_file));
  }
  if (!w->options_.webhook.empty()) w->rules_.webhook = w->options_.webhook;
  ASSIGN_OR_RETURN(w->state_, WatchState::Open(w->options_.state_path));
  auto store = store::Store::Open(w->options_.db);
  if (!store.ok()) return store.status().WithContext(w->options_.db);
  w->store_ = std::move(store).value();
  ASSIGN_OR_RETURN(w->analyzer_, pipeline::Analyzer::Load());
  pipeline::IngestOptions io;
  io.threads = w->options_.threads;
  ASSIGN_OR_RETURN(w->ingestor_, pipeline::Ingestor::Create(*w->analyzer_, *w->store_, io));
  w->http_ = std::make_unique<HttpClient>(w->options_.http);
  return w;
}

StatusOr<bool> Watcher::RobotsAllow(const std::string& url) {
  UrlParts p;
  if (!SplitUrl(url, p)) return InvalidArgument("not an http(s) URL: " + url);
  const std::string site = p.scheme + "://" + p.host;
  auto it = robots_.find(site);
  if (it == robots_.end()) {
    RobotsRules rules = RobotsRules::AllowAll();
    auto r = http_->Get(site + "/robots.txt");
    if (r.ok() && r->status == 200) {
      rules = RobotsRules::Parse(r->body);
    } else if (r.ok() && r->status >= 500) {
      rules = RobotsRules::DisallowAll();  // a site in trouble: leave it alone this run
      Log(site + "/robots.txt: " + HttpError(r->status) + "; not fetching from this site this run");
    }
    it = robots_.emplace(site, std::move(rules)).first;
  }
  return it->second.Allowed(p.path);
}

Status Watcher::PollRemote(const SourceSpec& spec, SourceState& state, Polled& out) {
  ASSIGN_OR_RETURN(bool allowed, RobotsAllow(spec.source));
  if (!allowed) return FailedPrecondition("disallowed by robots.txt");
  auto got = http_->Get(spec.source, state.etag, state.last_modified);
  if (!got.ok()) return got.status();
  HttpResponse& r = *got;
  if (r.status == 304) {
    out.not_modified = true;
    return Status::Ok();
  }
  if (r.status != 200) return IoError(HttpError(r.status));
  state.etag = r.etag;
  state.last_modified = r.last_modified;
  const std::string charset = ingest::web::CharsetFromContentType(r.content_type);
  if (LooksLikeFeed(r)) {
    ASSIGN_OR_RETURN(std::string utf8, FeedUtf8(r.body, r.content_type));
    std::vector<ingest::Problem> problems;
    auto items = ingest::web::ParseFeed(utf8, spec.source, problems);
    if (!items.ok()) return items.status();
    for (const auto& p : problems) out.notes.push_back(p.origin + ": " + p.message);
    for (Article& item : *items) {
      ASSIGN_OR_RETURN(bool seen, state_->Seen(spec.source, item.id));
      if (seen) continue;
      bool teaser = std::find(item.warnings.begin(), item.warnings.end(), "teaser") != item.warnings.end();
      if (!teaser || item.url.empty()) {
        out.seen.push_back(item.id);
        out.articles.push_back(std::move(item));
        continue;
      }
      // A teaser: the article is on its page. When the page cannot be had
      // for good (robots.txt, 4xx, no text), the feed's teaser is stored
      // instead, so the item is not lost.
      const std::string page_url = ResolveUrl(r.effective_url, item.url);
      auto keep_teaser = [&](const std::string& why) {
        out.notes.push_back(page_url + ": " + why + "; stored the feed's teaser");
        out.seen.push_back(item.id);
        out.articles.push_back(std::move(item));
      };
      auto ok = RobotsAllow(page_url);
      if (!ok.ok() || !*ok) {
        keep_teaser("disallowed by robots.txt");
        continue;
      }
      auto page = http_->Get(page_url);
      if (!page.ok() || page->status >= 500) {
        // Transient: not marked seen, tried again next cycle.
        out.notes.push_back(page_url + ": " + (page.ok() ? HttpError(page->status) : page.status().message()) +
                            "; will retry");
        continue;
      }
      if (page->status != 200) {
        keep_teaser(HttpError(page->status));
        continue;
      }
      Article a;
      ingest::web::HtmlInput in{page->effective_url, ingest::web::CharsetFromContentType(page->content_type),
                                page_url};
      Status st = ingest::web::ReadHtmlArticle(page->body, in, a);
      if (!st.ok()) {
        keep_teaser(st.message());
        continue;
      }
      out.seen.push_back(item.id);
      a.id = item.id;
      if (a.url.empty()) a.url = item.url;
      if (a.published.empty()) {
        a.published = item.published;
        a.published_from = item.published_from;
      }
      if (a.title.empty()) a.title = item.title;
      if (a.source.empty()) a.source = item.source;
      out.articles.push_back(std::move(a));
    }
    return Status::Ok();
  }
  // An article page.
  Article a;
  ingest::web::HtmlInput in{r.effective_url, charset, spec.source};
  RETURN_IF_ERROR(ingest::web::ReadHtmlArticle(r.body, in, a));
  out.articles.push_back(std::move(a));
  return Status::Ok();
}

Status Watcher::PollLocal(const SourceSpec& spec, Polled& out) {
  std::error_code ec;
  if (!fs::exists(spec.path, ec)) return NotFound("no such file or folder: " + spec.path);
  std::vector<ingest::Problem> problems;
  std::vector<ingest::InputFile> inputs = ingest::ListInputs({spec.path}, problems);
  for (const auto& p : problems) out.notes.push_back(p.origin + ": " + p.message);
  for (const auto& in : inputs) {
    auto mtime = fs::last_write_time(in.path, ec);
    if (ec) continue;
    const std::string key = in.path + "|" + std::to_string(in.size) + "|" +
                            std::to_string(mtime.time_since_epoch().count());
    ASSIGN_OR_RETURN(bool seen, state_->Seen(spec.source, key));
    if (seen) continue;
    out.seen.push_back(key);
    out.local_paths.push_back(in.path);
  }
  return Status::Ok();
}

StatusOr<std::map<std::string, size_t>> Watcher::StorySizes() {
  std::map<std::string, size_t> sizes;
  ASSIGN_OR_RETURN(auto stories, store_->ListStories());
  for (const auto& s : stories) sizes[s.id] = s.articles.size();
  return sizes;
}

StatusOr<CycleReport> Watcher::RunCycle(bool ignore_intervals) {
  CycleReport report;
  const int64_t requests_before = http_->requests();
  std::map<std::string, size_t> before;
  if (!rules_.rules.empty()) {
    ASSIGN_OR_RETURN(before, StorySizes());
  }
  for (const SourceSpec& spec : sources_) {
    ASSIGN_OR_RETURN(SourceState state, state_->GetSource(spec.source));
    const int64_t now = Now();
    const bool backing_off = state.failures > 0 && state.next_due > now;
    if (backing_off || (!ignore_intervals && state.next_due > now)) {
      ++report.not_due;
      continue;
    }
    ++report.polled;
    ++state.polls;
    Polled polled;
    Status st = spec.remote ? PollRemote(spec, state, polled) : PollLocal(spec, polled);
    pipeline::IngestStats stats;
    if (st.ok() && !polled.articles.empty()) st = ingestor_->IngestArticles(std::move(polled.articles), stats);
    if (st.ok() && !polled.local_paths.empty()) st = ingestor_->Run(polled.local_paths, stats);
    for (const auto& n : polled.notes) Log(spec.source + ": " + n);
    for (const auto& p : stats.problems) Log(spec.source + ": " + p.origin + ": " + p.message);
    const int64_t done = Now();
    if (st.ok()) {
      state.failures = 0;
      state.last_success = IsoUtc(done);
      state.next_due = done + spec.interval;
      state.articles += stats.inserted;
      report.inserted += stats.inserted;
      if (polled.not_modified) {
        ++state.not_modified;
        ++report.not_modified;
      }
      const bool nothing_new = polled.not_modified || (!spec.remote && polled.local_paths.empty());
      if (stats.inserted > 0 || !nothing_new)
        Log(spec.source + ": " + (polled.not_modified ? std::string("not modified")
                                                      : std::to_string(stats.inserted) + " new article(s)"));
    } else {
      ++state.failures;
      ++report.failed;
      state.last_error = st.message();
      state.last_error_at = IsoUtc(done);
      // Exponential back-off from the source's interval, capped.
      int64_t wait = spec.interval;
      for (int i = 1; i < state.failures && wait < options_.max_backoff_seconds; ++i) wait *= 2;
      state.next_due = done + std::min(wait, options_.max_backoff_seconds);
      Log(spec.source + ": error: " + st.message() + " (failure " + std::to_string(state.failures) +
          ", next try in " + std::to_string(state.next_due - done) + " s)");
    }
    // The store has committed this source's articles; now its state.
    RETURN_IF_ERROR(state_->Begin());
    Status ws = state_->PutSource(state);
    if (st.ok())
      for (const auto& k : polled.seen)
        if (ws.ok()) ws = state_->MarkSeen(spec.source, k);
    if (!ws.ok()) {
      (void)state_->Rollback();
      return ws;
    }
    RETURN_IF_ERROR(state_->Commit());
  }
  if (!rules_.rules.empty()) RETURN_IF_ERROR(RaiseAlerts(before, report));
  report.requests = http_->requests() - requests_before;
  return report;
}

Status Watcher::Deliver(AlertRecord& rec, CycleReport& report) {
  if (rules_.webhook.empty()) {
    rec.delivered = true;
    return Status::Ok();
  }
  auto sent = http_->PostJson(rules_.webhook, rec.json);
  if (sent.ok() && *sent >= 200 && *sent < 300) {
    rec.delivered = true;
    ++report.alerts_delivered;
  } else {
    ++report.alerts_failed;
    Log("webhook " + rules_.webhook + ": " + (sent.ok() ? HttpError(*sent) : sent.status().message()) +
        "; the alert stays queued");
  }
  return Status::Ok();
}

Status Watcher::RaiseAlerts(const std::map<std::string, size_t>& before, CycleReport& report) {
  // Alerts whose webhook POST failed in an earlier cycle.
  ASSIGN_OR_RETURN(auto queued, state_->UndeliveredAlerts());
  for (auto& rec : queued) {
    RETURN_IF_ERROR(Deliver(rec, report));
    if (rec.delivered) RETURN_IF_ERROR(state_->PutAlert(rec));
  }
  ASSIGN_OR_RETURN(auto stories, store_->ListStories());
  for (const auto& story : stories) {
    auto it = before.find(story.id);
    if (it != before.end() && it->second == story.articles.size()) continue;
    ++report.stories_touched;
    // The story's articles as stored (as serve::LoadStory reads them).
    std::vector<Article> loaded;
    for (const auto& id : story.articles) {
      ASSIGN_OR_RETURN(auto a, store_->GetArticle(id));
      if (a) loaded.push_back(std::move(*a));
    }
    std::vector<const Article*> ptrs;
    for (const auto& a : loaded) ptrs.push_back(&a);
    stories::StoryAnalysis analysis = stories::AnalyzeStory(story, ptrs);
    std::vector<std::pair<std::string, std::string>> statuses;
    Status lookup_error;
    auto previous = [&](const std::string& k) {
      auto s = state_->CeasefireStatus(story.id, k);
      if (!s.ok()) {
        lookup_error = s.status();
        return std::string();
      }
      return *s;
    };
    auto seen = [&](const std::string& k, const std::string& s) { statuses.emplace_back(k, s); };
    std::vector<Alert> alerts = EvaluateRules(rules_, story, ptrs, analysis, previous, seen);
    RETURN_IF_ERROR(lookup_error);
    RETURN_IF_ERROR(state_->Begin());
    Status st;
    for (auto& alert : alerts) {
      if (!st.ok()) break;
      auto existing = state_->GetAlert(alert.key);
      if (!existing.ok()) { st = existing.status(); break; }
      if (existing->has_value()) continue;
      alert.json["time"] = IsoUtc(Now());
      AlertRecord rec{alert.key, alert.json.dump(), false};
      {
        std::ofstream log(options_.alerts_log, std::ios::app | std::ios::binary);
        log << rec.json << '\n';
        if (!log) { st = IoError("cannot append to " + options_.alerts_log); break; }
      }
      ++report.alerts_new;
      Log("alert " + alert.json["rule"].get<std::string>() + " " + story.id + ": " +
          alert.json["change"].get<std::string>());
      st = Deliver(rec, report);
      if (st.ok()) st = state_->PutAlert(rec);
    }
    for (const auto& [k, s] : statuses)
      if (st.ok()) st = state_->SetCeasefireStatus(story.id, k, s);
    if (!st.ok()) {
      (void)state_->Rollback();
      return st;
    }
    RETURN_IF_ERROR(state_->Commit());
  }
  return Status::Ok();
}

Status Watcher::Run(const std::atomic<bool>& stop) {
  auto robots_since = std::chrono::steady_clock::now();
  while (!stop) {
    auto report = RunCycle(false);
    if (!report.ok()) return report.status();
    // robots.txt is read once per host per run; a long run re-reads it daily.
    if (std::chrono::steady_clock::now() - robots_since > std::chrono::hours(24)) {
      robots_.clear();
      robots_since = std::chrono::steady_clock::now();
    }
    int64_t next = INT64_MAX;
    for (const auto& spec : sources_) {
      ASSIGN_OR_RETURN(SourceState s, state_->GetSource(spec.source));
      next = std::min(next, s.next_due);
    }
    while (!stop && Now() < next) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return Status::Ok();
}

}  // namespace marsad::watch
