#include "marsad/pipeline/ingestor.h"

#include <algorithm>
#include <atomic>
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

}  // namespace

Ingestor::Ingestor(const Analyzer& analyzer, store::Store& store, IngestOptions options)
    : analyzer_(analyzer), store_(store), options_(options) {
  if (options_.threads <= 0) options_.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (options_.batch_size == 0) options_.batch_size = 1;
}

Ingestor::~Ingestor() = default;

StatusOr<std::unique_ptr<Ingestor>> Ingestor::Create(const Analyzer& analyzer, store::Store& store,
                                                     IngestOptions options) {
  static std::once_flag web_readers;
  std::call_once(web_readers, ingest::web::RegisterWebReaders);
  std::unique_ptr<Ingestor> ingestor(new Ingestor(analyzer, store, options));
  ingestor->clusterer_ = std::make_unique<stories::StoryClusterer>();
  ASSIGN_OR_RETURN(auto stories, store.ListStories());
  for (const auto& s : stories) {
    RETURN_IF_ERROR(ingestor->clusterer_->Restore(s).WithContext("restoring story " + s.id));
  }
  return ingestor;
}

Status Ingestor::Flush(std::vector<Article>& batch, IngestStats& stats) {
  if (batch.empty()) return Status::Ok();
  // 1. Metadata and content keys, in parallel.
  std::vector<uint64_t> hashes(batch.size());
  ParallelFor(batch.size(), options_.threads, [&](size_t i) {
    ingest::FillMetadata(batch[i]);
    hashes[i] = store::ContentHash(batch[i].text);
  });
  // 2. Drop what is stored already or repeated within the batch.
  std::vector<Article> fresh;
  std::vector<uint64_t> fresh_hashes;
  fresh.reserve(batch.size());
  std::unordered_set<std::string> ids;
  std::unordered_set<uint64_t> contents;
  // What is dropped is still an arrival: recorded as a source of the stored copy.
  std::vector<store::DuplicateArrival> arrivals;
  for (size_t i = 0; i < batch.size(); ++i) {
    Article& a = batch[i];
    if (!ids.insert(a.id).second || !contents.insert(hashes[i]).second) {
      ++stats.duplicates_in_input;
      arrivals.push_back({a.id, hashes[i], store::SourceOf(a)});
      continue;
    }
    ASSIGN_OR_RETURN(bool stored, store_.Contains(a.id, hashes[i]));
    if (stored) {
      ++stats.already_stored;
      arrivals.push_back({a.id, hashes[i], store::SourceOf(a)});
      continue;
    }
    fresh.push_back(std::move(a));
    fresh_hashes.push_back(hashes[i]);
  }
  batch.clear();
  // 3. Analysis, in parallel: the analyzer is immutable and thread-safe.
  ParallelFor(fresh.size(), options_.threads, [&](size_t i) { analyzer_.Analyze(fresh[i]); });
  // 4. Stories, in input order (deterministic). With several writers
  // (PostgreSQL) this step holds their lock until the commit: first catch up
  // on the stories the others changed, and drop the articles they stored
  // meanwhile, so every worker assigns as one process would.
  ASSIGN_OR_RETURN(std::vector<StoryRecord> changed, store_.BeginAssign());
  if (!changed.empty()) {
    for (const auto& s : changed) RETURN_IF_ERROR(clusterer_->Replace(s).WithContext("synchronizing story " + s.id));
    size_t kept = 0;
    for (size_t i = 0; i < fresh.size(); ++i) {
      ASSIGN_OR_RETURN(bool stored, store_.Contains(fresh[i].id, fresh_hashes[i]));
      if (stored) {
        ++stats.already_stored;
        arrivals.push_back({fresh[i].id, fresh_hashes[i], store::SourceOf(fresh[i])});
        continue;
      }
      if (kept != i) fresh[kept] = std::move(fresh[i]);
      ++kept;
    }
    fresh.resize(kept);
  }
  for (auto& a : fresh) {
    clusterer_->Assign(a);
    stats.near_duplicates += !a.duplicate_of.empty();
  }
  auto dirty = clusterer_->TakeDirty();
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
  // 5. One transaction for the batch and the stories it changed.
  ASSIGN_OR_RETURN(store::CommitResult result, store_.Commit(fresh, dirty, arrivals));
  stats.inserted += static_cast<int64_t>(result.inserted.size());
  stats.already_stored += static_cast<int64_t>(result.skipped.size());
  stats.stories_touched += static_cast<int64_t>(dirty.size());
  return Status::Ok();
}

Status Ingestor::DescribeStories(const std::vector<Article>& fresh, std::vector<StoryRecord>& dirty) {
  std::unordered_map<std::string_view, const Article*> in_batch;
  for (const auto& a : fresh) in_batch[a.id] = &a;
  for (StoryRecord& s : dirty) {
    // The title and summary are re-derived from the latest reports; a story
    // of thousands is described by its most recent kMaxDescribed.
    constexpr size_t kMaxDescribed = 64;
    size_t first = s.articles.size() > kMaxDescribed ? s.articles.size() - kMaxDescribed : 0;
    std::vector<Article> loaded;
    loaded.reserve(s.articles.size() - first);
    std::vector<const Article*> members;
    for (size_t i = first; i < s.articles.size(); ++i) {
      auto it = in_batch.find(s.articles[i]);
      if (it != in_batch.end()) {
        members.push_back(it->second);
        continue;
      }
      ASSIGN_OR_RETURN(auto stored, store_.GetArticle(s.articles[i]));
      if (stored) loaded.push_back(std::move(*stored));
    }
    for (const auto& a : loaded) members.push_back(&a);
    stories::StoryAnalysis analysis = stories::AnalyzeStory(s, members);
    if (!analysis.title.empty()) s.title = analysis.title;
    s.summary = analysis.summary;
  }
  return Status::Ok();
}

Status Ingestor::IngestArticles(std::vector<Article> articles, IngestStats& stats) {
  for (size_t start = 0; start < articles.size(); start += options_.batch_size) {
    size_t end = std::min(articles.size(), start + options_.batch_size);
    std::vector<Article> batch(std::make_move_iterator(articles.begin() + start),
                               std::make_move_iterator(articles.begin() + end));
    RETURN_IF_ERROR(Flush(batch, stats));
  }
  return Status::Ok();
}

Status Ingestor::Run(const std::vector<std::string>& paths, IngestStats& stats) {
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
        RETURN_IF_ERROR(Flush(batch, stats));
        progress.articles = stats.inserted + stats.already_stored + stats.duplicates_in_input;
        if (progress_) progress_(progress);
      }
    }
    progress.bytes_done += input.size;
  }
  RETURN_IF_ERROR(Flush(batch, stats));
  progress.articles = stats.inserted + stats.already_stored + stats.duplicates_in_input;
  if (progress_) progress_(progress);
  return Status::Ok();
}

}  // namespace marsad::pipeline
