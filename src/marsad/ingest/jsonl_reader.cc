#include "marsad/ingest/jsonl_reader.h"

#include <simdjson.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "marsad/core/utf8.h"
#include "marsad/ingest/text_decode.h"

namespace marsad::ingest {
namespace {

namespace od = simdjson::ondemand;

bool IsBlank(std::string_view s) {
  for (unsigned char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

bool IsBlankText(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = utf8::Decode(s, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0xFEFF ||
        (c >= 0x2000 && c <= 0x200F) || c == 0x202F) {
      continue;
    }
    return false;
  }
  return true;
}

std::string Shorten(std::string_view s, size_t n = 40) {
  if (s.size() <= n) return std::string(s);
  size_t cut = n;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return std::string(s.substr(0, cut)) + "...";
}

// Reads a string-or-null field. Returns false (with `error`) for other types.
bool ReadOptionalString(od::value& v, std::string_view key, std::string& out, std::string& error) {
  od::json_type type;
  if (v.type().get(type)) {
    error = "bad JSON value for \"" + std::string(key) + "\"";
    return false;
  }
  if (type == od::json_type::null) {
    out.clear();
    return true;
  }
  if (type != od::json_type::string) {
    error = "\"" + std::string(key) + "\" is not a string";
    return false;
  }
  std::string_view sv;
  if (v.get_string().get(sv)) {
    error = "bad JSON string in \"" + std::string(key) + "\"";
    return false;
  }
  out.assign(sv);
  return true;
}

// Parses one padded line; see ParseJsonlRecord.
std::string ParsePadded(od::parser& parser, const char* data, size_t size, size_t capacity,
                        const std::string& fallback_id, Article& out, std::vector<std::string>& warnings) {
  out = Article();
  out.format = "jsonl";
  od::document doc;
  auto error = parser.iterate(data, size, capacity).get(doc);
  if (error) return std::string("not JSON (") + simdjson::error_message(error) + ")";
  od::json_type doc_type;
  if ((error = doc.type().get(doc_type))) return std::string("not JSON (") + simdjson::error_message(error) + ")";
  if (doc_type != od::json_type::object) return "not a JSON object (one object a line is expected)";
  od::object obj;
  if ((error = doc.get_object().get(obj))) return std::string("not JSON (") + simdjson::error_message(error) + ")";

  bool have_text = false, have_id = false;
  std::string published;
  for (auto field_result : obj) {
    od::field field;
    if ((error = std::move(field_result).get(field))) return std::string("not JSON (") + simdjson::error_message(error) + ")";
    std::string_view key;
    if ((error = field.unescaped_key().get(key))) return "not JSON (bad key)";
    od::value v = field.value();
    std::string err;
    if (key == "text") {
      od::json_type type;
      if (v.type().get(type)) return "not JSON (bad value for \"text\")";
      if (type == od::json_type::null) continue;
      if (type != od::json_type::string) return "\"text\" is not a string";
      std::string_view sv;
      if ((error = v.get_string().get(sv))) return std::string("bad JSON string in \"text\" (") + simdjson::error_message(error) + ")";
      out.text.assign(sv);
      have_text = true;
    } else if (key == "id") {
      od::json_type type;
      if (v.type().get(type)) return "not JSON (bad value for \"id\")";
      if (type == od::json_type::string) {
        std::string_view sv;
        if (v.get_string().get(sv)) return "bad JSON string in \"id\"";
        out.id.assign(sv);
      } else if (type == od::json_type::number) {
        out.id.assign(simdjson::trim(v.raw_json_token()));  // 17 -> "17"
      } else if (type != od::json_type::null) {
        return "\"id\" is neither a string nor a number";
      }
      have_id = !out.id.empty();
    } else if (key == "url") {
      if (!ReadOptionalString(v, key, out.url, err)) return err;
    } else if (key == "source") {
      if (!ReadOptionalString(v, key, out.source, err)) return err;
    } else if (key == "published") {
      if (!ReadOptionalString(v, key, published, err)) return err;
    }
    // Every other field (story, notes, gold annotations) is skipped unread.
  }
  const char* trailing = nullptr;
  if (doc.current_location().get(trailing) == simdjson::SUCCESS) return "not JSON (text after the object)";
  if (!have_text) return "missing \"text\"";
  if (IsBlankText(out.text)) return "empty \"text\"";
  if (!have_id) {
    out.id = fallback_id;
    warnings.push_back("no \"id\"; using \"" + fallback_id + "\"");
  }
  if (!published.empty()) {
    if (LooksLikeIsoDate(published)) {
      out.published = published;
      out.published_from = "input";
    } else {
      warnings.push_back("\"published\" is not an ISO date (\"" + Shorten(published) + "\"); ignored");
    }
  }
  return "";
}

}  // namespace

bool LooksLikeIsoDate(std::string_view s) {
  auto digits = [&](size_t from, size_t n) {
    if (s.size() < from + n) return false;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  if (!digits(0, 4)) return false;
  if (s.size() == 4) return true;
  if (s[4] != '-' || !digits(5, 2)) return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  if (month < 1 || month > 12) return false;
  if (s.size() == 7) return true;
  if (s[7] != '-' || !digits(8, 2)) return false;
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  if (day < 1 || day > 31) return false;
  if (s.size() == 10) return true;
  return (s[10] == 'T' || s[10] == ' ') && digits(11, 2) && s.size() >= 16 && s[13] == ':';
}

struct JsonlReader::Parser {
  od::parser parser;
};

std::string ParseJsonlRecord(std::string_view line, const std::string& fallback_id, Article& out,
                             std::vector<std::string>& warnings) {
  thread_local od::parser parser;
  thread_local std::string padded;
  padded.assign(line);
  padded.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  return ParsePadded(parser, padded.data(), padded.size(), padded.capacity(), fallback_id, out, warnings);
}

std::unique_ptr<JsonlReader> JsonlReader::Open(const std::string& path, std::vector<Problem>& problems,
                                               const JsonlOptions& options) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    problems.push_back({path, std::string("cannot open: ") + std::strerror(errno)});
    return nullptr;
  }
  unsigned char magic[2] = {0, 0};
  size_t n = std::fread(magic, 1, 2, f);
  if (n == 2 && magic[0] == 0x1F && magic[1] == 0x8B) {
    std::fclose(f);
    problems.push_back({path, "file is gzip-compressed; decompress it first (gunzip), then read the .jsonl"});
    return nullptr;
  }
  std::rewind(f);
  return std::unique_ptr<JsonlReader>(new JsonlReader(f, path, options));
}

JsonlReader::JsonlReader(std::FILE* file, std::string path, const JsonlOptions& options)
    : file_(file),
      path_(std::move(path)),
      stem_(std::filesystem::path(path_).stem().string()),
      options_(options),
      lines_(file, options.max_line_bytes),
      parser_(std::make_unique<Parser>()) {}

JsonlReader::~JsonlReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool JsonlReader::Next(Article& out, std::vector<Problem>& problems) {
  if (gave_up_) return false;
  bool too_long = false;
  uint64_t length = 0;
  while (lines_.Next(line_, too_long, length)) {
    const uint64_t n = lines_.line_number();
    const std::string origin = path_ + ":" + std::to_string(n);
    auto bad = [&](std::string message) {
      problems.push_back({origin, std::move(message), true});
      if (articles_ == 0 && ++bad_in_a_row_at_start_ >= options_.give_up_after_bad_lines) {
        problems.push_back({path_, "giving up: the first " + std::to_string(bad_in_a_row_at_start_) +
                                       " lines are not articles; is this a JSONL file (one JSON object a line)?"});
        gave_up_ = true;
      }
    };
    if (too_long) {
      bad("line too long (" + std::to_string(length) + " bytes > limit of " +
          std::to_string(options_.max_line_bytes) + "); skipped");
      if (gave_up_) return false;
      continue;
    }
    std::string_view view(line_);
    if (n == 1) {
      const size_t bom = Utf8BomLength(view);
      if (bom) line_.erase(0, bom);
    }
    if (IsBlank(line_)) continue;

    std::vector<std::string> warnings;
    // Invalid UTF-8: repair so the article is kept, and say so.
    const size_t invalid = utf8::FindInvalid(line_);
    if (invalid != std::string_view::npos) {
      size_t replaced = 0;
      line_ = utf8::Repair(line_, &replaced);
      warnings.push_back("invalid UTF-8: " + std::to_string(replaced) +
                         " byte(s) replaced with U+FFFD (first at byte " + std::to_string(invalid) + " of the line)");
    }
    const std::string fallback_id = stem_ + "-L" + std::to_string(n);
    line_.reserve(line_.size() + simdjson::SIMDJSON_PADDING);
    std::string error = ParsePadded(parser_->parser, line_.data(), line_.size(), line_.capacity(), fallback_id,
                                    out, warnings);
    if (!error.empty()) {
      bad(error);
      if (gave_up_) return false;
      continue;
    }
    out.origin = origin;
    for (const auto& w : warnings) problems.push_back({origin, w, false});
    out.warnings = std::move(warnings);
    ++articles_;
    return true;
  }
  if (lines_.read_error()) problems.push_back({path_, "read error; the rest of the file was not read"});
  return false;
}

}  // namespace marsad::ingest
