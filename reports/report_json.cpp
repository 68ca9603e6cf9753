#include "reports/report_json.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/input_file.hpp"
#include "reports/json_fields.hpp"
#include "reports/json_forms.hpp"
#include "reports/json_text.hpp"

namespace rigcheck {
namespace {

using nlohmann::json;
using namespace json_fields;

// Ranges of the small integers a report holds (the schema says the same).
constexpr int kMaxLanes = 32;
constexpr int kMaxBarIndex = 16;
constexpr int kMaxGpuIndex = 1023;
constexpr int kMaxSmCount = 100000;  // far above any GPU: a garbled figure is an input error

std::string hex(std::uint64_t value, int digits) { return fmt::format("{:0{}x}", value, digits); }


std::uint64_t parse_hex(const json& object, const std::string& key, const std::string& path) {
  auto text = get<std::string>(object, key, path);
  try {
    size_t used = 0;
    auto value = std::stoull(text, &used, 16);
    if (used != text.size()) throw std::invalid_argument("trailing");
    return value;
  } catch (const std::exception&) {
    throw FieldError(join(path, key) + ": '" + text + "' is not a hexadecimal number");
  }
}

// ---- writing ----------------------------------------------------------------------------------

json link_to_json(const PciLink& link) {
  json j;
  put_optional(j, "current_speed_gts", link.current_speed_gts);
  put_optional(j, "max_speed_gts", link.max_speed_gts);
  put_optional(j, "current_width", link.current_width);
  put_optional(j, "max_width", link.max_width);
  return j;
}

json aer_to_json(const std::optional<AerCounts>& aer) {
  if (!aer) return nullptr;
  json j;
  j["correctable"] = aer->correctable;
  j["nonfatal"] = aer->nonfatal;
  j["fatal"] = aer->fatal;
  put_optional(j, "total_correctable", aer->total_correctable);
  put_optional(j, "total_nonfatal", aer->total_nonfatal);
  put_optional(j, "total_fatal", aer->total_fatal);
  return j;
}

json problems_to_json(const std::vector<ReadProblem>& problems) {
  json list = json::array();
  for (const auto& p : problems) list.push_back({{"path", p.path}, {"reason", p.reason}});
  return list;
}

json pci_to_json(const PciFacts& pci) {
  json j;
  j["bdf"] = pci.bdf;
  j["vendor_id"] = hex(pci.vendor_id, 4);
  j["device_id"] = hex(pci.device_id, 4);
  j["subsystem"] = {{"vendor_id", hex(pci.subsystem_vendor_id, 4)},
                    {"device_id", hex(pci.subsystem_device_id, 4)}};
  j["class_code"] = hex(pci.class_code, 6);
  j["name"] = pci.name;
  j["name_source"] = pci.name_source;
  put_optional(j, "driver", pci.driver);
  put_optional(j, "boot_vga", pci.boot_vga);
  json bars = json::array();
  for (const auto& bar : pci.bars) {
    json b{{"index", bar.index},
           {"start", hex(bar.start, 16)},
           {"end", hex(bar.end, 16)},
           {"flags", hex(bar.flags, 8)},
           {"size_bytes", bar.size_bytes},
           {"memory", bar.is_memory},
           {"is_64bit", bar.is_64bit},
           {"prefetchable", bar.is_prefetchable},
           {"assigned", bar.is_assigned}};
    put_optional(b, "resizable_sizes_mask", bar.resizable_sizes_mask);
    bars.push_back(std::move(b));
  }
  j["bars"] = std::move(bars);
  j["link"] = link_to_json(pci.link);
  put_optional(j, "slot_bdf", pci.slot_bdf);
  j["slot_link"] = link_to_json(pci.slot_link);
  j["aer"] = aer_to_json(pci.aer);
  put_optional(j, "root_port_bdf", pci.root_port_bdf);
  j["root_port_aer"] = aer_to_json(pci.root_port_aer);
  j["problems"] = problems_to_json(pci.problems);
  return j;
}

json check_to_json(const Check& check) {
  json metrics = json::object();
  for (const auto& [name, metric] : check.metrics)
    metrics[name] = {{"value", metric.value}, {"unit", metric.unit}};
  return {{"id", check.id},
          {"status", std::string(to_string(check.status))},
          {"summary", check.summary},
          {"advice", check.advice},
          {"metrics", std::move(metrics)},
          {"evidence", check.evidence}};
}

json checks_to_json(const std::vector<Check>& checks) {
  json list = json::array();
  for (const auto& c : checks) list.push_back(check_to_json(c));
  return list;
}

json event_to_json(const KernelLogEvent& e) {
  json j;
  j["kind"] = to_string(e.kind);
  put_optional(j, "bdf", e.bdf);
  put_optional(j, "bar", e.bar);
  put_optional(j, "size_bytes", e.size_bytes);
  put_optional(j, "code", e.code);
  put_optional(j, "xid", e.xid);
  put_optional(j, "severity", e.severity);
  put_optional(j, "time_s", e.time_s);
  j["line"] = e.line;
  return j;
}

json host_to_json(const HostFacts& host) {
  json j;
  put_optional(j, "hostname", host.hostname);
  put_optional(j, "memory_total_bytes", host.memory_total_bytes);
  put_optional(j, "memory_available_bytes", host.memory_available_bytes);
  put_optional(j, "cpu_model", host.cpu_model);
  put_optional(j, "cpu_logical_cores", host.cpu_logical_cores);
  put_optional(j, "kernel_release", host.kernel_release);
  put_optional(j, "distribution", host.distribution);
  put_optional(j, "nvidia_driver_version", host.nvidia_driver_version);
  put_optional(j, "kernel_cmdline", host.kernel_cmdline);
  j["problems"] = problems_to_json(host.problems);
  j["unreadable_pci_devices"] = problems_to_json(host.unreadable_pci_devices);
  json events = json::array();
  for (const auto& e : host.kernel_log.events) events.push_back(event_to_json(e));
  j["kernel_log"] = {{"source", host.kernel_log.source},
                     {"available", host.kernel_log.available},
                     {"unavailable_reason", host.kernel_log.unavailable_reason},
                     {"lines_read", host.kernel_log.lines_read},
                     {"events", std::move(events)}};
  return j;
}

json self_checks_to_json(const SelfChecks& self_checks) {
  json list = json::array();
  for (const auto& sc : self_checks)
    list.push_back({{"kind", std::string(to_string(sc.kind))},
                    {"subject", sc.subject},
                    {"outcome", std::string(to_string(sc.outcome))},
                    {"detail", sc.detail}});
  return list;
}

json gpu_to_json(const GpuEntry& gpu) {
  json j;
  j["index"] = gpu.index;
  j["name"] = gpu.name;
  put_optional(j, "uuid", gpu.uuid);
  put_optional(j, "serial", gpu.serial);
  put_optional(j, "vbios", gpu.vbios);
  j["pci"] = pci_to_json(gpu.pci);
  j["backend"] = gpu.backend;
  put_optional(j, "compute_capability", gpu.compute_capability);
  put_optional(j, "sm_count", gpu.sm_count);
  put_optional(j, "memory_bytes", gpu.memory_bytes);
  json facts = json::object();
  facts["nvml"] = gpu.nvml ? json(*gpu.nvml) : json(nullptr);
  j["facts"] = std::move(facts);
  j["measurements"] = gpu.measurements;
  j["telemetry"] = gpu.telemetry ? json(*gpu.telemetry) : json(nullptr);
  if (gpu.self_checks) j["self_checks"] = self_checks_to_json(*gpu.self_checks);
  j["checks"] = checks_to_json(gpu.checks);
  return j;
}

// ---- reading ----------------------------------------------------------------------------------

PciLink link_from_json(const json& j, const std::string& path) {
  PciLink link;
  link.current_speed_gts = get_optional<double>(j, "current_speed_gts", path);
  link.max_speed_gts = get_optional<double>(j, "max_speed_gts", path);
  link.current_width = get_optional_within(j, "current_width", path, 1, kMaxLanes);
  link.max_width = get_optional_within(j, "max_width", path, 1, kMaxLanes);
  return link;
}

std::optional<AerCounts> aer_from_json(const json& object, const std::string& key,
                                       const std::string& path) {
  const auto& j = required(object, key, path);
  if (j.is_null()) return std::nullopt;
  auto where = join(path, key);
  AerCounts aer;
  aer.correctable = get<std::map<std::string, std::uint64_t>>(j, "correctable", where);
  aer.nonfatal = get<std::map<std::string, std::uint64_t>>(j, "nonfatal", where);
  aer.fatal = get<std::map<std::string, std::uint64_t>>(j, "fatal", where);
  aer.total_correctable = get_optional<std::uint64_t>(j, "total_correctable", where);
  aer.total_nonfatal = get_optional<std::uint64_t>(j, "total_nonfatal", where);
  aer.total_fatal = get_optional<std::uint64_t>(j, "total_fatal", where);
  return aer;
}

std::vector<ReadProblem> problems_from_json(const json& object, const std::string& path,
                                           const std::string& key = "problems") {
  std::vector<ReadProblem> problems;
  const auto& list = required(object, key, path);
  if (!list.is_array()) throw FieldError(join(path, key) + ": expected an array");
  for (size_t i = 0; i < list.size(); ++i) {
    auto where = fmt::format("{}.{}[{}]", path, key, i);
    problems.push_back({get<std::string>(list[i], "path", where), get<std::string>(list[i], "reason", where)});
  }
  return problems;
}

PciFacts pci_from_json(const json& j, const std::string& path) {
  PciFacts pci;
  pci.bdf = get_pci_address(j, "bdf", path, true);
  pci.vendor_id = static_cast<std::uint16_t>(parse_hex(j, "vendor_id", path));
  pci.device_id = static_cast<std::uint16_t>(parse_hex(j, "device_id", path));
  const auto& sub = required(j, "subsystem", path);
  pci.subsystem_vendor_id = static_cast<std::uint16_t>(parse_hex(sub, "vendor_id", path + ".subsystem"));
  pci.subsystem_device_id = static_cast<std::uint16_t>(parse_hex(sub, "device_id", path + ".subsystem"));
  pci.class_code = static_cast<std::uint32_t>(parse_hex(j, "class_code", path));
  pci.name = get<std::string>(j, "name", path);
  pci.name_source = get<std::string>(j, "name_source", path);
  pci.driver = get_optional<std::string>(j, "driver", path);
  pci.boot_vga = get_optional<bool>(j, "boot_vga", path);
  const auto& bars = required(j, "bars", path);
  if (!bars.is_array()) throw FieldError(path + ".bars: expected an array");
  for (size_t i = 0; i < bars.size(); ++i) {
    auto where = fmt::format("{}.bars[{}]", path, i);
    PciBar bar;
    bar.index = get_within(bars[i], "index", where, 0, kMaxBarIndex);
    bar.start = parse_hex(bars[i], "start", where);
    bar.end = parse_hex(bars[i], "end", where);
    bar.flags = parse_hex(bars[i], "flags", where);
    bar.size_bytes = get<std::uint64_t>(bars[i], "size_bytes", where);
    bar.is_memory = get<bool>(bars[i], "memory", where);
    bar.is_64bit = get<bool>(bars[i], "is_64bit", where);
    bar.is_prefetchable = get<bool>(bars[i], "prefetchable", where);
    bar.is_assigned = get<bool>(bars[i], "assigned", where);
    bar.resizable_sizes_mask = get_optional<std::uint64_t>(bars[i], "resizable_sizes_mask", where);
    pci.bars.push_back(bar);
  }
  pci.link = link_from_json(required(j, "link", path), path + ".link");
  pci.slot_bdf = get_optional_pci_address(j, "slot_bdf", path);
  pci.slot_link = link_from_json(required(j, "slot_link", path), path + ".slot_link");
  pci.aer = aer_from_json(j, "aer", path);
  pci.root_port_bdf = get_optional_pci_address(j, "root_port_bdf", path);
  pci.root_port_aer = aer_from_json(j, "root_port_aer", path);
  pci.problems = problems_from_json(j, path);
  return pci;
}

Check check_from_json(const json& j, const std::string& path) {
  Check check;
  check.id = get<std::string>(j, "id", path);
  auto status_text = get<std::string>(j, "status", path);
  auto status = check_status_from_string(status_text);
  if (!status) throw FieldError(path + ".status: '" + status_text + "' is not a check status");
  check.status = *status;
  check.summary = get<std::string>(j, "summary", path);
  check.advice = get<std::vector<std::string>>(j, "advice", path);
  check.evidence = get<std::vector<std::string>>(j, "evidence", path);
  const auto& metrics = required(j, "metrics", path);
  if (!metrics.is_object()) throw FieldError(path + ".metrics: expected an object");
  for (const auto& [name, m] : metrics.items()) {
    auto where = path + ".metrics." + name;
    check.metrics[name] = Metric{get<double>(m, "value", where), get<std::string>(m, "unit", where)};
  }
  return check;
}

std::vector<Check> checks_from_json(const json& object, const std::string& key, const std::string& path) {
  const auto& list = required(object, key, path);
  if (!list.is_array()) throw FieldError(join(path, key) + ": expected an array");
  std::vector<Check> checks;
  for (size_t i = 0; i < list.size(); ++i)
    checks.push_back(check_from_json(list[i], fmt::format("{}[{}]", join(path, key), i)));
  return checks;
}

HostFacts host_from_json(const json& j, const std::string& path) {
  HostFacts host;
  host.hostname = get_optional<std::string>(j, "hostname", path);
  host.memory_total_bytes = get_optional<std::uint64_t>(j, "memory_total_bytes", path);
  host.memory_available_bytes = get_optional<std::uint64_t>(j, "memory_available_bytes", path);
  host.cpu_model = get_optional<std::string>(j, "cpu_model", path);
  host.cpu_logical_cores = get_optional_within(j, "cpu_logical_cores", path, 1, 1 << 20);
  host.kernel_release = get_optional<std::string>(j, "kernel_release", path);
  host.distribution = get_optional<std::string>(j, "distribution", path);
  host.nvidia_driver_version = get_optional<std::string>(j, "nvidia_driver_version", path);
  host.kernel_cmdline = get_optional<std::string>(j, "kernel_cmdline", path);
  host.problems = problems_from_json(j, path);
  // Reports written before this field existed simply lack it.
  if (j.contains("unreadable_pci_devices"))
    host.unreadable_pci_devices = problems_from_json(j, path, "unreadable_pci_devices");
  const auto& log = required(j, "kernel_log", path);
  auto log_path = path + ".kernel_log";
  host.kernel_log.source = get<std::string>(log, "source", log_path);
  host.kernel_log.available = get<bool>(log, "available", log_path);
  host.kernel_log.unavailable_reason = get<std::string>(log, "unavailable_reason", log_path);
  host.kernel_log.lines_read = get<std::uint64_t>(log, "lines_read", log_path);
  const auto& events = required(log, "events", log_path);
  if (!events.is_array()) throw FieldError(log_path + ".events: expected an array");
  for (size_t i = 0; i < events.size(); ++i) {
    auto where = fmt::format("{}.events[{}]", log_path, i);
    KernelLogEvent e;
    auto kind_text = get<std::string>(events[i], "kind", where);
    auto kind = kernel_event_kind_from_string(kind_text);
    if (!kind) throw FieldError(where + ".kind: '" + kind_text + "' is not a kernel event kind");
    e.kind = *kind;
    e.bdf = get_optional<std::string>(events[i], "bdf", where);
    e.bar = get_optional_within(events[i], "bar", where, 0, kMaxBarIndex);
    e.size_bytes = get_optional<std::uint64_t>(events[i], "size_bytes", where);
    e.code = get_optional<std::string>(events[i], "code", where);
    e.xid = get_optional_within(events[i], "xid", where, 0, 1 << 20);
    e.severity = get_optional<std::string>(events[i], "severity", where);
    e.time_s = get_optional<double>(events[i], "time_s", where);
    e.line = get<std::string>(events[i], "line", where);
    host.kernel_log.events.push_back(std::move(e));
  }
  return host;
}

SelfChecks self_checks_from_json(const json& list, const std::string& path) {
  if (!list.is_array()) throw FieldError(path + ": expected an array");
  SelfChecks self_checks;
  for (size_t i = 0; i < list.size(); ++i) {
    auto where = fmt::format("{}[{}]", path, i);
    SelfCheck sc;
    auto kind_text = get<std::string>(list[i], "kind", where);
    auto kind = self_check_kind_from_string(kind_text);
    if (!kind) throw FieldError(where + ".kind: '" + printable(kind_text) + "' is not a self-check kind");
    sc.kind = *kind;
    sc.subject = get<std::string>(list[i], "subject", where);
    auto outcome_text = get<std::string>(list[i], "outcome", where);
    auto outcome = self_check_outcome_from_string(outcome_text);
    if (!outcome) throw FieldError(where + ".outcome: '" + printable(outcome_text) + "' is not a self-check outcome");
    sc.outcome = *outcome;
    sc.detail = get<std::string>(list[i], "detail", where);
    self_checks.push_back(std::move(sc));
  }
  return self_checks;
}

GpuEntry gpu_from_json(const json& j, const std::string& path) {
  GpuEntry gpu;
  gpu.index = get_within(j, "index", path, 0, kMaxGpuIndex);
  gpu.name = get<std::string>(j, "name", path);
  gpu.uuid = get_optional<std::string>(j, "uuid", path);
  gpu.serial = get_optional<std::string>(j, "serial", path);
  gpu.vbios = get_optional<std::string>(j, "vbios", path);
  gpu.pci = pci_from_json(required(j, "pci", path), path + ".pci");
  gpu.backend = get<std::string>(j, "backend", path);
  gpu.compute_capability = get_optional_compute_capability(j, "compute_capability", path);
  gpu.sm_count = get_optional_within(j, "sm_count", path, 1, kMaxSmCount);
  gpu.memory_bytes = get_optional<std::uint64_t>(j, "memory_bytes", path);
  const auto& facts = required(j, "facts", path);
  gpu.nvml = get_optional<NvmlFacts>(facts, "nvml", path + ".facts");
  gpu.measurements = get<Measurements>(j, "measurements", path);
  gpu.telemetry = get_optional<Telemetry>(j, "telemetry", path);
  if (auto it = j.find("self_checks"); it != j.end() && !it->is_null())
    gpu.self_checks = self_checks_from_json(*it, path + ".self_checks");
  gpu.checks = checks_from_json(j, "checks", path);
  return gpu;
}

}  // namespace

json report_to_json(const Report& report) {
  json j;
  j["schema"] = report.schema;
  j["tool"] = {{"name", report.tool.name}, {"version", report.tool.version}, {"git", report.tool.git}};
  j["created_utc"] = report.created_utc;
  j["profile"] = report.profile;
  j["policy"] = report.policy;
  j["policy_chain"] = report.policy_chain;
  j["interrupted"] = report.interrupted;
  if (!report.only_checks.empty()) j["only_checks"] = report.only_checks;
  j["notes"] = report.notes;
  j["host"] = host_to_json(report.host);
  j["nvml"] = report.nvml ? json(*report.nvml) : json(nullptr);
  json gpus = json::array();
  for (const auto& gpu : report.gpus) gpus.push_back(gpu_to_json(gpu));
  j["gpus"] = std::move(gpus);
  j["system_checks"] = checks_to_json(report.system_checks);
  j["gpt2"] = report.gpt2 ? json(*report.gpt2) : json(nullptr);
  json reasons = json::array();
  for (const auto& r : report.verdict.reasons) {
    json reason{{"rank", r.rank},
                {"check_id", r.check_id},
                {"status", std::string(to_string(r.status))},
                {"summary", r.summary},
                {"advice", r.advice}};
    put_optional(reason, "gpu_index", r.gpu_index);
    reasons.push_back(std::move(reason));
  }
  j["verdict"] = {{"status", std::string(to_string(report.verdict.status))}, {"reasons", std::move(reasons)}};
  return j;
}

std::string report_to_json_text(const Report& report) { return report_to_json(report).dump(2) + "\n"; }

Result<Report> report_from_json(const json& j) {
  try {
    if (!j.is_object()) return Error{"not a rigcheck report: the top level is not a JSON object"};
    auto schema_it = j.find("schema");
    if (schema_it == j.end() || !schema_it->is_string())
      return Error{"not a rigcheck report: no \"schema\" field"};
    if (*schema_it != kReportSchema)
      return Error{fmt::format("report schema is '{}', this rigcheck reads '{}'", schema_it->get<std::string>(),
                               kReportSchema)};
    Report report;
    const auto& tool = required(j, "tool", "");
    report.tool = {get<std::string>(tool, "name", "tool"), get<std::string>(tool, "version", "tool"),
                   get<std::string>(tool, "git", "tool")};
    report.created_utc = get_utc_time(j, "created_utc", "");
    report.profile = get<std::string>(j, "profile", "");
    report.policy = get<std::string>(j, "policy", "");
    if (j.contains("policy_chain")) report.policy_chain = get<std::vector<std::string>>(j, "policy_chain", "");
    report.interrupted = get<bool>(j, "interrupted", "");
    if (j.contains("only_checks")) report.only_checks = get<std::vector<std::string>>(j, "only_checks", "");
    report.notes = get<std::vector<std::string>>(j, "notes", "");
    report.host = host_from_json(required(j, "host", ""), "host");
    report.nvml = get_optional<NvmlSystemFacts>(j, "nvml", "");
    const auto& gpus = required(j, "gpus", "");
    if (!gpus.is_array()) throw FieldError("gpus: expected an array");
    for (size_t i = 0; i < gpus.size(); ++i) report.gpus.push_back(gpu_from_json(gpus[i], fmt::format("gpus[{}]", i)));
    report.system_checks = checks_from_json(j, "system_checks", "");
    report.gpt2 = get_optional<Gpt2Table>(j, "gpt2", "");
    const auto& verdict = required(j, "verdict", "");
    auto status_text = get<std::string>(verdict, "status", "verdict");
    auto status = verdict_status_from_string(status_text);
    if (!status) throw FieldError("verdict.status: '" + status_text + "' is not a verdict");
    report.verdict.status = *status;
    const auto& reasons = required(verdict, "reasons", "verdict");
    if (!reasons.is_array()) throw FieldError("verdict.reasons: expected an array");
    for (size_t i = 0; i < reasons.size(); ++i) {
      auto where = fmt::format("verdict.reasons[{}]", i);
      VerdictReason r;
      r.rank = get_within(reasons[i], "rank", where, 1, 1 << 20);
      r.check_id = get<std::string>(reasons[i], "check_id", where);
      r.gpu_index = get_optional_within(reasons[i], "gpu_index", where, 0, kMaxGpuIndex);
      auto st = check_status_from_string(get<std::string>(reasons[i], "status", where));
      if (!st) throw FieldError(where + ".status: not a check status");
      r.status = *st;
      r.summary = get<std::string>(reasons[i], "summary", where);
      r.advice = get<std::vector<std::string>>(reasons[i], "advice", where);
      report.verdict.reasons.push_back(std::move(r));
    }
    return report;
  } catch (const FieldError& e) {
    return Error{e.what()};
  } catch (const nlohmann::json::exception& e) {
    return Error{std::string("malformed report: ") + printable(e.what())};
  }
}

Result<Report> parse_report(std::string_view text) {
  auto j = parse_json_text(text);
  if (!j) return Error{j.error()};
  return report_from_json(*j);
}

nlohmann::json self_checks_json(const SelfChecks& self_checks) { return self_checks_to_json(self_checks); }

Result<SelfChecks> self_checks_from_json(const nlohmann::json& list) {
  try {
    return self_checks_from_json(list, std::string("self_checks"));
  } catch (const std::exception& e) {
    return Error{e.what()};
  }
}

Result<Report> load_report_file(const std::string& path) {
  auto input = read_input_file(path, kReportMaxBytes);
  if (!input) return Error{fmt::format("cannot read report '{}': {}", path, input.error())};
  auto result = parse_report(input->text);
  if (!result) return Error{fmt::format("{}: {}", path, result.error())};
  return result;
}

}  // namespace rigcheck
