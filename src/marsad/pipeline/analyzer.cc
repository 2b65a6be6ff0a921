#include "marsad/pipeline/analyzer.h"

#include <algorithm>
#include <filesystem>

#include "marsad/core/paths.h"
#include "marsad/extract/events/event_extractor.h"
#include "marsad/extract/linking/entity_linker.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/extract/ner/tagger.h"
#include "marsad/extract/numbers/number_extractor.h"
#include "marsad/extract/quotes/quote_extractor.h"
#include "marsad/extract/time/time_extractor.h"
#include "marsad/text/resources.h"
#include "marsad/text/tokenizer.h"

namespace marsad::pipeline {

struct Analyzer::Impl {
  AnalyzerOptions options;
  std::unique_ptr<linking::KnowledgeBase> kb;
  std::unique_ptr<linking::EntityLinker> linker;
  std::unique_ptr<ner::Tagger> tagger;
  std::unique_ptr<time::TimeExtractor> time;
  std::unique_ptr<numbers::NumberExtractor> numbers;
  std::unique_ptr<quotes::QuoteExtractor> quotes;
  std::unique_ptr<events::EventExtractor> events;
};

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

const linking::KnowledgeBase* Analyzer::knowledge_base() const { return impl_->kb.get(); }

StatusOr<std::unique_ptr<Analyzer>> Analyzer::Load(const AnalyzerOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const std::string data = options.data_dir.empty() ? DataDir() : options.data_dir;
  namespace fs = std::filesystem;
  RETURN_IF_ERROR(text::LoadTextResources(data).WithContext("loading the text lexicons"));
  if (options.entities) {
    auto kb = linking::KnowledgeBase::Load((fs::path(data) / "kb").string());
    if (!kb.ok()) return kb.status().WithContext("loading the knowledge base");
    impl->kb = std::make_unique<linking::KnowledgeBase>(std::move(kb).value());
    impl->linker = std::make_unique<linking::EntityLinker>(*impl->kb);
    // Without the statistical model, entities still come from the knowledge
    // base; a model that is there but does not load is an error.
    const std::string model = (fs::path(data) / "models" / "ner.bin").string();
    std::error_code ec;
    if (fs::exists(model, ec)) {
      auto tagger = ner::Tagger::Load(model, impl->kb.get(), data);
      if (!tagger.ok()) return tagger.status().WithContext("loading the NER model");
      impl->tagger = std::move(tagger).value();
    }
  }
  if (options.time) {
    auto t = time::TimeExtractor::Load(data);
    if (!t.ok()) return t.status().WithContext("loading the date lexicons");
    impl->time = std::make_unique<time::TimeExtractor>(std::move(t).value());
  }
  if (options.numbers) {
    auto n = numbers::NumberExtractor::Load(data);
    if (!n.ok()) return n.status().WithContext("loading the number lexicons");
    impl->numbers = std::make_unique<numbers::NumberExtractor>(std::move(n).value());
  }
  if (options.quotes) {
    auto q = quotes::QuoteExtractor::Load(data, impl->kb.get());
    if (!q.ok()) return q.status().WithContext("loading the quote lexicons");
    impl->quotes = std::make_unique<quotes::QuoteExtractor>(std::move(q).value());
  }
  if (options.events) {
    auto e = events::EventExtractor::Load(data, impl->kb.get());
    if (!e.ok()) return e.status().WithContext("loading the event lexicons");
    impl->events = std::make_unique<events::EventExtractor>(std::move(e).value());
  }
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

void Analyzer::Analyze(Article& a) const {
  text::Analyze(a);
  if (impl_->linker) {
    std::vector<Mention> ner = impl_->tagger ? impl_->tagger->Tag(a) : std::vector<Mention>{};
    impl_->linker->Process(a, std::move(ner));
  }
  if (impl_->time) {
    impl_->time->Extract(a);
    CheckPublished(a);
  }
  if (impl_->numbers) impl_->numbers->Extract(a);
  if (impl_->quotes) impl_->quotes->Extract(a);
  // Events read the mentions, dates, numbers (and quotes) filled in above.
  if (impl_->events) ExtractEvents(a);
}

namespace {

// Events are read from the head of very long texts only: a news report is a
// few kilobytes, and the event rules cost more than linear time on a
// 10 MB "article" (hostile or mis-split input).
constexpr uint32_t kEventBytes = 256 * 1024;

template <typename T>
void KeepBefore(std::vector<T>& v, uint32_t end) {
  v.erase(std::remove_if(v.begin(), v.end(), [end](const T& x) { return x.span.end > end; }), v.end());
}

}  // namespace

// A publication date read from the page's own stamp or dateline is
// re-checked with the time expressions: the stamp must be among the dates
// the time stage finds in the text. A disagreement is kept as a warning, for
// the analyst to see; the date is not changed.
void Analyzer::CheckPublished(Article& a) const {
  if (a.published.size() < 10 || (a.published_from != "stamp" && a.published_from != "dateline")) return;
  const std::string day = a.published.substr(0, 10);
  for (const Timex& t : a.timexes)
    if (t.value.compare(0, 10, day) == 0) return;
  a.warnings.push_back("publication date " + day + " (from the " + a.published_from +
                       ") is not among the dates the text's time expressions give");
}

void Analyzer::ExtractEvents(Article& a) const {
  if (a.text.size() <= kEventBytes) {
    impl_->events->Extract(a);
    return;
  }
  Article head = a;
  head.sentences.erase(std::remove_if(head.sentences.begin(), head.sentences.end(),
                                      [](const Sentence& s) { return s.span.end > kEventBytes; }),
                       head.sentences.end());
  uint32_t tokens = head.sentences.empty() ? 0 : head.sentences.back().end_token;
  head.tokens.resize(std::min<size_t>(head.tokens.size(), tokens));
  KeepBefore(head.mentions, kEventBytes);
  KeepBefore(head.timexes, kEventBytes);
  KeepBefore(head.numbers, kEventBytes);
  KeepBefore(head.quotes, kEventBytes);
  impl_->events->Extract(head);
  a.events = std::move(head.events);
  a.event_type = std::move(head.event_type);
  a.warnings.push_back("events read from the first " + std::to_string(kEventBytes / 1024) + " KB only");
}

void Analyzer::Reanchor(Article& a, std::string_view ref) const {
  if (!impl_->time || impl_->time->Reanchor(a, ref) == 0) return;
  if (impl_->events) {
    a.events.clear();
    ExtractEvents(a);
  }
}

}  // namespace marsad::pipeline
