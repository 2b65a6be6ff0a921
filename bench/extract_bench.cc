// Throughput of the three rule-based extractors, each alone, on articles
// already tokenized and linked (text::Analyze + EntityLinker run once in
// setup, and the time stage before quotes, as in the pipeline):
// TimeExtractor::Extract, NumberExtractor::Extract, QuoteExtractor::Extract.
// Articles: the texts of ../shared/corpus/dev when present (a realistic mix
// of outlets), else invented reports written for this benchmark.
// Bytes are the articles' original text; items are articles.
//   cmake -S . -B build -DMARSAD_BUILD_BENCH=ON && cmake --build build --target extract_bench
//   build/bench/extract_bench
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "marsad/core/article.h"
#include "marsad/extract/linking/entity_linker.h"
#include "marsad/extract/linking/knowledge_base.h"
#include "marsad/extract/numbers/number_extractor.h"
#include "marsad/extract/quotes/quote_extractor.h"
#include "marsad/extract/time/time_extractor.h"
#include "marsad/text/resources.h"
#include "marsad/text/tokenizer.h"

namespace {

using namespace marsad;

// Invented reports in the style of the corpora (wire copy, quotes, figures,
// dates in both month-name sets, a dateline, a byline).
const char* const kReports[] = {
    "موسكو (وكالات) – أعلنت وزارة الخارجية الروسية، فجر السبت 10 أكتوبر/تشرين الأول 2020، أن "
    "أرمينيا وأذربيجان اتفقتا على وقف لإطلاق النار يبدأ عند الساعة 12:00 ظهرا لأسباب إنسانية.\n"
    "وقال وزير الخارجية الروسي سيرغي لافروف للصحفيين عقب محادثات استمرت أكثر من عشر ساعات: "
    "«سيجري تبادل الأسرى وجثث القتلى بوساطة اللجنة الدولية للصليب الأحمر، وفق معايير يتفق "
    "عليها لاحقا».\nوأضاف أن الطرفين سيبدآن مفاوضات جوهرية بهدف التوصل إلى تسوية سلمية.\n"
    "وبحسب وزارة الدفاع في كاراباخ، قتل 26 جنديا آخرين، ما يرفع حصيلة القتلى العسكريين إلى 376 "
    "منذ 27 سبتمبر الماضي، فيما قتل نحو 20 مدنيا وأصيب العشرات.\n"
    "من جهته، قال الرئيس الأذربيجاني إلهام علييف في خطاب متلفز إن بلاده ستستعيد أراضيها "
    "\"إما عن طريق المفاوضات أو بالقوة\"، مؤكدا أن الهدنة مؤقتة.\n",

    "غزة – أعلن رئيس الوزراء القطري محمد بن عبدالرحمن آل ثاني، مساء الأربعاء 15 يناير 2025، "
    "التوصل إلى اتفاق لوقف إطلاق النار في قطاع غزة يدخل حيز التنفيذ صباح الأحد المقبل.\n"
    "وأوضح في مؤتمر صحفي بالدوحة أن المرحلة الأولى تستمر 42 يوما، ويفرج خلالها عن 33 رهينة "
    "مقابل مئات الأسرى الفلسطينيين.\n«نأمل أن يكون هذا الاتفاق خطوة نحو إنهاء الحرب»، قال آل ثاني.\n"
    "ونقلت وكالة رويترز عن مسؤول أمريكي قوله إن الرئيس جو بايدن سيلقي كلمة بشأن الاتفاق خلال "
    "ساعات، مضيفا أن واشنطن ستواصل العمل مع مصر وقطر.\n"
    "وقالت حركة حماس في بيان: \"إن هذا الاتفاق ثمرة صمود شعبنا.\nونحن ملتزمون بتنفيذ بنوده\".\n"
    "وتقول وزارة الصحة في غزة إن أكثر من 46 ألف شخص قتلوا منذ بدء الحرب في أكتوبر 2023.\n",

    "صنعاء – أعلن المبعوث الأممي إلى اليمن هانس غروندبرغ، الجمعة، أن أطراف النزاع وافقت على "
    "هدنة لمدة شهرين قابلة للتمديد، تبدأ في الساعة السابعة من مساء السبت 2 أبريل 2022.\n"
    "وقال غروندبرغ في بيان إن الهدنة تشمل وقف العمليات العسكرية الهجومية برا وجوا وبحرا، "
    "ودخول 18 سفينة وقود إلى ميناء الحديدة، ورحلتين تجاريتين أسبوعيا من مطار صنعاء.\n"
    "وأشار إلى أن الطرفين اتفقا على الاجتماع لفتح الطرق في تعز.\nورحب الأمين العام للأمم "
    "المتحدة أنطونيو غوتيريش بالإعلان، داعيا إلى البناء عليه، وأكد أن \"هذه خطوة أولى طال "
    "انتظارها\".\nووفقا لمصادر محلية، شهدت جبهات مأرب هدوءا حذرا منذ مساء السبت.\n"
    "وكانت الأمم المتحدة قد قدرت عدد القتلى منذ عام 2015 بنحو 377 ألف شخص حتى نهاية 2021.\n",

    "إسطنبول – اتفق الوفدان الروسي والأوكراني في أول محادثات مباشرة منذ ثلاث سنوات، الجمعة 16 "
    "مايو 2025، على تبادل ألف أسير مقابل ألف، وفق ما أعلن رئيس الوفد الأوكراني رستم عمروف.\n"
    "وقال رئيس الوفد الروسي فلاديمير ميدينسكي للصحفيين بعد الاجتماع الذي استمر ساعة و40 دقيقة: "
    "\"نحن راضون عن النتيجة ومستعدون لمواصلة الاتصالات\".\nوأضاف أن كل طرف سيقدم رؤيته "
    "لوقف إطلاق النار المحتمل بالتفصيل.\nفي المقابل، نقل عن مسؤول أوكراني قوله إن موسكو "
    "قدمت \"مطالب غير مقبولة\"، بحسب وكالة فرانس برس.\nوشدد وزير الخارجية التركي هاكان فيدان، "
    "الذي استضاف المحادثات في قصر دولمة بهتشة، على أن \"هناك طريقين أمامنا\".\n",
};

struct Fixture {
  std::unique_ptr<linking::KnowledgeBase> kb;
  std::unique_ptr<time::TimeExtractor> time;
  std::unique_ptr<numbers::NumberExtractor> numbers;
  std::unique_ptr<quotes::QuoteExtractor> quotes;
  std::vector<Article> articles;  // analyzed: tokens, mentions, timexes, numbers, quotes
  int64_t bytes = 0;
  std::string label;
  std::string error;
};

std::vector<std::string> Texts(std::string* label) {
  std::vector<std::string> texts;
  const std::filesystem::path dev =
      std::filesystem::path(MARSAD_SOURCE_DIR) / ".." / "shared" / "corpus" / "dev" / "articles.jsonl";
  std::ifstream in(dev);
  std::string line;
  while (in && std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.contains("text") && j["text"].is_string()) texts.push_back(j["text"]);
  }
  if (!texts.empty()) {
    *label = "dev corpus";
  } else {
    for (const char* r : kReports) texts.emplace_back(r);
    *label = "invented reports";
  }
  return texts;
}

const Fixture& Setup() {
  static const Fixture* f = [] {
    auto* f = new Fixture;
    const std::string data = text::DefaultDataDir();
    auto kb = linking::KnowledgeBase::Load(linking::KnowledgeBase::DefaultDir());
    auto t = time::TimeExtractor::Load(data);
    auto n = numbers::NumberExtractor::Load(data);
    if (!kb.ok() || !t.ok() || !n.ok()) {
      f->error = !kb.ok() ? kb.status().ToString() : !t.ok() ? t.status().ToString() : n.status().ToString();
      return f;
    }
    f->kb = std::make_unique<linking::KnowledgeBase>(std::move(kb).value());
    auto q = quotes::QuoteExtractor::Load(data, f->kb.get());
    if (!q.ok()) {
      f->error = q.status().ToString();
      return f;
    }
    f->time = std::make_unique<time::TimeExtractor>(std::move(t).value());
    f->numbers = std::make_unique<numbers::NumberExtractor>(std::move(n).value());
    f->quotes = std::make_unique<quotes::QuoteExtractor>(std::move(q).value());
    linking::EntityLinker linker(*f->kb);
    for (std::string& text : Texts(&f->label)) {
      Article a;
      a.text = std::move(text);
      text::Analyze(a);
      linker.Process(a);
      f->time->Extract(a);
      f->numbers->Extract(a);
      f->quotes->Extract(a);
      f->bytes += static_cast<int64_t>(a.text.size());
      f->articles.push_back(std::move(a));
    }
    f->label += " (" + std::to_string(f->articles.size()) + " articles)";
    return f;
  }();
  return *f;
}

template <typename Run>
void Measure(benchmark::State& state, Run run) {
  const Fixture& f = Setup();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  // A private copy: each extractor replaces or appends to its own output
  // vector, which `run` clears first (cheap next to the extraction).
  std::vector<Article> articles = f.articles;
  size_t found = 0;
  for (auto _ : state) {
    for (Article& a : articles) found += run(f, a);
  }
  benchmark::DoNotOptimize(found);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * f.bytes);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(articles.size()));
  state.SetLabel(f.label);
}

void BM_TimeExtract(benchmark::State& state) {
  Measure(state, [](const Fixture& f, Article& a) {
    a.timexes.clear();
    f.time->Extract(a);
    return a.timexes.size();
  });
}
BENCHMARK(BM_TimeExtract)->Unit(benchmark::kMicrosecond);

void BM_NumberExtract(benchmark::State& state) {
  Measure(state, [](const Fixture& f, Article& a) {
    a.numbers.clear();
    f.numbers->Extract(a);
    return a.numbers.size();
  });
}
BENCHMARK(BM_NumberExtract)->Unit(benchmark::kMicrosecond);

void BM_QuoteExtract(benchmark::State& state) {
  Measure(state, [](const Fixture& f, Article& a) {
    f.quotes->Extract(a);  // replaces a.quotes
    return a.quotes.size();
  });
}
BENCHMARK(BM_QuoteExtract)->Unit(benchmark::kMicrosecond);

}  // namespace
