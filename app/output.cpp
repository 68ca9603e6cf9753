#include "app/output.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "app/exit_codes.hpp"
#include "app/interrupt.hpp"
#include "reports/json_text.hpp"
#include "reports/render/render.hpp"

namespace rigcheck {

// printable(): a message quoting a file (or a path) is one line and never echoes raw bytes.
void print_error(std::string_view message) { fmt::print(stderr, "rigcheck: {}\n", printable(message)); }

void print_note(const GlobalOptions& options, std::string_view message) {
  if (!options.quiet) fmt::print(stderr, "{}\n", message);
}

int exit_code_for(const Report& report, bool strict) {
  switch (report.verdict.status) {
    case VerdictStatus::unsound: return kExitUnsound;
    case VerdictStatus::untested: return kExitCouldNotTest;
    case VerdictStatus::sound: break;
  }
  if (strict)
    for (const auto& reason : report.verdict.reasons)
      if (reason.status == CheckStatus::warn) return kExitUnsound;
  return kExitSound;
}

int emit_report(const Report& report, const GlobalOptions& options) {
  RenderOptions render_options;
  render_options.color = options.output_path.empty() && !options.no_color && ::isatty(STDOUT_FILENO) != 0;
  auto text = render(report, options.format, render_options);
  if (!text) {
    print_error(text.error());
    return kExitBadInput;
  }
  if (options.output_path.empty()) {
    std::fwrite(text->data(), 1, text->size(), stdout);
    std::fflush(stdout);
  } else if (auto written = write_file_atomically(options.output_path, *text); !written) {
    print_error(written.error());
    return kExitCouldNotTest;
  } else {
    note_report_on_disk();
  }
  return exit_code_for(report, options.strict);
}

std::optional<Policy> resolve_policy(const GlobalOptions& options, std::string_view fallback) {
  auto policy = load_policy(options.policy.empty() ? fallback : std::string_view(options.policy));
  if (!policy) {
    print_error(fmt::format("bad policy: {}", policy.error()));
    return std::nullopt;
  }
  return *policy;
}

Report new_report(std::string profile) {
  Report report;
  report.tool.version = RIGCHECK_VERSION;
  report.tool.git = RIGCHECK_GIT_DESCRIBE;
  report.profile = std::move(profile);
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  report.created_utc = buffer;
  return report;
}

}  // namespace rigcheck
