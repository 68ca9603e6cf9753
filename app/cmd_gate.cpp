// rigcheck gate: a periodic health check for schedulers (Slurm HealthCheckProgram, NHC, Kubernetes
// node-problem-detector, a node_exporter textfile). Probes only: BAR, driver, link, ECC and retired
// pages, and Xid/AER growth since the last gate run (state in one small file). Output contracts:
//   nhc   silent, exit 0 when healthy; one line on stdout and exit 1 (3: nothing could be tested)
//   npd   one line of at most 80 bytes on stdout; exit 0 OK, 1 problem, 2 unknown
//   prom  the Prometheus textfile (-o FILE.prom, written atomically); json: the gate report
// --drain/--resume act on this Slurm node through scontrol (app/slurm_node.hpp).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/machine_probe.hpp"
#include "app/output.hpp"
#include "app/slurm_node.hpp"
#include "reports/gate/gate_judge.hpp"
#include "reports/judge/judge.hpp"
#include "reports/render/render.hpp"
#include "reports/report_json.hpp"
#include "reports/units.hpp"

namespace rigcheck {
namespace {

// node-problem-detector's custom plugins cut messages at 80 bytes by default (max_output_length).
constexpr std::size_t kNpdMessageBytes = 80;
// Slurm keeps the drain reason whole; one screen line stays readable in `sinfo -R`.
constexpr std::size_t kDrainReasonBytes = 200;
constexpr int kNpdUnknown = 2;

struct GateOptions {
  std::string budget = "50s";  // Slurm kills a HealthCheckProgram after 60 s
  std::string state_path;
  std::string node;
  bool drain = false;
  bool resume = false;
};

extern "C" void gate_budget_expired(int) {
  static const char kMessage[] = "rigcheck: gate ran past its --budget; no verdict\n";
  (void)!::write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
  ::_exit(kExitCouldNotTest);
}

std::string default_state_path() {
  if (::geteuid() == 0) return "/var/lib/rigcheck/gate-state.json";
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && *xdg != '\0')
    return std::string(xdg) + "/rigcheck/gate-state.json";
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.local/state/rigcheck/gate-state.json";
}

// Missing, unreadable or corrupt: a first run.
std::optional<GateState> read_state(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  FileSource files("/");
  auto text = files.read_text(std::filesystem::absolute(path).string());
  return text ? parse_gate_state(*text) : std::nullopt;
}

void write_state(const std::string& path, const GateState& state) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (auto written = write_file_atomically(path, gate_state_to_json_text(state)); !written)
    print_error(fmt::format("gate state not saved (the next run is a first run): {}", written.error()));
}

// Drains on a failure unless the node is drained already (never replaces an admin's reason);
// resumes when healthy and the drain is rigcheck's own. False when scontrol failed.
bool act_on_slurm(const GateOptions& gate, const Report& report) {
  auto node = slurm_node_name(gate.node);
  if (node.empty()) {
    print_error("--drain/--resume: cannot tell this node's Slurm name; pass --node NAME");
    return false;
  }
  auto shown = run_scontrol({"show", "node", node});
  if (!shown || shown->exit_code != 0) {
    print_error(fmt::format("scontrol show node {}: {}", node, shown ? shown->output : shown.error()));
    return false;
  }
  auto state = parse_scontrol_show_node(shown->output);
  if (!state) {
    print_error(fmt::format("scontrol show node {}: no State= in its answer", node));
    return false;
  }
  std::vector<std::string> update;
  if (report.verdict.status == VerdictStatus::unsound && gate.drain && !state->drained())
    update = {"update", "NodeName=" + node, "State=DRAIN",
              fmt::format("Reason={} {}", kDrainReasonPrefix, gate_first_reason(report, kDrainReasonBytes))};
  else if (report.verdict.status == VerdictStatus::sound && gate.resume && state->drained_by_rigcheck())
    update = {"update", "NodeName=" + node, "State=RESUME"};
  if (update.empty()) return true;
  auto done = run_scontrol(update);
  if (!done || done->exit_code != 0) {
    print_error(fmt::format("scontrol {}: {}", update[2], done ? done->output : done.error()));
    return false;
  }
  return true;
}

int emit_gate(const Report& report, const GlobalOptions& options) {
  const auto& format = options.format;
  if (format == "nhc" || format == "text" || format == "npd") {
    bool npd = format == "npd";
    auto reason = gate_first_reason(report, npd ? kNpdMessageBytes : kDrainReasonBytes);
    switch (report.verdict.status) {
      case VerdictStatus::sound:
        if (format != "nhc") fmt::print("{}\n", npd ? "GPUs healthy" : "healthy");
        return kExitSound;
      case VerdictStatus::unsound:
        fmt::print("{}\n", npd ? reason : "rigcheck: " + reason);
        return kExitUnsound;
      case VerdictStatus::untested:
        fmt::print("{}\n", npd ? reason : "rigcheck: " + reason);
        return npd ? kNpdUnknown : kExitCouldNotTest;
    }
  }
  if (format == "prom" || format == "json") return emit_report(report, options);
  print_error(fmt::format("gate cannot write format '{}' (have: nhc, npd, prom, json, text)", format));
  return kExitBadInput;
}

}  // namespace

CommandAction register_gate_command(CLI::App& cli, GlobalOptions& options) {
  auto* sub = cli.add_subcommand("gate", "Periodic GPU health check for Slurm, NHC and Kubernetes (--format nhc|npd|prom|json)");
  auto gate = std::make_shared<GateOptions>();
  sub->add_option("--budget", gate->budget, "Give up (exit 3) after this long; Slurm kills a health check at 60 s")
      ->capture_default_str();
  sub->add_option("--state", gate->state_path, "State file kept between runs (default /var/lib/rigcheck/gate-state.json "
                                               "as root, else under $XDG_STATE_HOME)");
  sub->add_flag("--drain", gate->drain, "On a failure, drain this Slurm node with reason \"rigcheck: ...\"");
  sub->add_flag("--resume", gate->resume, "When healthy, resume this node if rigcheck drained it (never an admin's drain)");
  sub->add_option("--node", gate->node, "Slurm node name (default $SLURMD_NODENAME, else the short host name)");
  return [&options, gate] {
    auto budget_s = parse_duration_seconds(gate->budget);
    if (!budget_s || *budget_s < 1) {
      print_error(fmt::format("--budget {}: {}", gate->budget, budget_s ? "at least 1s" : budget_s.error()));
      return int(kExitBadInput);
    }
    std::signal(SIGALRM, gate_budget_expired);
    ::alarm(static_cast<unsigned>(*budget_s));

    auto policy = resolve_policy(options);
    if (!policy) return int(kExitBadInput);
    auto files = machine_files(options);
    if (!files) return int(kExitBadInput);
    GlobalOptions quiet = options;
    quiet.quiet = true;  // a health check is silent unless something is wrong
    auto probe = probe_machine(*files, quiet, "gate");
    if (probe.input_error) {
      print_error(*probe.input_error);
      return int(kExitBadInput);
    }
    auto judged = judge(std::move(probe.report), *policy);
    std::optional<std::string> boot_id;
    if (auto id = read_line(*files, "/proc/sys/kernel/random/boot_id")) boot_id = *id;
    auto current = gate_state_from_report(judged, boot_id);
    auto state_path = gate->state_path.empty() ? default_state_path() : gate->state_path;
    auto [report, next_state] = judge_gate(std::move(judged), read_state(state_path), current, *policy);
    write_state(state_path, next_state);

    int exit_code = emit_gate(report, options);
    if ((gate->drain || gate->resume) && !act_on_slurm(*gate, report)) return int(kExitCouldNotTest);
    ::alarm(0);
    return exit_code;
  };
}

}  // namespace rigcheck
