// Small pieces shared by the subcommands.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "marsad/core/status.h"
#include "marsad/store/store.h"

namespace marsad::cli {

// Prints "marsad: <message>" to stderr.
void PrintError(const std::string& message);
inline void PrintError(const Status& st) { PrintError(st.message()); }

// Opens the store at `db`, printing a clear message on failure.
std::unique_ptr<store::Store> OpenStoreOrReport(const std::string& db);

// Shortens a text to `max` code points for one-line listings.
std::string Ellipsize(const std::string& s, size_t max);

}  // namespace marsad::cli
