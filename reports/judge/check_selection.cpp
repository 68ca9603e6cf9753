#include "reports/judge/check_selection.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/judge/check_listing.hpp"

namespace rigcheck {
namespace {

bool dot_prefix(std::string_view prefix, std::string_view id) {
  return id == prefix || (id.size() > prefix.size() && id.starts_with(prefix) && id[prefix.size()] == '.');
}

// "compute.gemm.<precision>" answers to "compute.gemm.fp16": the placeholder is one word.
bool fills_placeholder(std::string_view listed, std::string_view id) {
  const auto open = listed.find(".<");
  if (open == std::string_view::npos) return false;
  const auto head = listed.substr(0, open + 1);
  if (!id.starts_with(head) || id.size() == head.size()) return false;
  const auto word = id.substr(head.size());
  return std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

bool answers_to(std::string_view listed, std::string_view id) {
  return dot_prefix(id, listed) || fills_placeholder(listed, id);
}

}  // namespace

std::optional<std::string> check_selection_problem(const std::vector<std::string>& ids) {
  const auto listing = check_listing();
  for (const auto& id : ids) {
    const bool known = std::any_of(listing.begin(), listing.end(), [&](const CheckListing& c) { return answers_to(c.id, id); });
    if (known) continue;
    std::vector<std::string> valid;
    for (const auto& c : listing) valid.push_back(c.id);
    return fmt::format("--only: unknown check id '{}' (valid: {}; see rigcheck list-checks)", id, fmt::join(valid, ", "));
  }
  return std::nullopt;
}

bool check_selected(std::string_view check_id, const std::vector<std::string>& selection) {
  return std::any_of(selection.begin(), selection.end(), [&](const std::string& s) { return dot_prefix(s, check_id); });
}

}  // namespace rigcheck
