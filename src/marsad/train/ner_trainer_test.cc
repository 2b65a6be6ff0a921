// End to end on a tiny hand-written corpus: train, save, load through the
// runtime Tagger, tag an Article, and check spans and the fingerprint guard.
#include "marsad/train/ner_trainer.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "marsad/extract/ner/model.h"
#include "marsad/text/tokenizer.h"

namespace marsad::train {
namespace {

namespace fs = std::filesystem;

// Sentences written for this test (not from any corpus).
std::string TinyCorpus() {
  const char* names[] = {"سامي النجار", "ليلى حداد", "كريم سعيد", "هدى منصور"};
  const char* places[] = {"عمان", "بيروت", "تونس", "الرباط"};
  std::string out;
  for (int rep = 0; rep < 3; ++rep) {
    for (int i = 0; i < 4; ++i) {
      std::string n = names[i];
      const size_t sp = n.find(' ');
      out += "قال O\nالوزير O\n" + n.substr(0, sp) + " B-PERS\n" + n.substr(sp + 1) + " I-PERS\nفي O\n" +
             places[(i + rep) % 4] + " B-LOC\nإن O\nحزب B-ORG\nالأمل I-ORG\nسيشارك O\n.\tO\n\n";
    }
  }
  return out;
}

class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("marsad_ner_trainer_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "data" / "lexicons");
    fs::create_directories(dir_ / "model");
    std::ofstream(dir_ / "data" / "lexicons" / "ner_triggers.txt") << "PER_TITLE\tالوزير\nORG_HEAD\tحزب\n";
    std::ofstream(dir_ / "model" / "ner_gazetteer.txt") << "LOC\tعمان\n";
    std::ofstream(dir_ / "train.txt") << TinyCorpus();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(TrainerTest, TrainsSavesLoadsAndTags) {
  NerTrainOptions o;
  o.data_path = (dir_ / "train.txt").string();
  o.out_path = (dir_ / "model" / "ner.bin").string();
  o.gazetteer_dir = (dir_ / "no-such-dir").string();  // keep the gazetteer above
  o.data_dir = (dir_ / "data").string();
  o.hunspell_dic = "";  // hermetic: no system dictionary
  o.epochs = 5;
  o.dev_fraction = 0.25;
  o.rows_log2 = 16;
  auto report = TrainNer(o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->train_sentences, 9u);
  EXPECT_EQ(report->dev_sentences, 3u);
  EXPECT_GT(report->dev.micro.f1(), 0.9);

  auto tagger = ner::Tagger::Load(o.out_path, nullptr, o.data_dir);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  Article a;
  a.text = "قال الوزير كريم سعيد في وعمان إن حزب الأمل سيشارك .";
  a.tokens = text::Tokenize(a.text);
  const std::vector<Mention> mentions = (*tagger)->Tag(a);
  ASSERT_FALSE(mentions.empty());
  bool per = false, loc = false;
  for (const Mention& m : mentions) {
    const std::string_view surface = m.span.In(a.text);
    if (m.type == EntityType::kPER && surface == "كريم سعيد") per = true;
    if (m.type == EntityType::kLOC && surface == "عمان") loc = true;  // without the و
  }
  EXPECT_TRUE(per);
  EXPECT_TRUE(loc);

  // Reproducible: the same options give the same bytes.
  const std::string first = ner::ReadFileToString(o.out_path).value();
  ASSERT_TRUE(TrainNer(o).ok());
  EXPECT_EQ(ner::ReadFileToString(o.out_path).value(), first);

  // A changed lexicon changes the fingerprint: the model is refused.
  std::ofstream(dir_ / "data" / "lexicons" / "ner_triggers.txt", std::ios::app) << "LOC_HEAD\tمدينة\n";
  auto refused = ner::Tagger::Load(o.out_path, nullptr, o.data_dir);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
}

TEST_F(TrainerTest, CrfTrainsSavesLoadsAndTags) {
  NerTrainOptions o;
  o.data_path = (dir_ / "train.txt").string();
  o.out_path = (dir_ / "model" / "ner.bin").string();
  o.gazetteer_dir = (dir_ / "no-such-dir").string();
  o.data_dir = (dir_ / "data").string();
  o.hunspell_dic = "";
  o.dev_fraction = 0.25;
  o.tune_fraction = 0.34;  // 3 of the 9 training sentences choose c2 and the O bias
  o.rows_log2 = 16;
  o.crf = true;
  o.crf_c2 = {0.1, 1.0};
  o.crf_o_bias = {0, 1};
  auto report = TrainNer(o);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->tune_f1_by_c2_bias.size(), 4u);
  EXPECT_GT(report->crf_iterations, 0);
  EXPECT_GT(report->dev.micro.f1(), 0.9);
  auto tagger = ner::Tagger::Load(o.out_path, nullptr, o.data_dir);
  ASSERT_TRUE(tagger.ok()) << tagger.status().message();
  EXPECT_EQ((*tagger)->model().kind(), ner::NerModel::Kind::kCrf);
  const std::string first = ner::ReadFileToString(o.out_path).value();
  ASSERT_TRUE(TrainNer(o).ok());
  EXPECT_EQ(ner::ReadFileToString(o.out_path).value(), first);
  o.stack_folds = 5;
  EXPECT_EQ(TrainNer(o).status().code(), StatusCode::kInvalidArgument);
}

// A failed run leaves the previous model and its lexicons untouched, and
// no staging directory behind; curated names land in the gazetteer as
// cur-TYPE.
TEST_F(TrainerTest, FailedRunKeepsThePreviousModel) {
  std::ofstream(dir_ / "data" / "lexicons" / "ner_names.tsv") << "# test list\nORG\tحزب الأمل\nPER\tهدى منصور\n";
  NerTrainOptions o;
  o.data_path = (dir_ / "train.txt").string();
  o.out_path = (dir_ / "model" / "ner.bin").string();
  o.gazetteer_dir = (dir_ / "data").string();  // no ANERGazet lists there: compiling fails
  o.data_dir = (dir_ / "data").string();
  o.hunspell_dic = "";
  o.epochs = 3;
  o.rows_log2 = 16;
  std::ofstream(o.out_path) << "previous model";
  auto failed = TrainNer(o);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(ner::ReadFileToString(o.out_path).value(), "previous model");
  EXPECT_EQ(ner::ReadFileToString((dir_ / "model" / "ner_gazetteer.txt").string()).value(), "LOC\tعمان\n");
  for (const auto& e : fs::directory_iterator(dir_ / "model")) {
    EXPECT_EQ(e.path().filename().string().find(".ner-train-"), std::string::npos) << e.path();
  }

  // With the lists present the run succeeds and replaces both files.
  fs::create_directories(dir_ / "gaz");
  for (const char* f : {"AlignedPersGazetteer.txt", "AlignedOrgGazetteer.txt", "AlignedLocGazetteer.txt"}) {
    std::ofstream(dir_ / "gaz" / f) << "عمان\n";
  }
  o.gazetteer_dir = (dir_ / "gaz").string();
  auto ok = TrainNer(o);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_NE(ner::ReadFileToString(o.out_path).value(), "previous model");
  const std::string gaz = ner::ReadFileToString((dir_ / "model" / "ner_gazetteer.txt").string()).value();
  EXPECT_NE(gaz.find("cur-ORG\tحزب الامل"), std::string::npos) << gaz;
  EXPECT_NE(gaz.find("cur-PER\tهدي منصور"), std::string::npos) << gaz;
  EXPECT_TRUE(ner::Tagger::Load(o.out_path, nullptr, o.data_dir).ok());
}

TEST(Trainer, MissingDataIsAClearError) {
  NerTrainOptions o;
  o.data_path = "/nonexistent/train.txt";
  o.out_path = (fs::temp_directory_path() / "marsad_ner_unused.bin").string();
  auto r = TrainNer(o);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/train.txt"), std::string::npos);
}

// With the shared ANERcorp beside the clone, the committed model must keep
// its dev score; skipped cleanly when the data is absent.
TEST(Trainer, CommittedModelOnAnercorpDev) {
  const std::string data = DefaultSharedDataDir() + "/anercorp/train.txt";
  if (!fs::exists(data)) GTEST_SKIP() << "no " << data;
  auto tagger = ner::Tagger::Load("", nullptr);
  if (!tagger.ok()) GTEST_SKIP() << tagger.status().message();
  auto sentences = ReadConll(data);
  ASSERT_TRUE(sentences.ok());
  std::vector<ConllSentence> dev(sentences->begin() + DevSplitIndex(sentences->size(), 0.1), sentences->end());
  const NerEvalResult r = EvaluateTagger(**tagger, dev, nullptr);
  EXPECT_GT(r.micro.f1(), 0.6);
}

}  // namespace
}  // namespace marsad::train
