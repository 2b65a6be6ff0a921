#include "marsad/extract/ner/bio.h"

namespace marsad::ner {

std::string TagName(int tag) {
  if (tag == kTagO || tag < 0 || tag >= kNumTags) return "O";
  std::string s = IsBegin(tag) ? "B-" : "I-";
  s += EntityTypeName(kChunkTypes[TypeIndex(tag)]);
  return s;
}

int ChunkTypeIndexOfLabel(std::string_view label) {
  if (label == "PER" || label == "PERS") return 0;
  if (label == "ORG") return 1;
  if (label == "LOC" || label == "GPE") return 2;
  return 3;
}

int ParseTag(std::string_view tag) {
  if (tag.size() < 3 || tag[1] != '-') return kTagO;
  int type = ChunkTypeIndexOfLabel(tag.substr(2));
  if (tag[0] == 'B') return BeginTag(type);
  if (tag[0] == 'I') return InsideTag(type);
  return kTagO;
}

std::vector<Chunk> ChunksFromTags(const std::vector<int>& tags) {
  std::vector<Chunk> chunks;
  int open_type = -1;
  uint32_t open_begin = 0;
  auto close = [&](uint32_t end) {
    if (open_type >= 0) chunks.push_back({open_begin, end, open_type});
    open_type = -1;
  };
  for (uint32_t i = 0; i < tags.size(); ++i) {
    int t = tags[i];
    if (t == kTagO) {
      close(i);
    } else if (IsBegin(t) || TypeIndex(t) != open_type) {
      close(i);
      open_type = TypeIndex(t);
      open_begin = i;
    }
  }
  close(static_cast<uint32_t>(tags.size()));
  return chunks;
}

bool IsValidBio(const std::vector<int>& tags) {
  int prev = -1;
  for (int t : tags) {
    if (!AllowedTransition(prev, t)) return false;
    prev = t;
  }
  return true;
}

}  // namespace marsad::ner
