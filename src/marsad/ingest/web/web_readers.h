// Plugs the web readers into ingest/sources.h: html -> HtmlReader,
// rss and atom -> FeedReader, warc -> WarcReader. Call once at start-up,
// before OpenReader (not thread-safe against concurrent OpenReader calls).
#pragma once

namespace marsad::ingest::web {

void RegisterWebReaders();

}  // namespace marsad::ingest::web
