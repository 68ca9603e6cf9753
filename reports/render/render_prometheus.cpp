// Prometheus text exposition for node_exporter's textfile collector (the caller writes the file
// atomically). Every family is one block (HELP, TYPE, samples) so `promtool check metrics` accepts
// it. GPU facts and telemetry use dcgm-exporter's names and labels where dcgm-exporter has the
// figure (dashboards built for it show rigcheck's numbers); rigcheck's own figures carry their
// unit in the name. Check health follows dcgm-exporter too (0 pass, 10 warn, 20 fail) and exists
// only for judged checks; `rigcheck_check_status` tells skip and error apart.
#include <cmath>
#include <ctime>
#include <map>

#include <fmt/format.h>

#include "reports/compute/judge_compute.hpp"
#include "reports/render/render.hpp"
#include "reports/render/throughput_summary.hpp"

namespace rigcheck {
namespace {

std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

struct Family {
  const char* help;
  std::vector<std::string> samples;
};

// Families in the order they are written; each name appears once.
class Exposition {
 public:
  void add(const std::string& name, const char* help, const std::string& labels, double value) {
    if (!std::isfinite(value)) return;
    auto [it, inserted] = families_.try_emplace(name, Family{help, {}});
    if (inserted) order_.push_back(name);
    it->second.samples.push_back(fmt::format("{}{{{}}} {}", name, labels, value));
  }
  std::string text() const {
    std::string out;
    for (const auto& name : order_) {
      const auto& f = families_.at(name);
      out += fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, f.help, name);
      for (const auto& s : f.samples) out += s + "\n";
    }
    return out;
  }

 private:
  std::vector<std::string> order_;
  std::map<std::string, Family> families_;
};

// "2026-11-27T20:53:00Z" -> seconds since the epoch; NaN when the report has no such time.
double epoch_seconds(const std::string& created_utc) {
  std::tm utc{};
  if (strptime(created_utc.c_str(), "%Y-%m-%dT%H:%M:%SZ", &utc) == nullptr) return NAN;
  return double(timegm(&utc));
}

int dcgm_health(CheckStatus status) { return status == CheckStatus::warn ? 10 : status == CheckStatus::fail ? 20 : 0; }

std::string gpu_labels(const GpuEntry& gpu, const std::string& hostname) {
  return fmt::format("gpu=\"{}\",UUID=\"{}\",pci_bus_id=\"{}\",model_name=\"{}\",Hostname=\"{}\"", gpu.index,
                     label_value(gpu.uuid.value_or("")), label_value(gpu.pci.bdf), label_value(gpu.name),
                     label_value(hostname));
}

void add_checks(Exposition& e, const std::string& labels, const std::vector<Check>& checks) {
  std::string sep = labels.empty() ? "" : ",";
  for (const auto& c : checks) {
    auto check_labels = fmt::format("{}{}check=\"{}\"", labels, sep, label_value(c.id));
    if (c.status == CheckStatus::pass || c.status == CheckStatus::warn || c.status == CheckStatus::fail)
      e.add("rigcheck_check_health", "Health of each judged check as dcgm-exporter counts it: 0 pass, 10 warn, 20 fail.",
            check_labels, dcgm_health(c.status));
    for (auto status : {CheckStatus::pass, CheckStatus::warn, CheckStatus::fail, CheckStatus::skip, CheckStatus::error})
      e.add("rigcheck_check_status", "1 for the status of each check (skip: could not run; error: its input was unreadable).",
            fmt::format("{},status=\"{}\"", check_labels, to_string(status)), c.status == status ? 1 : 0);
  }
}

// Last measured value and maximum of one telemetry column.
struct ColumnSummary {
  double last = NAN;
  double max = NAN;
};

ColumnSummary summarize(const Telemetry& t, std::string_view column) {
  ColumnSummary s;
  auto i = t.column(column);
  if (!i) return s;
  for (const auto& row : t.rows) {
    if (*i >= row.size() || !row[*i]) continue;
    s.last = *row[*i];
    s.max = std::isnan(s.max) ? s.last : std::max(s.max, s.last);
  }
  return s;
}

template <class T>
double nvml_number(const NvmlValue<T>& v) {
  return v ? double(*v) : NAN;
}

void add_gpu_facts(Exposition& e, const Report& report, const GpuEntry& gpu, const std::string& labels) {
  if (gpu.telemetry) {
    const auto& t = *gpu.telemetry;
    auto temp = summarize(t, telemetry_column::temp_gpu_c);
    auto power = summarize(t, telemetry_column::power_w);
    e.add("DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C), last sample of the run.", labels, temp.last);
    e.add("DCGM_FI_DEV_POWER_USAGE", "Power draw (in W), last sample of the run.", labels, power.last);
    e.add("DCGM_FI_DEV_SM_CLOCK", "SM clock frequency (in MHz), last sample of the run.", labels,
          summarize(t, telemetry_column::sm_clock_mhz).last);
    e.add("DCGM_FI_DEV_MEM_CLOCK", "Memory clock frequency (in MHz), last sample of the run.", labels,
          summarize(t, telemetry_column::mem_clock_mhz).last);
    e.add("rigcheck_gpu_temperature_max_celsius", "Highest GPU temperature sampled during the run.", labels, temp.max);
    e.add("rigcheck_power_usage_max_watts", "Highest power draw sampled during the run.", labels, power.max);
  }
  if (gpu.nvml) {
    const auto& n = *gpu.nvml;
    e.add("DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "Total number of PCIe retries.", labels, nvml_number(n.pcie_replay_count));
    e.add("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", "Total number of single-bit volatile ECC errors.", labels,
          nvml_number(n.ecc_volatile_corrected));
    e.add("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", "Total number of double-bit volatile ECC errors.", labels,
          nvml_number(n.ecc_volatile_uncorrected));
    e.add("DCGM_FI_DEV_RETIRED_SBE", "Total number of retired pages due to single-bit errors.", labels,
          nvml_number(n.retired_pages_single_bit));
    e.add("DCGM_FI_DEV_RETIRED_DBE", "Total number of retired pages due to double-bit errors.", labels,
          nvml_number(n.retired_pages_double_bit));
  }
  // dcgm-exporter's value is the number of the last Xid seen; the kernel log gives it without a driver.
  double last_xid = NAN;
  for (const auto& ev : report.host.kernel_log.events)
    if (ev.kind == KernelEventKind::xid && ev.xid && ev.bdf && gpu.pci.bdf.starts_with(*ev.bdf)) last_xid = *ev.xid;
  e.add("DCGM_FI_DEV_XID_ERRORS", "Value of the last XID error encountered (from the kernel log).", labels, last_xid);
}

void add_measurements(Exposition& e, const GpuEntry& gpu, const std::string& labels) {
  const auto& m = gpu.measurements;
  if (m.vram) {
    e.add("rigcheck_vram_tested_bytes", "VRAM covered by the pattern test.", labels, double(m.vram->tested_bytes));
    e.add("rigcheck_vram_errors", "Mismatches found by the VRAM pattern test.", labels, double(m.vram->error_count));
    e.add("rigcheck_vram_test_duration_seconds", "Wall time of the VRAM pattern test.", labels, m.vram->duration_s);
  }
  if (m.bandwidth)
    for (const auto& c : m.bandwidth->device_copies)
      e.add("rigcheck_vram_copy_bandwidth_bytes_per_second", "Device-to-device copy bandwidth (read + written), median.",
            fmt::format("{},method=\"{}\"", labels, label_value(c.method)), c.median_bytes_per_s);
  if (m.transfers)
    for (const char* direction : {transfer_direction::host_to_device, transfer_direction::device_to_host,
                                  transfer_direction::bidirectional})
      if (auto best = best_pinned_bytes_per_s(*m.transfers, direction))
        e.add("rigcheck_transfer_bandwidth_bytes_per_second", "Pinned host-device copy bandwidth, best median.",
              fmt::format("{},direction=\"{}\"", labels, direction), *best);
  for (const char* operation : {"gemm", "attention"})
    for (std::string_view precision : kComputePrecisions)
      if (auto best = best_throughput(gpu, operation, precision))
        e.add(fmt::format("rigcheck_{}_flops", operation), "Throughput, best median that matched the CPU (FLOP/s; integer ops for int8).",
              fmt::format("{},precision=\"{}\"", labels, precision), best->value * 1e12);
  if (m.burn) e.add("rigcheck_burn_duration_seconds", "Time under sustained load.", labels, m.burn->duration_achieved_s);
}

// One series per recorded self-check: 1 when the detector was proven on this device.
void add_self_checks(Exposition& e, const GpuEntry& gpu, const std::string& labels) {
  if (!gpu.self_checks) return;
  for (const auto& sc : *gpu.self_checks)
    e.add("rigcheck_self_check_passed",
          "1 when rigcheck proved its own detector on this device (self_check: which; outcome: passed, failed, not_run).",
          fmt::format("{},self_check=\"{}\",subject=\"{}\",outcome=\"{}\"", labels, to_string(sc.kind),
                      label_value(sc.subject), to_string(sc.outcome)),
          sc.outcome == SelfCheckOutcome::passed ? 1 : 0);
}

}  // namespace

std::string render_prometheus(const Report& report) {
  Exposition e;
  auto hostname = report.host.hostname.value_or("");
  e.add("rigcheck_last_run_timestamp_seconds", "When the report was made (Unix time).",
        fmt::format("Hostname=\"{}\"", label_value(hostname)), epoch_seconds(report.created_utc));
  for (auto status : {VerdictStatus::sound, VerdictStatus::unsound, VerdictStatus::untested})
    e.add("rigcheck_verdict", "1 for the verdict of the last run (label status).",
          fmt::format("Hostname=\"{}\",status=\"{}\"", label_value(hostname), to_string(status)),
          report.verdict.status == status ? 1 : 0);
  for (const auto& gpu : report.gpus) {
    auto labels = gpu_labels(gpu, hostname);
    add_checks(e, labels, gpu.checks);
    add_gpu_facts(e, report, gpu, labels);
    add_measurements(e, gpu, labels);
    add_self_checks(e, gpu, labels);
  }
  add_checks(e, fmt::format("Hostname=\"{}\"", label_value(hostname)), report.system_checks);
  return e.text();
}

}  // namespace rigcheck
