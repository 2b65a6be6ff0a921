// Which inputs to read and how: expands the paths a user gives (files,
// directories, @list files) into a sorted list of input files with their
// format, and opens a Reader for each.
//
// Readers for the web formats (html, rss, atom, warc) live in ingest/web and
// plug in through RegisterReader, so this module does not depend on them.
// ListInputs/OpenReader are thread-safe; RegisterReader is meant for
// start-up (it locks, but readers opened before it use the old factory).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "marsad/ingest/reader.h"

namespace marsad::ingest {

enum class Format { kUnknown, kTxt, kJsonl, kHtml, kRss, kAtom, kWarc };

// "txt", "jsonl", "html", "rss", "atom", "warc", "unknown".
const char* FormatName(Format format);

struct InputFile {
  std::string path;   // as given or as found under a given directory
  Format format = Format::kUnknown;
  uint64_t size = 0;  // bytes, 0 for non-regular files
};

// Format from the file name: .txt .jsonl .ndjson .json .html .htm .xhtml
// .rss .atom .xml .warc .warc.gz (.arc/.gz and no extension: kUnknown).
Format FormatFromName(std::string_view path);

// Format from the first bytes of the content (for .xml, .json, .gz and names
// without an extension): "WARC/", gzip magic, "<rss", "<feed", "<html",
// "{". kUnknown when it cannot tell.
Format SniffFormat(std::string_view head, std::string_view path = {});

// Expands `paths` in order: a file is taken as is, a directory is walked
// recursively (entries sorted by name, hidden files and directories
// skipped), "@list.txt" reads one path a line (blank lines and "#" comments
// ignored; relative paths are relative to the list file's folder). Problems:
// "no such file or directory", unknown formats "skipped: unknown file type",
// duplicates. The same file is listed once.
std::vector<InputFile> ListInputs(const std::vector<std::string>& paths, std::vector<Problem>& problems);

using ReaderFactory = std::function<std::unique_ptr<Reader>(const InputFile&, std::vector<Problem>&)>;

// Sets the factory for a format, replacing any earlier one (txt and jsonl
// have built-in readers that a registration overrides).
void RegisterReader(Format format, ReaderFactory factory);

// Opens a reader for the file, or appends a Problem (cannot open, no reader
// for the format) and returns nullptr.
std::unique_ptr<Reader> OpenReader(const InputFile& file, std::vector<Problem>& problems);

}  // namespace marsad::ingest
