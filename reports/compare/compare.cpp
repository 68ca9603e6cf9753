#include "reports/compare/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <initializer_list>

#include "reports/burn/burn_series.hpp"
#include "reports/compare/key_figures.hpp"
#include "reports/compute/judge_compute.hpp"
#include "reports/render/throughput_summary.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

// What one column stands for: a GPU of a report, or a report without any GPU.
struct Source {
  const Report* report = nullptr;
  const GpuEntry* gpu = nullptr;
};

using CellOf = std::function<ComparisonCell(const Source&)>;

void add_row(ComparisonTable& table, const std::vector<Source>& sources, std::string group, std::string label,
             const CellOf& cell_of, bool keep_when_empty = false) {
  ComparisonRow row{std::move(group), std::move(label), {}};
  bool any = false;
  for (const auto& source : sources) {
    row.cells.push_back(cell_of(source));
    any = any || row.cells.back().text.has_value();
  }
  if (any || keep_when_empty) table.rows.push_back(std::move(row));
}

ComparisonCell text(std::string value) { return {std::move(value), std::nullopt}; }
ComparisonCell missing() { return {}; }

ComparisonCell check_cell(const Check* check) {
  if (check == nullptr) return missing();
  return {std::string(to_string(check->status)), check->status};
}

std::string gbps(double bytes_per_s) { return fmt::format("{:.1f} GB/s", bytes_per_s / 1e9); }

// " (noisy: spread 14%)" when the key figure's repeats spread over 10% of its median: a difference
// to another column inside that spread is noise, not a difference between the cards.
std::string noisy_suffix(const GpuEntry& gpu, const std::string& figure_id) {
  const auto figures = key_figures(gpu);
  const KeyFigure* figure = find_figure(figures, figure_id);
  if (figure == nullptr) return "";
  const auto spread = noisy_spread(*figure);
  return spread ? fmt::format(" (noisy: spread {:.0f}%)", *spread * 100) : "";
}

std::vector<std::string> union_of_ids(const std::vector<Source>& sources, bool system) {
  std::vector<std::string> ids;
  auto add = [&ids](const std::vector<Check>& checks) {
    for (const auto& c : checks)
      if (std::find(ids.begin(), ids.end(), c.id) == ids.end()) ids.push_back(c.id);
  };
  const Report* last = nullptr;
  for (const auto& s : sources) {
    if (system && s.report != last) add(s.report->system_checks);
    if (!system && s.gpu != nullptr) add(s.gpu->checks);
    last = s.report;
  }
  return ids;
}

ComparisonCell pcie_under_load(const Source& s) {
  if (s.gpu == nullptr) return missing();
  const Check* link = find_check(s.gpu->checks, "pcie.link");
  // NVML's busy samples first, else sysfs read during the host-device copies.
  auto speed = check_metric(link, "pcie_speed_under_load_gts");
  if (!speed) speed = check_metric(link, "speed_during_transfer_gts");
  auto width = check_metric(link, "pcie_width_under_load");
  if (!width) width = check_metric(link, "width_during_transfer_lanes");
  auto gen = check_metric(link, "pcie_gen_under_load");
  if (!speed && !width && !gen) return missing();
  std::string value = format_link(speed, width ? std::optional<int>(static_cast<int>(*width)) : std::nullopt);
  if (gen) value = fmt::format("Gen{:.0f} {}", *gen, value);
  return text(value);
}

ComparisonCell pcie_sysfs(const Source& s) {
  if (s.gpu == nullptr) return missing();
  const auto& link = s.gpu->pci.link;
  if (!link.current_speed_gts && !link.current_width) return missing();
  return text(fmt::format("{} of {}", format_link(link.current_speed_gts, link.current_width),
                          format_link(link.max_speed_gts, link.max_width)));
}

// Best pinned host-device copy of one direction, with the pcie.bandwidth verdict's colour.
auto transfer_cell(const char* direction) {
  return [direction](const Source& s) {
    if (s.gpu == nullptr || !s.gpu->measurements.transfers) return missing();
    auto best = best_pinned_bytes_per_s(*s.gpu->measurements.transfers, direction);
    if (!best) return missing();
    const Check* check = find_check(s.gpu->checks, "pcie.bandwidth");
    ComparisonCell cell = text(gbps(*best) + noisy_suffix(*s.gpu, fmt::format("{}_bandwidth", direction)));
    if (check && (check->status == CheckStatus::warn || check->status == CheckStatus::fail)) cell.status = check->status;
    return cell;
  };
}

ComparisonCell copy_bandwidth(const Source& s) {
  if (s.gpu == nullptr) return missing();
  const auto& m = s.gpu->measurements;
  std::optional<double> best;
  if (m.bandwidth)
    for (const auto& copy : m.bandwidth->device_copies) best = std::max(best.value_or(0.0), copy.median_bytes_per_s);
  if (!best && m.vram && m.vram->copy_bandwidth_bytes_per_s) best = m.vram->copy_bandwidth_bytes_per_s;
  if (!best) return missing();
  return text(gbps(*best) + noisy_suffix(*s.gpu, "vram_copy_bandwidth"));
}

CellOf throughput_cell(std::string operation, std::string precision) {
  return [operation, precision](const Source& s) {
    if (s.gpu == nullptr) return missing();
    auto best = best_throughput(*s.gpu, operation, precision);
    if (!best) return missing();
    std::string value = fmt::format("{:.3g} {}", best->value, best->unit);
    if (best->fraction_of_peak) value += fmt::format(" ({:.0f}% of peak)", *best->fraction_of_peak * 100);
    return text(value + noisy_suffix(*s.gpu, fmt::format("{}_{}", operation, precision)));
  };
}

// The row of a model that fits with the highest throughput among `tasks` (on the GPU before offload).
const Gpt2Row* best_fit(const Gpt2Table& table, const std::string& model,
                        std::initializer_list<std::string_view> tasks) {
  const Gpt2Row* best = nullptr;
  for (const auto& row : table.rows) {
    if (row.model != model || row.fit == Gpt2Fit::no || std::find(tasks.begin(), tasks.end(), row.task) == tasks.end())
      continue;
    const bool better_place = best != nullptr && row.fit == Gpt2Fit::gpu && best->fit != Gpt2Fit::gpu;
    const bool worse_place = best != nullptr && row.fit != Gpt2Fit::gpu && best->fit == Gpt2Fit::gpu;
    if (best == nullptr || better_place ||
        (!worse_place && row.tokens_per_s.value_or(0) > best->tokens_per_s.value_or(0)))
      best = &row;
  }
  return best;
}

// How a model fits, short enough for a column: the best inference and the best fine-tuning row.
// pass: fine-tuning fits on the GPU; warn: only with optimizer offload, or inference only; fail: nothing fits.
ComparisonCell gpt2_cell(const Gpt2Table& table, const std::string& model) {
  const Gpt2Row* inference = best_fit(table, model, {"inference"});
  const Gpt2Row* finetune = best_fit(table, model, {"finetune", "finetune-checkpointing", "finetune-offload"});
  if (inference == nullptr && finetune == nullptr) return {std::string("does not fit"), CheckStatus::fail};
  auto speed = [](const Gpt2Row& row) {
    return row.tokens_per_s ? fmt::format(" ~{:.0f} tok/s", *row.tokens_per_s) : "";
  };
  std::string text =
      inference ? fmt::format("inference {}{}", inference->precision, speed(*inference)) : "no inference";
  if (finetune == nullptr) {
    text += "; no fine-tune";
  } else {
    const char* how = finetune->task == "finetune-offload" || finetune->fit == Gpt2Fit::offload ? " with offload"
                      : finetune->task == "finetune-checkpointing"                              ? " with checkpointing"
                                                                                                : "";
    text += fmt::format("; fine-tune{} {}{}", how, finetune->precision, speed(*finetune));
  }
  const bool finetune_on_gpu =
      finetune != nullptr && finetune->fit == Gpt2Fit::gpu && finetune->task != "finetune-offload";
  return {text, finetune_on_gpu ? CheckStatus::pass : CheckStatus::warn};
}

}  // namespace

ComparisonTable build_comparison(const std::vector<LabeledReport>& reports) {
  ComparisonTable table;
  std::vector<Source> sources;
  for (const auto& labeled : reports) {
    const auto& report = labeled.report;
    if (report.gpus.empty()) {
      table.columns.push_back({labeled.label, report.host.hostname, std::nullopt, "", ""});
      sources.push_back({&report, nullptr});
    }
    for (const auto& gpu : report.gpus) {
      table.columns.push_back({labeled.label, report.host.hostname, gpu.index, gpu.name, gpu.pci.bdf});
      sources.push_back({&report, &gpu});
    }
  }

  add_row(
      table, sources, "verdict", "verdict",
      [](const Source& s) {
        const auto status = s.report->verdict.status;
        const CheckStatus tone = status == VerdictStatus::sound     ? CheckStatus::pass
                                 : status == VerdictStatus::unsound ? CheckStatus::fail
                                                                    : CheckStatus::skip;
        return ComparisonCell{std::string(to_string(status)) + (s.report->interrupted ? " (partial)" : ""), tone};
      },
      true);

  for (const auto& id : union_of_ids(sources, false))
    add_row(
        table, sources, "checks", id,
        [&id](const Source& s) { return s.gpu == nullptr ? missing() : check_cell(find_check(s.gpu->checks, id)); },
        true);
  for (const auto& id : union_of_ids(sources, true))
    add_row(
        table, sources, "system", id,
        [&id](const Source& s) { return check_cell(find_check(s.report->system_checks, id)); }, true);

  add_row(table, sources, "metrics", "PCIe link under load", pcie_under_load);
  add_row(table, sources, "metrics", "PCIe link (sysfs)", pcie_sysfs);
  add_row(table, sources, "metrics", "VRAM tested", [](const Source& s) {
    if (s.gpu == nullptr || !s.gpu->measurements.vram) return missing();
    const auto& v = *s.gpu->measurements.vram;
    return text(fmt::format("{} ({:.0f}%)", format_bytes(v.tested_bytes), v.coverage_fraction * 100));
  });
  add_row(table, sources, "metrics", "VRAM errors", [](const Source& s) {
    if (s.gpu == nullptr || !s.gpu->measurements.vram) return missing();
    const auto errors = s.gpu->measurements.vram->error_count;
    return ComparisonCell{std::to_string(errors), errors == 0 ? CheckStatus::pass : CheckStatus::fail};
  });
  add_row(table, sources, "metrics", "VRAM test traffic", [](const Source& s) {
    if (s.gpu == nullptr || !s.gpu->measurements.vram || !(s.gpu->measurements.vram->traffic_bytes_per_s > 0))
      return missing();
    return text(gbps(s.gpu->measurements.vram->traffic_bytes_per_s));
  });
  add_row(table, sources, "metrics", "copy bandwidth", copy_bandwidth);
  add_row(table, sources, "metrics", "host to device (pinned)", transfer_cell(transfer_direction::host_to_device));
  add_row(table, sources, "metrics", "device to host (pinned)", transfer_cell(transfer_direction::device_to_host));
  for (std::string_view precision : kComputePrecisions)
    add_row(table, sources, "metrics", fmt::format("GEMM {}", precision),
            throughput_cell("gemm", std::string(precision)));
  for (std::string_view precision : kAttentionPrecisions)
    add_row(table, sources, "metrics", fmt::format("attention {}", precision),
            throughput_cell("attention", std::string(precision)));

  using Format = std::string (*)(double);
  auto burn_cell = [](std::optional<double> BurnFigures::*member, Format format) {
    return [member, format](const Source& s) {
      if (s.gpu == nullptr) return missing();
      const auto value = burn_figures(*s.gpu).*member;
      return value ? text(format(*value)) : missing();
    };
  };
  add_row(table, sources, "metrics", "burn mean power",
          burn_cell(&BurnFigures::mean_power_w, [](double w) { return fmt::format("{:.0f} W", w); }));
  add_row(table, sources, "metrics", "burn peak temperature",
          burn_cell(&BurnFigures::peak_temp_c, [](double c) { return fmt::format("{:.0f} °C", c); }));
  add_row(table, sources, "metrics", "burn mean TFLOPS", [](const Source& s) {
    if (s.gpu == nullptr || !s.gpu->measurements.burn) return missing();
    const auto value = burn_figures(*s.gpu).mean_tflops;
    if (!value) return missing();
    const auto& burn = *s.gpu->measurements.burn;
    return text(fmt::format("{:.3g} {} ({})", *value, burn.precision == "int8" ? "TOPS" : "TFLOPS", burn.precision));
  });
  add_row(table, sources, "metrics", "burn mismatches", [](const Source& s) {
    if (s.gpu == nullptr || !s.gpu->measurements.burn) return missing();
    const auto& stability = s.gpu->measurements.burn->stability;
    return ComparisonCell{fmt::format("{} of {}", stability.mismatches, stability.checks_done),
                          stability.mismatches == 0 ? CheckStatus::pass : CheckStatus::fail};
  });

  // GPT-2: one row per model, in first-seen order.
  std::vector<std::string> models;
  for (const auto& labeled : reports)
    if (labeled.report.gpt2)
      for (const auto& row : labeled.report.gpt2->rows)
        if (std::find(models.begin(), models.end(), row.model) == models.end()) models.push_back(row.model);
  for (const auto& model : models)
    add_row(table, sources, "gpt2", model, [&model](const Source& s) {
      if (!s.report->gpt2) return missing();
      const auto& rows = s.report->gpt2->rows;
      if (std::none_of(rows.begin(), rows.end(), [&model](const Gpt2Row& row) { return row.model == model; }))
        return missing();
      return gpt2_cell(*s.report->gpt2, model);
    });
  return table;
}

std::string column_heading(const ComparisonColumn& column) {
  std::string gpu = column.gpu_index ? fmt::format("GPU {} {}{}", *column.gpu_index, column.gpu_name,
                                                   column.bdf.empty() ? "" : fmt::format(" ({})", column.bdf))
                                     : std::string("no GPU");
  return fmt::format("{}: {}{}", column.report_label, column.machine ? *column.machine + " / " : "", gpu);
}

}  // namespace rigcheck
