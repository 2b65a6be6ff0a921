// Publication dates as web pages and feeds write them, normalized to ISO 8601:
// "2020-10-10" for a day, "2020-10-10T10:51:00+03:00" when a time is given
// (the offset kept as written, "Z" for UTC; no offset when none was written).
//
// Free functions, no state: thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace marsad::ingest::web {

// ISO 8601 / RFC 3339 ("2020-10-10", "2020-10-10T10:51:00+0300",
// "2020-10-10 10:51", "2020-10-10T07:51:00.000Z"). "" when not a date.
std::string ParseIsoDate(std::string_view s);

// RFC 822 / RFC 1123 as in RSS pubDate ("Sat, 10 Oct 2020 10:51:00 +0300",
// "10 Oct 2020 07:51 GMT"). "" when not a date.
std::string ParseRfc822Date(std::string_view s);

// ISO, then RFC 822, then a day-first numeric or Arabic/English month-name
// date anywhere in a short string (meta tags hold all of these).
std::string ParseAnyDate(std::string_view s);

// A date in a URL path: /2020/10/10/, /2020-10-10/, /20201010/ or
// ...-20201010-... . "" when none (or not a plausible date).
std::string DateFromUrl(std::string_view url);

// The first date written in running text: "10/10/2020", "9-10-2020",
// "2020-10-10", "10 أكتوبر 2020", "10 تشرين الأول/أكتوبر 2020",
// "السبت 10 أكتوبر 2020", Arabic-Indic digits too. Day-first for numeric
// dates, as Arabic outlets write them. Looks at the first `max_bytes` only.
std::string FindWrittenDate(std::string_view text, size_t max_bytes = 4096);

}  // namespace marsad::ingest::web
