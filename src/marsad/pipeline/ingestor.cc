#include "marsad/pipeline/ingestor.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "marsad/ingest/metadata.h"
#include "marsad/ingest/sources.h"
#include "marsad/ingest/web/web_readers.h"
#include "marsad/stories/story_clusterer.h"
#include "marsad/stories/story_view.h"

namespace marsad::pipeline {

namespace {

// Runs fn(i) for i in [0, n) on up to `threads` threads.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn fn) {
  size_t workers = std::min<size_t>(n, static_cast<size_t>(std::max(1, threads)));
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) fn(i);
    });
  }
  for (auto& t : pool) t.join();
}

// Resident set size now (MB), for the trace; 0 where /proc is missing.
double ResidentMb() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long size = 0, resident = 0;
  const int got = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return got == 2 ? static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1048576.0 : 0;
}

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

// MARSAD_INGEST_TRACE=FILE: one line per committed batch with the running
// totals of the committing thread's CPU time per step, to see how the
// serial steps (story assignment above all) grow with the store.
struct Ingestor::Trace {
  std::FILE* out = nullptr;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  double assign = 0, describe = 0, commit = 0, wait = 0;
  int64_t articles = 0;
  int64_t reads = 0;  // members read back from the store for titles/summaries (lead cache misses)
  ~Trace() {
    if (out) std::fclose(out);
  }
};

// One batch between the dedup step and its commit.
struct Ingestor::Batch {
  std::vector<Article> fresh;                    // not stored yet, in input order
  std::vector<uint64_t> hashes;                  // ContentHash of each
  std::vector<store::DuplicateArrival> arrivals; // dropped inputs, recorded as sources at commit
  uint64_t epoch = 0;  // Ingestor::sync_epoch_ when its articles were checked against the store
  size_t next = 0;                               // next article to analyze (under Pool::mu)
  size_t done = 0;                               // articles analyzed (under Pool::mu)
};

// The analysis threads: they take the articles of the queued batches, oldest
// batch first, and analyze them in place. Thread-safe; the Ingestor's thread
// submits batches and waits for each in order.
class Ingestor::Pool {
 public:
  Pool(const Analyzer& analyzer, int threads) : analyzer_(analyzer) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void Submit(Batch* b) {
    if (b->fresh.empty()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      queue_.push_back(b);
    }
    work_cv_.notify_all();
  }
  void Wait(Batch* b) {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [&] { return b->done == b->fresh.size(); });
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mu_);
    while (true) {
      work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      Batch* b = queue_.front();
      const size_t i = b->next++;
      if (b->next == b->fresh.size()) queue_.pop_front();
      lock.unlock();
      analyzer_.Analyze(b->fresh[i]);
      lock.lock();
      if (++b->done == b->fresh.size()) done_cv_.notify_all();
    }
  }

  const Analyzer& analyzer_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<Batch*> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

Ingestor::Ingestor(const Analyzer& analyzer, store::Store& store, IngestOptions options)
    : analyzer_(analyzer), store_(store), options_(options) {
  // 0 = every core but one for analysis: the committing thread (stories,
  // titles, the store) is busy too, and a third thread on two cores made
  // the whole run slower (docs/SCALE.md).
  if (options_.threads <= 0) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    options_.threads = static_cast<int>(cores > 1 ? cores - 1 : 1);
  }
  if (options_.batch_size == 0) options_.batch_size = 1;
  if (options_.max_pending < 1) options_.max_pending = 1;
  if (const char* path = std::getenv("MARSAD_INGEST_TRACE"); path && *path) {
    trace_ = std::make_unique<Trace>();
    trace_->out = std::fopen(path, "w");
    if (trace_->out) {
      std::fprintf(trace_->out,
                   "articles\tstories\twall_s\tprocess_cpu_s\tassign_cpu_s\tdescribe_cpu_s\tcommit_cpu_s\twait_s\t"
                   "held_stories\trss_mb\tdescribe_reads\n");
    } else {
      trace_.reset();
    }
  }
}

Ingestor::~Ingestor() = default;

StatusOr<std::unique_ptr<Ingestor>> Ingestor::Create(const Analyzer& analyzer, store::Store& store,
                                                     IngestOptions options) {
  static std::once_flag web_readers;
  std::call_once(web_readers, ingest::web::RegisterWebReaders);
  std::unique_ptr<Ingestor> ingestor(new Ingestor(analyzer, store, options));
  // Testing knobs (docs/SCALE.md): MARSAD_STORY_WINDOW=N retires stories
  // idle for N articles (default 250,000) so that retirement can be checked
  // end to end on a small corpus; MARSAD_STORY_KEEP_RETIRED=1 keeps retired
  // stories' features in memory (the results must not change).
  stories::ClusterOptions cluster;
  if (const char* w = std::getenv("MARSAD_STORY_WINDOW"); w && *w) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(w, &end, 10);
    if (*end != '\0' || v == 0 || v > UINT32_MAX)
      return InvalidArgument(std::string("MARSAD_STORY_WINDOW must be a positive number of articles, not '") + w + "'");
    cluster.seq_window = static_cast<uint32_t>(v);
  }
  if (const char* k = std::getenv("MARSAD_STORY_KEEP_RETIRED"); k && *k == '1') cluster.drop_retired = false;
  ingestor->clusterer_ = std::make_unique<stories::StoryClusterer>(cluster);
  ASSIGN_OR_RETURN(auto stories, store.ListStories());
  for (const auto& s : stories) {
    RETURN_IF_ERROR(ingestor->clusterer_->Restore(s).WithContext("restoring story " + s.id));
  }
  return ingestor;
}

Status Ingestor::Submit(std::vector<Article>& batch, IngestStats& stats) {
  if (batch.empty()) return Status::Ok();
  // 1. Metadata and content keys, in parallel.
  std::vector<uint64_t> hashes(batch.size());
  ParallelFor(batch.size(), options_.threads, [&](size_t i) {
    ingest::FillMetadata(batch[i]);
    hashes[i] = store::ContentHash(batch[i].text);
  });
  // 2. Drop what is stored already, repeated within the batch, or in a batch
  // still in flight (analyzed or committing: the store does not hold it yet,
  // but a sequential run would find it there, so it counts as stored).
  auto b = std::make_unique<Batch>();
  b->epoch = sync_epoch_;
  b->fresh.reserve(batch.size());
  std::unordered_set<std::string> ids;
  std::unordered_set<uint64_t> contents;
  for (size_t i = 0; i < batch.size(); ++i) {
    Article& a = batch[i];
    // What is dropped is still an arrival: recorded as a source of the stored copy.
    if (!ids.insert(a.id).second || !contents.insert(hashes[i]).second) {
      ++stats.duplicates_in_input;
      b->arrivals.push_back({a.id, hashes[i], store::SourceOf(a)});
      continue;
    }
    bool stored = in_flight_ids_.count(a.id) > 0 || in_flight_hashes_.count(hashes[i]) > 0;
    if (!stored) {
      ASSIGN_OR_RETURN(stored, store_.Contains(a.id, hashes[i]));
    }
    if (stored) {
      ++stats.already_stored;
      b->arrivals.push_back({a.id, hashes[i], store::SourceOf(a)});
      continue;
    }
    b->fresh.push_back(std::move(a));
    b->hashes.push_back(hashes[i]);
  }
  batch.clear();
  for (size_t i = 0; i < b->fresh.size(); ++i) {
    in_flight_ids_.insert(b->fresh[i].id);
    in_flight_hashes_.insert(b->hashes[i]);
  }
  // 3. Analysis on the pool, while this thread reads and commits.
  if (!pool_) pool_ = std::make_unique<Pool>(analyzer_, options_.threads);
  pool_->Submit(b.get());
  pending_.push_back(std::move(b));
  // Bounded: at most max_pending batches read ahead of the commit.
  while (pending_.size() > static_cast<size_t>(options_.max_pending)) RETURN_IF_ERROR(CommitOldest(stats));
  return Status::Ok();
}

Status Ingestor::Drain(IngestStats& stats) {
  while (!pending_.empty()) RETURN_IF_ERROR(CommitOldest(stats));
  return Status::Ok();
}

void Ingestor::Abandon() {
  // After an error: let the analysis finish on what is queued (the pool
  // holds pointers into the pending batches), then drop them.
  if (pool_) {
    for (auto& b : pending_) pool_->Wait(b.get());
  }
  pending_.clear();
  in_flight_ids_.clear();
  in_flight_hashes_.clear();
}

Status Ingestor::CommitOldest(IngestStats& stats) {
  std::unique_ptr<Batch> b = std::move(pending_.front());
  pending_.pop_front();
  const auto wait_start = std::chrono::steady_clock::now();
  if (pool_) pool_->Wait(b.get());
  double t0 = trace_ ? CpuSeconds(CLOCK_THREAD_CPUTIME_ID) : 0;
  if (trace_) trace_->wait += std::chrono::duration<double>(std::chrono::steady_clock::now() - wait_start).count();
  for (size_t i = 0; i < b->fresh.size(); ++i) {
    in_flight_ids_.erase(b->fresh[i].id);
    in_flight_hashes_.erase(b->hashes[i]);
  }
  std::vector<Article>& fresh = b->fresh;
  std::vector<uint64_t>& fresh_hashes = b->hashes;
  std::vector<store::DuplicateArrival>& arrivals = b->arrivals;
  // 4. Stories, in input order (deterministic). With several writers
  // (PostgreSQL) this step holds their lock until the commit: first catch up
  // on the stories the others changed, and drop the articles they stored
  // meanwhile, so every worker assigns as one process would.
  // The batch was checked against the store before the batches ahead of it
  // were committed: if this catch-up, or an earlier one since that check,
  // took in other writers' changes, check its articles again (a sequential
  // run would have seen those writers' articles in its first check).
  ASSIGN_OR_RETURN(std::vector<StoryRecord> changed, store_.BeginAssign());
  if (!changed.empty()) {
    for (const auto& s : changed) RETURN_IF_ERROR(clusterer_->Replace(s).WithContext("synchronizing story " + s.id));
    ++sync_epoch_;
  }
  if (b->epoch != sync_epoch_) {
    size_t kept = 0;
    for (size_t i = 0; i < fresh.size(); ++i) {
      ASSIGN_OR_RETURN(bool stored, store_.Contains(fresh[i].id, fresh_hashes[i]));
      if (stored) {
        ++stats.already_stored;
        arrivals.push_back({fresh[i].id, fresh_hashes[i], store::SourceOf(fresh[i])});
        continue;
      }
      if (kept != i) {
        fresh[kept] = std::move(fresh[i]);
        fresh_hashes[kept] = fresh_hashes[i];
      }
      ++kept;
    }
    fresh.resize(kept);
    fresh_hashes.resize(kept);
  }
  for (auto& a : fresh) {
    clusterer_->Assign(a);
    stats.near_duplicates += !a.duplicate_of.empty();
  }
  auto dirty = clusterer_->TakeDirty();
  double t1 = trace_ ? CpuSeconds(CLOCK_THREAD_CPUTIME_ID) : 0;
  {
    // Articles with no date of their own: resolve their weekdays and
    // deictic days against the latest date of the story they joined.
    std::unordered_map<std::string_view, std::string_view> last;
    for (const auto& s : dirty) last[s.id] = s.last_seen;
    for (auto& a : fresh) {
      if (!a.published.empty() || a.story.empty()) continue;
      auto it = last.find(a.story);
      if (it != last.end() && !it->second.empty()) analyzer_.Reanchor(a, it->second);
    }
  }
  RETURN_IF_ERROR(DescribeStories(fresh, dirty));
  double t2 = trace_ ? CpuSeconds(CLOCK_THREAD_CPUTIME_ID) : 0;
  // 5. One transaction for the batch and the stories it changed.
  ASSIGN_OR_RETURN(store::CommitResult result, store_.Commit(fresh, dirty, arrivals));
  if (trace_) {
    const double t3 = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
    trace_->assign += t1 - t0;
    trace_->describe += t2 - t1;
    trace_->commit += t3 - t2;
    trace_->articles += static_cast<int64_t>(result.inserted.size());
    std::fprintf(trace_->out, "%lld\t%zu\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%zu\t%.1f\t%lld\n",
                 static_cast<long long>(trace_->articles), clusterer_->num_stories(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - trace_->start).count(),
                 CpuSeconds(CLOCK_PROCESS_CPUTIME_ID), trace_->assign, trace_->describe, trace_->commit, trace_->wait,
                 clusterer_->num_held_stories(), ResidentMb(), static_cast<long long>(trace_->reads));
    std::fflush(trace_->out);
  }
  stats.inserted += static_cast<int64_t>(result.inserted.size());
  stats.already_stored += static_cast<int64_t>(result.skipped.size());
  stats.stories_touched += static_cast<int64_t>(dirty.size());
  RememberLeads(fresh, result.inserted);
  return Status::Ok();
}

namespace {

// What DescribeStory reads of an article: id, date, title, and the tokens
// (kind, form) and text of its first six sentences — the same result as the
// whole article (which DescribeStory re-tokenizes when read back from the
// store: text::Analyze gives the same tokens), in a fraction of the memory.
Article LeadOf(const Article& a) {
  constexpr size_t kLeadSentences = 6;  // stories::DescribeStory reads no further
  Article t;
  t.id = a.id;
  t.published = a.published;
  t.title = a.title;
  if (a.tokens.empty() || a.sentences.empty()) {
    t.text = a.text;  // DescribeStory tokenizes it, as for a stored article
    return t;
  }
  const size_t k = std::min(kLeadSentences, a.sentences.size());
  t.sentences.assign(a.sentences.begin(), a.sentences.begin() + static_cast<std::ptrdiff_t>(k));
  t.text = a.text.substr(0, std::min<size_t>(a.text.size(), t.sentences.back().span.end));
  const size_t n = std::min<size_t>(a.tokens.size(), t.sentences.back().end_token);
  t.tokens.resize(n);
  for (size_t i = 0; i < n; ++i) {
    t.tokens[i].span = a.tokens[i].span;
    t.tokens[i].kind = a.tokens[i].kind;
    t.tokens[i].form = a.tokens[i].form;
  }
  return t;
}

}  // namespace

void Ingestor::RememberLeads(const std::vector<Article>& fresh, const std::vector<std::string>& inserted) {
  if (options_.lead_cache == 0) return;
  std::unordered_set<std::string_view> stored(inserted.begin(), inserted.end());
  for (const Article& a : fresh) {
    // Only what this commit stored: a skipped article's id may name another text.
    if (!stored.count(a.id) || leads_.count(a.id)) continue;
    leads_.emplace(a.id, LeadOf(a));
    lead_order_.push_back(a.id);
    while (lead_order_.size() > options_.lead_cache) {
      leads_.erase(lead_order_.front());
      lead_order_.pop_front();
    }
  }
}

Status Ingestor::DescribeStories(const std::vector<Article>& fresh, std::vector<StoryRecord>& dirty) {
  std::unordered_map<std::string_view, const Article*> in_batch;
  for (const auto& a : fresh) in_batch[a.id] = &a;
  for (StoryRecord& s : dirty) {
    // The title and summary are re-derived from the latest reports; a story
    // of thousands is described by its most recent kMaxDescribed.
    constexpr size_t kMaxDescribed = 64;
    size_t first = s.articles.size() > kMaxDescribed ? s.articles.size() - kMaxDescribed : 0;
    // Members of this batch first, then the stored ones in story order
    // (recent ones from the lead cache, older ones read back).
    std::deque<Article> loaded;
    std::vector<const Article*> members, stored;
    for (size_t i = first; i < s.articles.size(); ++i) {
      auto it = in_batch.find(s.articles[i]);
      if (it != in_batch.end()) {
        members.push_back(it->second);
        continue;
      }
      auto lead = leads_.find(s.articles[i]);
      if (lead != leads_.end()) {
        stored.push_back(&lead->second);
        continue;
      }
      ASSIGN_OR_RETURN(auto article, store_.GetArticle(s.articles[i]));
      if (trace_) ++trace_->reads;
      if (article) {
        loaded.push_back(std::move(*article));
        stored.push_back(&loaded.back());
      }
    }
    members.insert(members.end(), stored.begin(), stored.end());
    stories::StoryAnalysis analysis = stories::DescribeStory(s, members);
    if (!analysis.title.empty()) s.title = analysis.title;
    s.summary = analysis.summary;
  }
  return Status::Ok();
}

Status Ingestor::IngestArticles(std::vector<Article> articles, IngestStats& stats) {
  Status st;
  for (size_t start = 0; start < articles.size() && st.ok(); start += options_.batch_size) {
    size_t end = std::min(articles.size(), start + options_.batch_size);
    std::vector<Article> batch(std::make_move_iterator(articles.begin() + start),
                               std::make_move_iterator(articles.begin() + end));
    st = Submit(batch, stats);
  }
  if (st.ok()) st = Drain(stats);
  if (!st.ok()) Abandon();
  return st;
}

Status Ingestor::Run(const std::vector<std::string>& paths, IngestStats& stats) {
  Status st = RunInputs(paths, stats);
  if (!st.ok()) Abandon();
  return st;
}

Status Ingestor::RunInputs(const std::vector<std::string>& paths, IngestStats& stats) {
  std::vector<ingest::InputFile> inputs = ingest::ListInputs(paths, stats.problems);
  Progress progress;
  progress.files_total = static_cast<int64_t>(inputs.size());
  for (const auto& in : inputs) progress.bytes_total += in.size;
  std::vector<Article> batch;
  batch.reserve(options_.batch_size);
  for (const auto& input : inputs) {
    progress.current = input.path;
    if (progress_) progress_(progress);
    std::unique_ptr<ingest::Reader> reader = ingest::OpenReader(input, stats.problems);
    ++progress.files_done;
    if (!reader) continue;
    ++stats.files;
    Article a;
    while (reader->Next(a, stats.problems)) {
      ++stats.read_by_format[reader->format()];
      batch.push_back(std::move(a));
      a = Article();
      if (batch.size() >= options_.batch_size) {
        RETURN_IF_ERROR(Submit(batch, stats));
        batch.reserve(options_.batch_size);
        progress.articles = stats.inserted + stats.already_stored + stats.duplicates_in_input;
        if (progress_) progress_(progress);
      }
    }
    progress.bytes_done += input.size;
  }
  RETURN_IF_ERROR(Submit(batch, stats));
  RETURN_IF_ERROR(Drain(stats));
  progress.articles = stats.inserted + stats.already_stored + stats.duplicates_in_input;
  if (progress_) progress_(progress);
  return Status::Ok();
}

}  // namespace marsad::pipeline
