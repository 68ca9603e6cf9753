#pragma once
// The shell of every HTML page rigcheck writes (report and comparison): doctype, inline CSS,
// title. Self-contained: no scripts, fonts or stylesheets from anywhere else.
#include <string>
#include <string_view>

#include "reports/check.hpp"

namespace rigcheck {

// A whole document around `body` (already HTML); `title` is escaped here.
std::string html_page(std::string_view title, std::string_view body);

// CSS class of a status cell ("status-pass", ...) and its word.
std::string status_class(CheckStatus status);

// <span class="status status-fail">fail</span>
std::string status_badge(CheckStatus status);

}  // namespace rigcheck
