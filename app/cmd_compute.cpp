// rigcheck compute [--precision fp32,fp16,...] [--shapes gpt2|square]: GEMM and attention
// throughput at each precision, checked against CPU references, judged against the card's peak.
#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "app/run_plan.hpp"

namespace rigcheck {

CommandAction register_compute_command(CLI::App& cli, GlobalOptions& options) {
  struct Flags {
    std::string precisions;
    std::string shapes = "gpt2";
  };
  auto flags = std::make_shared<Flags>();
  auto* sub = cli.add_subcommand("compute", "GEMM and attention throughput at each precision, checked against the CPU");
  sub->add_option("--precision", flags->precisions, "Comma-separated: fp32,tf32,fp16,bf16,int8,fp8 (default: all)");
  sub->add_option("--shapes", flags->shapes, "gpt2 (GPT-2 layer shapes and attention) or square")
      ->check(CLI::IsMember({"gpt2", "square"}))
      ->capture_default_str();
  return [&options, flags] {
    SuitePlan plan;
    plan.profile = "compute";
    plan.vram = false;
    plan.transfers = false;
    plan.shapes = flags->shapes;
    std::stringstream list(flags->precisions);
    std::string item;
    static const std::vector<std::string> kKnown{"fp32", "tf32", "fp16", "bf16", "int8", "fp8"};
    while (std::getline(list, item, ',')) {
      if (std::find(kKnown.begin(), kKnown.end(), item) == kKnown.end()) {
        print_error(fmt::format("--precision: '{}' is not one of fp32, tf32, fp16, bf16, int8, fp8", item));
        return int(kExitBadInput);
      }
      plan.precisions.push_back(item);
    }
    int exit_code = 0;
    auto report = probe_and_run(options, plan, exit_code);
    if (!report) return exit_code;
    return emit_report(*report, options);
  };
}

}  // namespace rigcheck
