// Store::Open picks the backend from the URI; ContentHash defines "the same
// content" for every backend.
#include "marsad/store/store.h"

#include <xxhash.h>

#include <algorithm>

#include "marsad/store/postgres_store.h"
#include "marsad/store/sqlite_store.h"
#include "marsad/text/normalizer.h"

namespace marsad::store {

uint64_t ContentHash(std::string_view text) {
  const std::string normalized = text::NormalizeForMatch(text);
  return XXH3_64bits(normalized.data(), normalized.size());
}

std::string InputPathOf(std::string_view origin) {
  // Readers append ":<line>" (JSONL), "#item <n>" (feeds) or
  // "#record <n> @<offset>" (WARC) to the path.
  for (std::string_view mark : {"#record ", "#item "}) {
    if (auto at = origin.rfind(mark); at != std::string_view::npos) return std::string(origin.substr(0, at));
  }
  // A URL (watch) keeps its port: "https://host:8080".
  if (auto colon = origin.rfind(':'); colon != std::string_view::npos && colon + 1 < origin.size() &&
                                      origin.find("://") == std::string_view::npos &&
                                      origin.find_first_not_of("0123456789", colon + 1) == std::string_view::npos) {
    return std::string(origin.substr(0, colon));
  }
  return std::string(origin);
}

ArticleSource SourceOf(const Article& a) {
  return ArticleSource{a.id, a.url, a.source, a.format, InputPathOf(a.origin), ""};
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& uri) {
  if (uri.starts_with("postgresql://") || uri.starts_with("postgres://")) {
#ifdef MARSAD_HAVE_PQXX
    auto pg = PostgresStore::Open(uri);
    if (!pg.ok()) return pg.status();
    return std::unique_ptr<Store>(std::move(pg).value());
#else
    return Status(StatusCode::kUnimplemented,
                  "this marsad was built without libpqxx, so it cannot open PostgreSQL stores; install "
                  "libpqxx-dev and rebuild, or use a file path for an SQLite store");
#endif
  }
  auto store = SqliteStore::Open(uri);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(store).value());
}

Status Store::ForEachArticleFacets(int64_t after_seq, const std::function<bool(const ArticleFacets&)>& visit) {
  int64_t seq = 0;
  ArticleFacets f;
  return ForEachArticle([&](const Article& a) {
    if (++seq <= after_seq) return true;
    f.seq = seq;
    f.id = a.id;
    f.story = a.story;
    f.published = a.published;
    f.source = a.source;
    f.event_type = a.event_type;
    f.entities.clear();
    f.countries.clear();
    for (const auto& m : a.mentions) {
      if (!m.entity.empty()) f.entities.push_back(m.entity);
      if (!m.country.empty()) f.countries.push_back(m.country);
    }
    f.events.clear();
    for (const auto& e : a.events) f.events.push_back({e.type, e.mode, e.parties});
    f.entity_mentions.clear();
    for (const auto& m : a.mentions)
      if (!m.entity.empty())
        f.entity_mentions.push_back(
            {m.entity, std::string(m.span.In(a.text)), m.name, std::string(EntityTypeName(m.type)), m.country});
    return visit(f);
  });
}

void EntityRowBuilder::SetArticles(std::string_view entity, int articles) {
  Acc& a = acc_[std::string(entity)];
  a.row.entity = std::string(entity);
  a.row.articles = articles;
}

void EntityRowBuilder::AddReading(std::string_view entity, std::string_view surface, std::string_view name,
                                  std::string_view type, std::string_view country, int count) {
  auto it = acc_.find(entity);
  if (it == acc_.end()) return;
  it->second.variants[std::string(surface)] += count;
  if (!name.empty()) it->second.names[std::string(name)] += count;
  if (!type.empty()) it->second.types[std::string(type)] += count;
  if (!country.empty()) it->second.countries[std::string(country)] += count;
}

void EntityRowBuilder::AddArticle(std::string_view entity) {
  auto it = acc_.find(entity);
  if (it == acc_.end()) it = acc_.emplace(std::string(entity), Acc{}).first;
  it->second.row.entity = it->first;
  ++it->second.row.articles;
}

std::vector<EntityRow> EntityRowBuilder::Rows() const {
  auto most = [](const std::map<std::string, int>& m) {
    std::string best;
    int count = 0;
    for (const auto& [k, n] : m)
      if (n > count) best = k, count = n;
    return best;
  };
  std::vector<EntityRow> out;
  out.reserve(acc_.size());
  for (const auto& [id, a] : acc_) {
    EntityRow row = a.row;
    row.name = most(a.names);
    row.type = most(a.types);
    row.country = most(a.countries);
    row.variants.assign(a.variants.begin(), a.variants.end());
    std::stable_sort(row.variants.begin(), row.variants.end(),
                     [](const auto& x, const auto& y) { return x.second > y.second; });
    out.push_back(std::move(row));
  }
  std::stable_sort(out.begin(), out.end(), [](const EntityRow& x, const EntityRow& y) { return x.articles > y.articles; });
  return out;
}

std::vector<EntityRow> EntityRowBuilder::Finish() {
  std::vector<EntityRow> out = Rows();
  acc_.clear();
  return out;
}

}  // namespace marsad::store
