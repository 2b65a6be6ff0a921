#include "marsad/extract/ner/stacking.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

namespace marsad::ner {
namespace {

// A made-up document: form keys are small numbers, every token a candidate.
struct Doc {
  std::vector<uint64_t> form, norm, stem;
  std::vector<uint8_t> cand;
  explicit Doc(std::vector<uint64_t> forms) : form(forms), norm(forms), stem(forms), cand(forms.size(), 1) {}
  StackTokens Tokens() const { return {form.data(), norm.data(), stem.data(), cand.data(), form.size()}; }
};

std::set<uint32_t> RowsOf(const Doc& d, const std::vector<int>& tags, size_t token) {
  StackMemory memory;
  memory.Add(d.Tokens(), tags.data());
  std::vector<uint32_t> rows, offsets;
  StackFeatures(d.Tokens(), tags.data(), memory, nullptr, nullptr, 20, &rows, &offsets);
  EXPECT_EQ(offsets.size(), d.form.size() + 1);
  return std::set<uint32_t>(rows.begin() + offsets[token], rows.begin() + offsets[token + 1]);
}

TEST(Stacking, MemoryOfOtherOccurrencesReachesAnUntaggedRepeat) {
  const Doc d({7, 8, 9, 7});
  // The repeat at 3 is O in both; only the tag of its first occurrence differs.
  const std::set<uint32_t> remembered = RowsOf(d, {BeginTag(1), kTagO, kTagO, kTagO}, 3);
  const std::set<uint32_t> plain = RowsOf(d, {kTagO, kTagO, kTagO, kTagO}, 3);
  EXPECT_NE(remembered, plain);
}

TEST(Stacking, OwnTagIsNotMemory) {
  // A form that occurs once: its memory says "once" whatever its own tag,
  // so the rows of the token differ only by the pass-1 tag templates.
  const Doc d({7, 8});
  const std::set<uint32_t> tagged = RowsOf(d, {BeginTag(0), kTagO}, 0);
  const std::set<uint32_t> untagged = RowsOf(d, {kTagO, kTagO}, 0);
  std::vector<uint32_t> diff;
  std::set_symmetric_difference(tagged.begin(), tagged.end(), untagged.begin(), untagged.end(),
                                std::back_inserter(diff));
  // tag, tag|tag+1|... : at most the 2 tag templates and the majority|tag row of each side.
  EXPECT_LE(diff.size(), 6u);
  EXPECT_FALSE(diff.empty());
}

TEST(Stacking, ChunkMemoryTiesTwoTokenNames) {
  // [11 12] tagged as one ORG chunk at 0; at 3 it was split ORG + LOC.
  const Doc d({11, 12, 5, 11, 12});
  const std::vector<int> split = {BeginTag(1), InsideTag(1), kTagO, BeginTag(1), BeginTag(2)};
  const std::vector<int> alone = {kTagO, kTagO, kTagO, BeginTag(1), BeginTag(2)};
  EXPECT_NE(RowsOf(d, split, 4), RowsOf(d, alone, 4));
}

TEST(Stacking, FingerprintFollowsTheBase) {
  EXPECT_NE(StackFingerprint(1), StackFingerprint(2));
  EXPECT_EQ(StackFingerprint(1), StackFingerprint(1));
}

}  // namespace
}  // namespace marsad::ner
