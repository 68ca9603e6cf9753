// rigcheck list-checks: every check id, what it judges and the policy keys that set its
// thresholds, from the check catalog and the default policy (reports/judge/check_listing).
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "reports/judge/check_listing.hpp"

namespace rigcheck {

CommandAction register_list_checks_command(CLI::App& cli, GlobalOptions&) {
  cli.add_subcommand("list-checks", "Every check id, what it judges, and the policy keys that set its thresholds");
  return [] {
    const auto checks = check_listing();
    std::size_t width = 0;
    for (const auto& c : checks) width = std::max(width, c.id.size());
    for (const auto& c : checks) {
      fmt::print("{:<{}}  {}\n", c.id, width, c.judges);
      fmt::print("{:<{}}  policy: {}\n", "", width,
                 c.policy_keys.empty() ? "none (a fixed rule)" : fmt::format("{}", fmt::join(c.policy_keys, ", ")));
    }
    return int(kExitSound);
  };
}

}  // namespace rigcheck
