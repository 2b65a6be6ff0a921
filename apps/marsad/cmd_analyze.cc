// marsad analyze [FILE|-] [--json]: one article's analysis, nothing stored.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_util.h"
#include "commands.h"
#include "marsad/core/utf8.h"
#include "marsad/ingest/metadata.h"
#include "marsad/pipeline/analyzer.h"
#include "render.h"

namespace marsad::cli {

void AddAnalyzeCommand(CLI::App& app, int& exit_code) {
  struct Opts {
    std::string file = "-", published;
    bool json = false, tokens = false;
  };
  auto opts = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand(
      "analyze",
      "Analyze one article (plain text, or one corpus JSON object) and print what marsad finds:\n"
      "normalized text, sentences, tokens, entities, dates, numbers, quotes, events.");
  cmd->add_option("file", opts->file, "a file, or - for standard input");
  cmd->add_option("--published", opts->published, "publication date (ISO) to resolve relative dates");
  cmd->add_flag("--json", opts->json, "one JSON object");
  cmd->add_flag("--tokens", opts->tokens, "include tokens in the readable output too");
  cmd->callback([opts, &exit_code] {
    std::string data;
    if (opts->file == "-") {
      data.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      std::ifstream in(opts->file, std::ios::binary);
      if (!in) { PrintError(opts->file + ": cannot open (no such file, or no permission)"); exit_code = kExitFailure; return; }
      data.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    Article a;
    a.id = opts->file == "-" ? "stdin" : opts->file;
    size_t first = data.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && data[first] == '{') {
      auto j = nlohmann::json::parse(data, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string()) {
        PrintError(a.id + ": looks like JSON but is not a corpus object with a \"text\" string");
        exit_code = kExitFailure;
        return;
      }
      auto str = [&](const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : ""; };
      a.text = str("text");
      if (!str("id").empty()) a.id = str("id");
      a.url = str("url");
      a.source = str("source");
      a.published = str("published");
      if (!a.published.empty()) a.published_from = "input";
    } else {
      a.text = std::move(data);
    }
    if (!utf8::IsValid(a.text)) {
      size_t bad = 0;
      a.text = utf8::Repair(a.text, &bad);
      a.warnings.push_back(std::to_string(bad) + " invalid UTF-8 byte(s) replaced by U+FFFD");
    }
    if (!opts->published.empty()) {
      a.published = opts->published;
      a.published_from = "option";
    }
    ingest::FillMetadata(a);
    auto analyzer = pipeline::Analyzer::Load();
    if (!analyzer.ok()) { PrintError(analyzer.status()); exit_code = kExitFailure; return; }
    (*analyzer)->Analyze(a);
    if (opts->json) {
      std::printf("%s\n", ArticleAnalysisJson(a, true).dump(2).c_str());
    } else {
      std::printf("%s", ArticleReport(a).c_str());
      if (opts->tokens) {
        std::printf("\ntokens:\n");
        for (const auto& t : a.tokens)
          std::printf("  %-20s form=%-16s stem=%s\n", std::string(t.span.In(a.text)).c_str(), t.form.c_str(),
                      t.stem.c_str());
      }
    }
  });
}

}  // namespace marsad::cli
