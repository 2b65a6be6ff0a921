#include "marsad/train/word_clusters.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_map>

#include "marsad/text/tokenizer.h"

namespace marsad::train {
namespace {

// Sparse vector: (dimension, value) sorted by dimension, L2 norm 1.
using SparseVec = std::vector<std::pair<uint32_t, float>>;

// Spherical k-means: assignments of `vecs` to k centroids (dense, `dims`).
// Starts from the k most frequent words (vecs are in frequency order) and
// stops early when no assignment changes.
std::vector<int> KMeans(const std::vector<SparseVec>& vecs, size_t dims, int k, int iterations) {
  const size_t n = vecs.size();
  k = static_cast<int>(std::min<size_t>(k, n));
  std::vector<int> assign(n, -1);
  if (k == 0) return assign;
  std::vector<float> centroids(static_cast<size_t>(k) * dims, 0.f);
  // Seeds: words spread over the frequency ranking (every n/k-th), so that
  // not only the function words start clusters.
  for (int c = 0; c < k; ++c) {
    const size_t w = static_cast<size_t>(c) * n / static_cast<size_t>(k);
    for (const auto& [d, v] : vecs[w]) centroids[static_cast<size_t>(c) * dims + d] = v;
  }
  std::vector<float> sims(k);
  for (int it = 0; it < iterations; ++it) {
    size_t changed = 0;
    for (size_t i = 0; i < n; ++i) {
      int best = 0;
      float best_sim = -1e30f;
      for (int c = 0; c < k; ++c) {
        const float* cen = &centroids[static_cast<size_t>(c) * dims];
        float s = 0;
        for (const auto& [d, v] : vecs[i]) s += cen[d] * v;
        if (s > best_sim) best_sim = s, best = c;
      }
      if (assign[i] != best) ++changed, assign[i] = best;
    }
    if (changed == 0) break;
    std::fill(centroids.begin(), centroids.end(), 0.f);
    for (size_t i = 0; i < n; ++i) {
      float* cen = &centroids[static_cast<size_t>(assign[i]) * dims];
      for (const auto& [d, v] : vecs[i]) cen[d] += v;
    }
    for (int c = 0; c < k; ++c) {
      float* cen = &centroids[static_cast<size_t>(c) * dims];
      double norm = 0;
      for (size_t d = 0; d < dims; ++d) norm += double{cen[d]} * cen[d];
      if (norm <= 0) continue;
      const float inv = static_cast<float>(1.0 / std::sqrt(norm));
      for (size_t d = 0; d < dims; ++d) cen[d] *= inv;
    }
  }
  return assign;
}

}  // namespace

std::vector<WordCluster> BuildWordClusters(const std::vector<std::string>& texts, const WordClusterOptions& options) {
  // Token forms of each text, as ids.
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> forms;
  std::vector<uint32_t> counts;
  std::vector<std::vector<uint32_t>> docs;
  for (const std::string& text : texts) {
    std::vector<uint32_t> seq;
    for (const Token& t : text::Tokenize(text)) {
      const std::string& f = t.form.empty() ? t.norm : t.form;
      if (f.empty()) continue;
      auto [it, inserted] = ids.emplace(f, static_cast<uint32_t>(forms.size()));
      if (inserted) forms.push_back(f), counts.push_back(0);
      ++counts[it->second];
      seq.push_back(it->second);
    }
    docs.push_back(std::move(seq));
  }
  // Frequency ranking; ties by form so that the order is deterministic.
  std::vector<uint32_t> by_freq(forms.size());
  for (uint32_t i = 0; i < by_freq.size(); ++i) by_freq[i] = i;
  std::sort(by_freq.begin(), by_freq.end(), [&](uint32_t a, uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : forms[a] < forms[b];
  });
  const size_t num_ctx = std::min<size_t>(options.context_words, by_freq.size());
  std::vector<int32_t> ctx_dim(forms.size(), -1);
  for (size_t r = 0; r < num_ctx; ++r) ctx_dim[by_freq[r]] = static_cast<int32_t>(r);
  std::vector<int32_t> row(forms.size(), -1);
  std::vector<uint32_t> words;  // clustered words, in frequency order
  for (uint32_t w : by_freq) {
    if (counts[w] < static_cast<uint32_t>(options.min_count)) break;
    row[w] = static_cast<int32_t>(words.size());
    words.push_back(w);
  }
  // Context counts: left neighbour dims [0, num_ctx), right [num_ctx, 2 num_ctx).
  std::vector<std::unordered_map<uint32_t, float>> acc(words.size());
  for (const auto& seq : docs) {
    for (size_t i = 0; i < seq.size(); ++i) {
      const int32_t r = row[seq[i]];
      if (r < 0) continue;
      if (i > 0 && ctx_dim[seq[i - 1]] >= 0) acc[r][static_cast<uint32_t>(ctx_dim[seq[i - 1]])] += 1;
      if (i + 1 < seq.size() && ctx_dim[seq[i + 1]] >= 0) {
        acc[r][static_cast<uint32_t>(num_ctx + ctx_dim[seq[i + 1]])] += 1;
      }
    }
  }
  std::vector<SparseVec> vecs(words.size());
  for (size_t r = 0; r < words.size(); ++r) {
    SparseVec& v = vecs[r];
    v.assign(acc[r].begin(), acc[r].end());
    std::sort(v.begin(), v.end());
    double norm = 0;
    for (auto& [d, x] : v) x = std::sqrt(x), norm += double{x} * x;
    if (norm > 0) {
      for (auto& [d, x] : v) x = static_cast<float>(x / std::sqrt(norm));
    }
  }
  const size_t dims = 2 * num_ctx;
  const std::vector<int> coarse = KMeans(vecs, dims, options.coarse_k, options.iterations);
  const std::vector<int> fine = KMeans(vecs, dims, options.fine_k, options.iterations);
  std::vector<WordCluster> out;
  out.reserve(words.size());
  for (size_t r = 0; r < words.size(); ++r) {
    if (vecs[r].empty()) continue;
    out.push_back({forms[words[r]], coarse[r], fine[r]});
  }
  std::sort(out.begin(), out.end(), [](const WordCluster& a, const WordCluster& b) { return a.form < b.form; });
  return out;
}

Status WriteWordClusters(const std::vector<WordCluster>& clusters, const std::string& sources,
                         const std::string& out_path) {
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  if (!out) return IoError("cannot write " + out_path);
  out << "# NER word clusters (form<TAB>coarse<TAB>fine) built by `marsad train ner` from raw text:\n# " << sources
      << "\n# Do not edit: rebuild.\n";
  for (const WordCluster& c : clusters) out << c.form << '\t' << c.coarse << '\t' << c.fine << '\n';
  out.close();
  if (!out) return IoError("error writing " + out_path);
  return Status::Ok();
}

}  // namespace marsad::train
