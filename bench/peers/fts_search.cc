// fts_search: runs search queries against a marsad SQLite store through its
// own FTS5 index (the `marsad` tokenizer: normalization, clitic splitting),
// for bench/peers/fts_recall.py, which compares it with SQLite's stock
// unicode61 tokenizer over the same articles.
//
//   fts_search --db STORE < queries.txt
//
// One query per input line; prints one line per query: the query, a tab,
// then the ids of every matching article (up to 1000), space-separated.
#include <cstdio>
#include <iostream>
#include <string>

#include "marsad/store/store.h"

int main(int argc, char** argv) {
  std::string db;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--db") db = argv[i + 1];
  if (db.empty()) {
    std::fprintf(stderr, "usage: fts_search --db STORE < queries.txt\n");
    return 2;
  }
  auto store = marsad::store::Store::Open(db);
  if (!store.ok()) {
    std::fprintf(stderr, "fts_search: %s\n", store.status().ToString().c_str());
    return 1;
  }
  marsad::store::SearchOptions options;
  options.limit = 1000;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    auto hits = (*store)->Search(line, options);
    if (!hits.ok()) {
      std::fprintf(stderr, "fts_search: %s\n", hits.status().ToString().c_str());
      return 1;
    }
    std::string out = line + "\t";
    for (size_t i = 0; i < hits->size(); ++i) out += (i ? " " : "") + (*hits)[i].article;
    std::printf("%s\n", out.c_str());
  }
  return 0;
}
