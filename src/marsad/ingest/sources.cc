#include "marsad/ingest/sources.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <system_error>

#include "marsad/ingest/jsonl_reader.h"
#include "marsad/ingest/text_reader.h"

namespace marsad::ingest {
namespace fs = std::filesystem;
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

std::string ReadHead(const std::string& path, size_t n) {
  std::string head(n, '\0');
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return "";
  size_t got = std::fread(head.data(), 1, n, f);
  std::fclose(f);
  head.resize(got);
  return head;
}

// Ambiguous by name: the content decides.
bool NeedsSniffing(std::string_view path) {
  const std::string name = fs::path(std::string(path)).filename().string();
  return EndsWith(name, ".xml") || EndsWith(name, ".json") || EndsWith(name, ".gz") ||
         fs::path(name).extension().empty();
}

struct Registry {
  std::mutex mu;
  std::map<Format, ReaderFactory> factories;
};

Registry& GetRegistry() {
  static Registry* r = new Registry();  // never destroyed: safe at exit
  return *r;
}

class Lister {
 public:
  explicit Lister(std::vector<Problem>& problems) : problems_(problems) {}

  void AddPath(const std::string& arg, int list_depth) {
    if (!arg.empty() && arg[0] == '@') {
      AddList(arg.substr(1), list_depth);
      return;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      problems_.push_back({arg, "no such file or directory"});
      return;
    }
    if (fs::is_directory(st)) {
      AddDirectory(arg);
    } else {
      AddFile(arg, /*explicit_arg=*/true);
    }
  }

  std::vector<InputFile> Take() { return std::move(files_); }

 private:
  void AddList(const std::string& list_path, int depth) {
    if (depth > 8) {
      problems_.push_back({list_path, "list files nested too deep (a list that names itself?)"});
      return;
    }
    std::ifstream in(list_path);
    if (!in) {
      problems_.push_back({"@" + list_path, std::string("cannot read list file: no such file or directory")});
      return;
    }
    const fs::path base = fs::path(list_path).parent_path();
    std::string line;
    while (std::getline(in, line)) {
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
      size_t start = line.find_first_not_of(" \t");
      if (start == std::string::npos || line[start] == '#') continue;
      line.erase(0, start);
      if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
      if (line[0] == '@') {
        fs::path p(line.substr(1));
        AddPath("@" + (p.is_absolute() ? p : base / p).string(), depth + 1);
      } else {
        fs::path p(line);
        AddPath((p.is_absolute() ? p : base / p).string(), depth + 1);
      }
    }
  }

  void AddDirectory(const std::string& dir) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') continue;  // hidden: .git, editor swap files
      entries.push_back(*it);
    }
    if (ec) {
      problems_.push_back({dir, "cannot list directory: " + ec.message()});
      return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
    for (const auto& e : entries) {
      std::error_code ec2;
      // Do not follow directory symlinks: they can loop.
      if (e.is_directory(ec2) && !e.is_symlink(ec2)) {
        AddDirectory(e.path().string());
      } else if (e.is_regular_file(ec2)) {
        AddFile(e.path().string(), /*explicit_arg=*/false);
      }
    }
  }

  void AddFile(const std::string& path, bool explicit_arg) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    const std::string key = ec ? path : canonical.string();
    if (!seen_.insert(key).second) {
      problems_.push_back({path, "listed more than once; read once"});
      return;
    }
    InputFile f;
    f.path = path;
    f.size = fs::is_regular_file(path, ec) ? fs::file_size(path, ec) : 0;
    if (ec) f.size = 0;
    f.format = FormatFromName(path);
    if (f.format == Format::kUnknown && NeedsSniffing(path)) f.format = SniffFormat(ReadHead(path, 4096), path);
    if (f.format == Format::kUnknown && EndsWith(path, ".json")) {
      std::string head = ReadHead(path, 256);
      size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
      if (i != std::string::npos && head[i] == '[') {
        problems_.push_back({path, "skipped: a JSON array; marsad reads JSONL (one object a line): "
                                   "convert it with  jq -c '.[]' file.json > file.jsonl"});
        return;
      }
    }
    if (f.format == Format::kUnknown) {
      std::string ext = fs::path(path).extension().string();
      problems_.push_back({path, "skipped: unknown file type" + (ext.empty() ? std::string() : " (" + ext + ")") +
                                     "; marsad reads .txt .jsonl .html .htm .xml .rss .atom .warc .warc.gz"});
      return;
    }
    files_.push_back(std::move(f));
    (void)explicit_arg;
  }

  std::vector<Problem>& problems_;
  std::vector<InputFile> files_;
  std::set<std::string> seen_;
};

}  // namespace

const char* FormatName(Format format) {
  switch (format) {
    case Format::kTxt: return "txt";
    case Format::kJsonl: return "jsonl";
    case Format::kHtml: return "html";
    case Format::kRss: return "rss";
    case Format::kAtom: return "atom";
    case Format::kWarc: return "warc";
    case Format::kUnknown: break;
  }
  return "unknown";
}

Format FormatFromName(std::string_view path) {
  if (EndsWith(path, ".txt") || EndsWith(path, ".text")) return Format::kTxt;
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) return Format::kJsonl;
  if (EndsWith(path, ".html") || EndsWith(path, ".htm") || EndsWith(path, ".xhtml")) return Format::kHtml;
  if (EndsWith(path, ".rss")) return Format::kRss;
  if (EndsWith(path, ".atom")) return Format::kAtom;
  if (EndsWith(path, ".warc") || EndsWith(path, ".warc.gz")) return Format::kWarc;
  return Format::kUnknown;  // .xml .json .gz and the rest: sniff or skip
}

Format SniffFormat(std::string_view head, std::string_view path) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1F && static_cast<unsigned char>(head[1]) == 0x8B) {
    // gzip: only a WARC is read compressed.
    return EndsWith(path, ".warc.gz") ? Format::kWarc : Format::kUnknown;
  }
  if (head.rfind("\xEF\xBB\xBF", 0) == 0) head.remove_prefix(3);
  if (head.rfind("WARC/", 0) == 0) return Format::kWarc;
  size_t i = head.find_first_not_of(" \t\r\n");
  if (i == std::string_view::npos) return Format::kUnknown;
  if (head[i] == '{') return Format::kJsonl;
  if (head[i] != '<') return Format::kUnknown;
  // XML or HTML: look at the first element that is not a declaration/comment.
  std::string lower(head.substr(i));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const size_t rss = lower.find("<rss"), rdf = lower.find("<rdf:rdf"), feed = lower.find("<feed"),
               html = std::min(lower.find("<html"), lower.find("<!doctype html"));
  const size_t first = std::min({rss, rdf, feed, html});
  if (first == std::string::npos) return Format::kUnknown;
  if (first == html) return Format::kHtml;
  if (first == feed) return Format::kAtom;
  return Format::kRss;
}

std::vector<InputFile> ListInputs(const std::vector<std::string>& paths, std::vector<Problem>& problems) {
  Lister lister(problems);
  for (const auto& p : paths) lister.AddPath(p, 0);
  return lister.Take();
}

void RegisterReader(Format format, ReaderFactory factory) {
  Registry& r = GetRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.factories[format] = std::move(factory);
}

std::unique_ptr<Reader> OpenReader(const InputFile& file, std::vector<Problem>& problems) {
  ReaderFactory factory;
  {
    Registry& r = GetRegistry();
    std::lock_guard<std::mutex> lock(r.mu);
    auto it = r.factories.find(file.format);
    if (it != r.factories.end()) factory = it->second;
  }
  if (factory) return factory(file, problems);
  switch (file.format) {
    case Format::kTxt: {
      std::error_code ec;
      if (!fs::exists(file.path, ec)) {
        problems.push_back({file.path, "no such file or directory"});
        return nullptr;
      }
      return std::make_unique<TextReader>(file.path);
    }
    case Format::kJsonl:
      return JsonlReader::Open(file.path, problems);
    case Format::kUnknown:
      problems.push_back({file.path, "skipped: unknown file type"});
      return nullptr;
    default:
      problems.push_back({file.path, std::string("no reader for ") + FormatName(file.format) +
                                         " input in this build (the web readers, marsad_ingest_web, are not linked)"});
      return nullptr;
  }
}

}  // namespace marsad::ingest
