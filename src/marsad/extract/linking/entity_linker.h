// The entity linker: turns dictionary matches and NER spans into the final
// Article::mentions, each linked to a knowledge-base entity or to a stable
// local id ("x:" + VariantKey(name)) so one unknown person merges across
// articles.
//
// Rules, in order: KB longest matches (proclitics trimmed, ال kept, لل kept
// whole), NER spans (trimmed likewise) that do not overlap them unless
// longer; a name inside a longer organisation name is not a mention;
// context-only aliases (a surname after the full name, المملكة with Saudi
// Arabia elsewhere) count only when the entity is named otherwise in the
// article; offices are checked against Article::published.
// Thread-safe: const after construction; holds a reference to the KB, which
// must outlive it.
#pragma once

#include <vector>

#include "marsad/core/article.h"
#include "marsad/extract/linking/knowledge_base.h"

namespace marsad::linking {

class EntityLinker {
 public:
  explicit EntityLinker(const KnowledgeBase& kb) : kb_(kb) {}

  // Fills a.mentions (replacing it), sorted by span. Needs a.tokens.
  void Process(Article& a, std::vector<Mention> ner_mentions = {}) const;

 private:
  const KnowledgeBase& kb_;
};

}  // namespace marsad::linking
