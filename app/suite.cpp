#include "app/suite.hpp"

#include <functional>
#include <vector>

#include <fmt/format.h>

#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/suite_steps.hpp"

namespace rigcheck {
namespace {

struct SuiteStep {
  const char* name;
  std::function<void(Report&, const FileSource&, const GlobalOptions&, const std::string& profile)> run;
};

// In order: memory first (a card with bad VRAM makes every later number meaningless).
const std::vector<SuiteStep>& suite_steps() {
  static const std::vector<SuiteStep> steps{
      {"VRAM integrity and copy bandwidth",
       [](Report& report, const FileSource&, const GlobalOptions& options, const std::string& profile) {
         run_vram_step(report, options, profile);
       }},
  };
  return steps;
}

}  // namespace

void run_suite(Report& report, const FileSource& files, const GlobalOptions& options, const std::string& profile) {
  for (const auto& step : suite_steps()) {
    if (interrupt_requested()) {
      report.interrupted = true;
      return;
    }
    print_note(options, fmt::format("step: {}", step.name));
    step.run(report, files, options, profile);
  }
}

}  // namespace rigcheck
