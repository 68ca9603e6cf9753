#include "reports/gpt2/gpt2_judge.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/gpt2/size_units.hpp"

namespace rigcheck {
namespace {

std::string key_of(const Gpt2Row& row) { return row.model + ":" + row.task + ":" + row.precision; }

const Gpt2Row* find_row(const Gpt2Table& table, const std::string& key) {
  for (const auto& row : table.rows)
    if (key_of(row) == key) return &row;
  return nullptr;
}

Metric bytes_metric(std::uint64_t bytes) { return {static_cast<double>(bytes), "bytes"}; }

std::vector<std::string> advice_for(const Gpt2Row& row, const Gpt2Table& table) {
  const auto& usable = table.inputs.usable_vram_bytes;
  const bool vram_short = usable && row.vram_bytes > *usable;
  if (!vram_short) {
    return {fmt::format("add host RAM: {} needs {} of host RAM{}", key_of(row), format_gib(row.host_bytes),
                        table.inputs.host_ram_bytes
                            ? fmt::format(", the machine has {}", format_gib(*table.inputs.host_ram_bytes))
                            : std::string())};
  }
  std::vector<std::string> advice;
  if (row.task == "finetune") {
    advice.push_back("enable gradient checkpointing (finetune-checkpointing) to keep only each layer's input");
    advice.push_back("or enable DeepSpeed ZeRO-2 optimizer offload (finetune-offload): the Adam state moves to "
                     "host RAM, which then needs about 24 bytes per parameter");
  } else if (row.task == "finetune-checkpointing") {
    advice.push_back("enable DeepSpeed ZeRO-2 optimizer offload (finetune-offload): the GPU keeps 2 bytes per "
                     "parameter instead of 16");
  } else if (row.task == "inference") {
    advice.push_back("load the weights as fp16-pure or int8-weight to halve or nearly quarter them");
  }
  advice.push_back(fmt::format("or use a smaller model, or a card with at least {} of usable VRAM",
                               format_gib(row.vram_bytes)));
  return advice;
}

}  // namespace

Check judge_gpt2_fit(const Gpt2Table& table, const Gpt2Policy& policy) {
  Check check;
  check.id = "gpt2.fit";
  if (!table.inputs.usable_vram_bytes) {
    check.status = CheckStatus::skip;
    check.summary = "VRAM unknown: the GPT-2 fit could not be judged (give --vram or --card)";
    return check;
  }
  check.metrics["usable_vram_bytes"] = bytes_metric(*table.inputs.usable_vram_bytes);
  if (table.inputs.host_ram_bytes) check.metrics["host_ram_bytes"] = bytes_metric(*table.inputs.host_ram_bytes);
  check.metrics["required_rows"] = {static_cast<double>(policy.required.size()), "count"};
  std::size_t fitting = 0;
  std::vector<std::string> unverified;
  for (const auto& key : policy.required) {
    const Gpt2Row* row = find_row(table, key);
    if (row == nullptr) {
      check.status = CheckStatus::error;
      check.summary = fmt::format("the policy requires '{}', which is not a row of the GPT-2 table", key);
      check.advice = {"fix the policy's gpt2.required entry: model gpt2|gpt2-medium|gpt2-large|gpt2-xl, task "
                      "inference|finetune|finetune-checkpointing|finetune-offload|finetune-offload-params, precision "
                      "fp32|amp|fp16-pure|int8-weight|int8"};
      return check;
    }
    check.evidence.push_back(fmt::format("{}: fit {}, batch {}, VRAM {}, host {}: {}", key, to_string(row->fit),
                                         row->batch, format_gib(row->vram_bytes), format_gib(row->host_bytes),
                                         row->limit));
    if (row->fit == Gpt2Fit::no) {
      check.status = CheckStatus::fail;
      check.summary = fmt::format("{} does not fit: {}", key, row->limit);
      check.advice = advice_for(*row, table);
      check.metrics["needed_vram_bytes"] = bytes_metric(row->vram_bytes);
      check.metrics["needed_host_bytes"] = bytes_metric(row->host_bytes);
      check.metrics["fitting_rows"] = {static_cast<double>(fitting), "count"};
      return check;
    }
    ++fitting;
    if (row->fit == Gpt2Fit::offload && !table.inputs.host_ram_bytes)
      unverified.push_back(fmt::format("{} (needs {})", key, format_gib(row->host_bytes)));
  }
  check.metrics["fitting_rows"] = {static_cast<double>(fitting), "count"};
  if (!unverified.empty()) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("every required GPT-2 task fits the GPU, but host RAM is unknown for {}",
                                fmt::join(unverified, ", "));
    check.advice = {"give --host-ram (or run on the machine so rigcheck reads MemTotal) to confirm the offload fits"};
    return check;
  }
  check.status = CheckStatus::pass;
  check.summary = policy.required.empty() ? "the policy requires no GPT-2 task"
                                          : fmt::format("all {} required GPT-2 tasks fit", fitting);
  return check;
}

Check judge_host_memory(const HostFacts& host, const Gpt2Table& table, const Policy& policy) {
  Check check;
  check.id = "host.memory";
  if (!host.memory_total_bytes) {
    check.status = CheckStatus::skip;
    check.summary = "host RAM unknown (MemTotal not read): the offload need could not be compared";
    return check;
  }
  std::uint64_t need = 0;
  std::string need_key = "none";
  for (const auto& key : policy.gpt2.required) {
    const Gpt2Row* row = find_row(table, key);
    if (row != nullptr && row->host_bytes > need) {
      need = row->host_bytes;
      need_key = key;
    }
  }
  const std::uint64_t total = *host.memory_total_bytes;
  const std::uint64_t headroom = policy.host_memory.headroom_bytes;
  check.metrics["host_ram_bytes"] = bytes_metric(total);
  check.metrics["gpt2_host_need_bytes"] = bytes_metric(need);
  check.metrics["headroom_bytes"] = bytes_metric(headroom);
  check.evidence.push_back(fmt::format("largest host need among the policy's GPT-2 tasks: {} ({})", format_gib(need),
                                       need_key));
  if (total >= need + headroom) {
    check.status = CheckStatus::pass;
    check.summary = fmt::format("host RAM {} covers {} for {} plus {} headroom", format_gib(total), format_gib(need),
                                need_key, format_gib(headroom));
  } else if (total >= need) {
    check.status = CheckStatus::warn;
    check.summary = fmt::format("host RAM {} covers {} for {} but leaves less than the {} headroom",
                                format_gib(total), format_gib(need), need_key, format_gib(headroom));
    check.advice = {fmt::format("add host RAM to at least {} so the OS and data loader have room",
                                format_gib(need + headroom))};
  } else {
    check.status = CheckStatus::fail;
    check.summary = fmt::format("host RAM {} is less than the {} that {} needs", format_gib(total), format_gib(need),
                                need_key);
    check.advice = {fmt::format("add host RAM to at least {} (need {} + headroom {})", format_gib(need + headroom),
                                format_gib(need), format_gib(headroom)),
                    "or require a smaller offloaded model in the policy"};
  }
  return check;
}

}  // namespace rigcheck
