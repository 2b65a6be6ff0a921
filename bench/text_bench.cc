// Throughput of the text stage: normalization (with and without the offset
// map), tokenization and full Analyze (tokens, clitics, stems, sentences) on
// a realistic Arabic news-style text written for this benchmark.
//   cmake -S . -B build -DMARSAD_BUILD_BENCH=ON && cmake --build build --target text_bench
//   build/bench/text_bench
#include <benchmark/benchmark.h>

#include <string>

#include "marsad/text/normalizer.h"
#include "marsad/text/stemmer.h"
#include "marsad/text/tokenizer.h"

namespace {

// An invented report in the style of wire copy: harakat here and there,
// tatweel, Arabic-Indic and Western digits, quotes, clitics, dates.
constexpr const char kReport[] =
    "موسكو (وكالات) – أعلن وزيرُ الخارجية في بيان مشترك صدر فجر السبت أن الطرفين اتفقا على وقف "
    "إطلاق النار اعتباراً من الساعة ١٢:٠٠ ظهر يوم ١٠ تشرين الأول/أكتوبر ٢٠٢٠، لأسباب إنسانية، بهدف "
    "تبادل الأسرى وجثث القتلى بوساطة اللجنة الدولية للصليب الأحمر.\n"
    "وقال الوزير للصحفيين عقب محادثات استمرت أكثر من عشر ساعات: «سيُوقَّع الاتفاق الأسبوع المقبل، "
    "ونحن ملتزمون بتنفيذ كل بنوده». وأضاف أن المفاوضات ستستأنف في جنيف بمشاركة الرؤساء المشاركين "
    "لمجموعة مينسك التابعة لمنظمة الأمن والتعاون في أوروبا (OSCE).\n"
    "وفي المقابل، اتهمت وزارة الدفاع القواتِ المقابلة بخرق الهدنة بعد دقائق من بدء سريانها، وأكدت "
    "أن قصفاً مدفعياً استهدف مدينة ستيباناكيرت وبلدات مجاورة، ما أسفر عن مقتل ٧ مدنيين وإصابة "
    "33 آخرين، بينهم 4 أطفال. ونفى المتحدث باسم الجيش هذه الاتهامات، مؤكداً أن قواته «ترد فقط على "
    "مصادر النيران».\n"
    "وبحسب أرقام رسمية، بلغ عدد القتلى العسكريين منذ اندلاع المعارك في ٢٧ أيلول/سبتمبر نحو 1,200 "
    "قتيل، فيما قُدّرت الخسائر الاقتصادية بـ 12.5 مليار دولار. ودعا الأمين العام للأمم المتحدة "
    "الطرفين إلى «احترام الهدنة الإنسانية بشكل كامل»، مرحّباً بالجهود الروسية والفرنسية والأمريكية.\n"
    "ويرى محللون أن صمود الاتفاق يتوقف على آليات المراقبة، إذ لم يُحدَّد بعدُ من سيراقب خطوط التماس، "
    "ولا كيف ستُوثَّق الانتهاكات. وقال الباحث في الشؤون الإقليمية د. سامر الحلبي إن «التجارب السابقة "
    "في عامَي ١٩٩٤ و2016 تُظهر أن الهدنات التي لا ترافقها بعثة مراقبة دولية تنهار سريعاً».\n"
    "إلى ذلك، أعلنت الرئاسة أن رئيس الوزراء سيزور العاصمة الروسية الخميس المقبل لبحث الترتيبات "
    "الأمنية والإنسانية، في حين طالبت منظمات حقوقية بفتح ممرات آمنة لإجلاء الجرحى والنازحين الذين "
    "يُقدَّر عددهم بأكثر من ٧٠ ألف شخص.\n";

const std::string& Corpus() {
  static const std::string text = [] {
    std::string s;
    while (s.size() < 64 * 1024) s += kReport;
    return s;
  }();
  return text;
}

void BM_NormalizeForMatch(benchmark::State& state) {
  const std::string& text = Corpus();
  std::string out;
  for (auto _ : state) {
    out.clear();
    marsad::text::AppendNormalizedForMatch(text, {}, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_NormalizeForMatch);

void BM_NormalizeWithOffsets(benchmark::State& state) {
  const std::string& text = Corpus();
  marsad::text::Normalized out;
  for (auto _ : state) {
    marsad::text::NormalizeTo(text, {}, &out);
    benchmark::DoNotOptimize(out.text.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_NormalizeWithOffsets);

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = Corpus();
  for (auto _ : state) {
    auto tokens = marsad::text::Tokenize(text);
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Tokenize);

void BM_Analyze(benchmark::State& state) {
  marsad::Article article;
  article.text = Corpus();
  for (auto _ : state) {
    marsad::text::Analyze(article);
    benchmark::DoNotOptimize(article.tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(article.text.size()));
  state.counters["tokens"] = static_cast<double>(article.tokens.size());
}
BENCHMARK(BM_Analyze);

// Stemming without the cache's help: every word is new.
void BM_StemUncachedWords(benchmark::State& state) {
  const std::string& text = Corpus();
  auto tokens = marsad::text::Tokenize(text.substr(0, sizeof(kReport) - 1));
  size_t salt = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const auto& t : tokens) {
      if (t.kind != marsad::TokenKind::kWord) continue;
      // A distinct suffix defeats the per-thread cache.
      std::string w = t.form + std::to_string(++salt);
      benchmark::DoNotOptimize(marsad::text::StemForm(w));
      bytes += static_cast<int64_t>(w.size());
    }
  }
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_StemUncachedWords);

}  // namespace
