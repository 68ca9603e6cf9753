// `rigcheck gpt2`: which GPT-2 sizes and tasks fit this machine, and how fast (docs/gpt2.md).
// Inputs from flags (--vram, --host-ram, --card) or a stored report (--from); flags win.
#include <charconv>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "reports/cards.hpp"
#include "reports/gpt2/gpt2_build.hpp"
#include "reports/gpt2/gpt2_config.hpp"
#include "reports/gpt2/gpt2_judge.hpp"
#include "reports/gpt2/gpt2_text.hpp"
#include "reports/gpt2/size_units.hpp"
#include "reports/judge/gpt2_inputs.hpp"
#include "reports/policy.hpp"
#include "reports/report_json.hpp"

namespace rigcheck {
namespace {

struct Gpt2Flags {
  std::string vram;
  std::string host_ram;
  std::string card;
  std::string from;
  // One configuration (`--task --precision --context --batch`); empty: the whole table.
  std::string task;
  std::string precision;
  std::string context;
  std::string batch;
};

int bad_input(const std::string& line) {
  fmt::print(stderr, "rigcheck gpt2: {}\n", line);
  return kExitBadInput;
}

std::string card_keys() {
  std::string keys;
  for (const auto& card : card_table()) keys += (keys.empty() ? "" : ", ") + std::string(card.key);
  return keys;
}

// Fills `in` from a stored report: VRAM of the GPU `judge` sizes GPT-2 for (or its card's spec),
// host MemTotal.
std::optional<std::string> inputs_from_report(const std::string& path, Gpt2Inputs& in, HostFacts& host) {
  auto report = load_report_file(path);
  if (!report) return fmt::format("{}: {}", path, report.error());
  host = report->host;
  if (report->host.memory_total_bytes) {
    in.host_ram_bytes = report->host.memory_total_bytes;
    in.input_basis.push_back(fmt::format("host RAM {} from {} (host.memory_total_bytes)",
                                         format_gib(*in.host_ram_bytes), path));
  }
  const GpuEntry* sized = gpu_sized_for_gpt2(*report);
  if (sized == nullptr) return std::nullopt;
  const auto& gpu = *sized;
  auto which = fmt::format("gpus[{}]", &gpu - report->gpus.data());
  in.input_basis.push_back(fmt::format("sized for GPU {} ({}, {}): the first compute GPU in {}", gpu.index,
                                       gpu.pci.bdf, gpu.name, path));
  in.card = find_card(gpu.pci.vendor_id, gpu.pci.device_id);
  if (in.card != nullptr)
    in.input_basis.push_back(fmt::format("card {} from the PCI id of {} in {}", in.card->name, which, path));
  if (gpu.memory_bytes) {
    in.vram_bytes = gpu.memory_bytes;
    in.input_basis.push_back(fmt::format("VRAM {} from {} ({}.memory_bytes)", format_gib(*in.vram_bytes), path, which));
  } else if (in.card != nullptr) {
    in.vram_bytes = in.card->memory_bytes;
    in.input_basis.push_back(fmt::format("VRAM {} from the {} spec sheet (the report has no memory_bytes)",
                                         format_gib(*in.vram_bytes), in.card->name));
  }
  return std::nullopt;
}

// Parses the one-configuration flags; nullopt query when none was given, an error line when one is bad.
std::optional<std::string> parse_query(const Gpt2Flags& flags, std::optional<Gpt2Query>& query) {
  if (flags.task.empty() && flags.precision.empty() && flags.context.empty() && flags.batch.empty()) return std::nullopt;
  Gpt2Query q;
  if (!flags.task.empty()) {
    auto task = gpt2::task_from_string(flags.task);
    if (!task) return fmt::format("--task '{}' is not a task (inference, finetune, finetune-checkpointing, "
                                  "finetune-offload, finetune-offload-params)", flags.task);
    q.task = *task;
  }
  if (!flags.precision.empty()) {
    auto precision = gpt2::precision_from_string(flags.precision);
    if (!precision) return fmt::format("--precision '{}' is not a precision (fp32, amp, fp16-pure, int8-weight, int8)",
                                       flags.precision);
    q.precision = *precision;
  }
  if (!gpt2::is_valid(q.task, q.precision))
    return fmt::format("--precision {} is not offered for --task {} (docs/gpt2.md)", gpt2::to_string(q.precision),
                       gpt2::to_string(q.task));
  const auto whole = [](const std::string& text, int low, int high) -> std::optional<int> {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) return std::nullopt;
    return value;
  };
  if (!flags.context.empty()) {
    auto context = whole(flags.context, 1, static_cast<int>(gpt2::kContextTokens));
    if (!context) return fmt::format("--context '{}' is not a whole number of tokens from 1 to 1024", flags.context);
    q.context_tokens = static_cast<std::uint64_t>(*context);
  }
  if (!flags.batch.empty()) {
    auto batch = whole(flags.batch, 1, 4096);
    if (!batch) return fmt::format("--batch '{}' is not a whole number from 1 to 4096", flags.batch);
    q.batch = *batch;
  }
  query = q;
  return std::nullopt;
}

int write_output(const GlobalOptions& options, const std::string& text) {
  if (options.output_path.empty()) {
    fmt::print("{}", text);
    return kExitSound;
  }
  auto written = write_file_atomically(options.output_path, text);
  if (!written) {
    print_error(written.error());
    return kExitCouldNotTest;
  }
  return kExitSound;
}

int run_gpt2(const Gpt2Flags& flags, const GlobalOptions& options) {
  if (options.format != "text" && options.format != "json")
    return bad_input(fmt::format("--format {} is not supported here: use text or json", options.format));
  auto policy = resolve_policy(options);
  if (!policy) return kExitBadInput;

  std::optional<Gpt2Query> query;
  if (auto error = parse_query(flags, query)) return bad_input(*error);

  Gpt2Inputs in;
  HostFacts host;
  if (!flags.from.empty())
    if (auto error = inputs_from_report(flags.from, in, host)) return bad_input(*error);
  if (!flags.card.empty()) {
    in.card = find_card_by_key(flags.card);
    if (in.card == nullptr) return bad_input(fmt::format("--card '{}' is not a known card ({})", flags.card, card_keys()));
    in.input_basis.push_back(fmt::format("card {} from --card {}", in.card->name, flags.card));
  }
  if (!flags.vram.empty()) {
    auto bytes = parse_size(flags.vram);
    if (!bytes) return bad_input("--vram: " + bytes.error());
    in.vram_bytes = *bytes;
    in.input_basis.push_back(fmt::format("VRAM {} from --vram {}", format_gib(*bytes), flags.vram));
  } else if (!in.vram_bytes && in.card != nullptr) {
    in.vram_bytes = in.card->memory_bytes;
    in.input_basis.push_back(fmt::format("VRAM {} from the {} spec sheet", format_gib(*in.vram_bytes), in.card->name));
  }
  if (!flags.host_ram.empty()) {
    auto bytes = parse_size(flags.host_ram);
    if (!bytes) return bad_input("--host-ram: " + bytes.error());
    in.host_ram_bytes = *bytes;
    host.memory_total_bytes = *bytes;
    in.input_basis.push_back(fmt::format("host RAM {} from --host-ram {}", format_gib(*bytes), flags.host_ram));
  }
  if (!in.vram_bytes) return bad_input("VRAM unknown: give --vram SIZE (e.g. 24GiB) or --card KEY");
  if (!in.host_ram_bytes) in.input_basis.push_back("host RAM unknown: give --host-ram SIZE to judge the offload rows");

  Report report = new_report("gpt2");
  report.policy = policy->name;
  report.host = host;
  report.gpt2 = query ? build_gpt2_configuration(in, *query) : build_gpt2_table(in);
  // One configuration has none of the policy's rows: its checks are judged on the whole table.
  if (!query) {
    report.system_checks.push_back(judge_gpt2_fit(*report.gpt2, policy->gpt2));
    report.system_checks.push_back(judge_host_memory(host, *report.gpt2, *policy));
  }
  report.notes.push_back("rigcheck gpt2 sizes GPT-2 from the inputs given; no test ran, so the verdict is untested");

  if (options.format == "json") return write_output(options, report_to_json_text(report));
  std::string text = render_gpt2_text(*report.gpt2);
  if (!report.system_checks.empty()) text += fmt::format("\npolicy {}:\n", policy->name);
  for (const auto& check : report.system_checks) {
    text += fmt::format("  {:<11} {:<5} {}\n", check.id, to_string(check.status), check.summary);
    for (const auto& advice : check.advice) text += fmt::format("              - {}\n", advice);
  }
  return write_output(options, text);
}

}  // namespace

CommandAction register_gpt2_command(CLI::App& cli, GlobalOptions& options) {
  auto* sub = cli.add_subcommand("gpt2", "Which GPT-2 sizes and tasks fit this machine, and how fast (docs/gpt2.md)");
  auto flags = std::make_shared<Gpt2Flags>();
  sub->add_option("--vram", flags->vram, "Total VRAM, e.g. 24GiB (default: the card's)");
  sub->add_option("--host-ram", flags->host_ram, "Host RAM, e.g. 64GiB");
  sub->add_option("--card", flags->card, "Card key for spec peaks and bandwidth: " + card_keys());
  sub->add_option("--from", flags->from, "Take VRAM, card and host RAM from a stored report (REPORT.json)");
  sub->add_option("--task", flags->task,
                  "One configuration: inference|finetune|finetune-checkpointing|finetune-offload|finetune-offload-params");
  sub->add_option("--precision", flags->precision, "One configuration: fp32|amp|fp16-pure|int8-weight|int8");
  sub->add_option("--context", flags->context, "One configuration: tokens per sequence, 1-1024 (default 1024)");
  sub->add_option("--batch", flags->batch, "One configuration: sequences per step (default: the largest that fits)");
  return [flags, &options] { return run_gpt2(*flags, options); };
}

}  // namespace rigcheck
