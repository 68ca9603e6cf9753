#include "app/app_main.hpp"

#include <cstdlib>
#include <exception>
#include <iostream>

#include <unistd.h>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/help_text.hpp"
#include "app/interrupt.hpp"
#include "app/output.hpp"
#include "app/step_worker.hpp"
#include "app/version_text.hpp"
#include "reports/policy.hpp"

namespace rigcheck {
namespace {

void add_global_options(CLI::App& cli, GlobalOptions& o) {
  cli.add_option("--format", o.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "md", "html", "junit", "prom", "csv", "nhc", "npd"}))
      ->capture_default_str();
  cli.add_option("-o,--output", o.output_path, "Write the formatted output to FILE instead of stdout");
  cli.add_option("--sysroot", o.sysroot, "Read /sys, /proc and /etc below DIR (a `rigcheck gather` archive, unpacked)");
  cli.add_option("--kernel-log", o.kernel_log_path, "Read the kernel log from FILE (dmesg, journalctl -k or /dev/kmsg text)");
  cli.add_option("--gpu", o.gpu_selection, "GPUs to test: all, N[,N] (as `rigcheck list` numbers them) or a PCI address")->capture_default_str();
  cli.add_option("--backend", o.backend, "Compute backend")
      ->check(CLI::IsMember(backend_choices()))
      ->capture_default_str();
  cli.add_option("--nvml-library", o.nvml_library, "Load NVML from PATH (default libnvidia-ml.so.1)")
      ->envname("RIGCHECK_NVML_LIBRARY");
  cli.add_option("--policy", o.policy, "gpt2-finetune (default), gpt2-inference or a policy FILE.toml");
  cli.add_flag("-q,--quiet", o.quiet, "No progress or messages on stderr");
  cli.add_flag("--no-color", o.no_color, "No colour (NO_COLOR is respected too)");
  cli.add_flag("--strict", o.strict, "Warnings fail too (exit 1)");
  cli.add_flag("--in-process", o.in_process,
               "Run the GPU steps in this process instead of worker processes (debugging: a crash ends the run)");
}

// `rigcheck __worker`: one GPU step for a parent rigcheck (app/step_worker.hpp). The messages
// go to the parent on the original stdout; anything else printed there (a driver's chatter)
// lands on stderr instead.
int worker_entry() {
  const int messages_fd = ::dup(STDOUT_FILENO);
  std::FILE* messages = messages_fd >= 0 ? ::fdopen(messages_fd, "w") : nullptr;
  if (messages == nullptr) return kExitCouldNotTest;
  ::dup2(STDERR_FILENO, STDOUT_FILENO);
  return worker_main(std::cin, messages, [](std::string_view choice) { return make_backends(choice); });
}

// The first argument no command took that looks like an option ("--bogus"), or "".
std::string first_unknown_option(const CLI::App& cli) {
  std::vector<std::string> left = cli.remaining();
  for (const auto* sub : cli.get_subcommands({}))
    for (const auto& arg : sub->remaining()) left.push_back(arg);
  for (const auto& arg : left)
    if (arg.size() > 1 && arg.front() == '-') return arg.substr(0, arg.find('='));
  return "";
}

// Every command-line error is one line on stderr: what was wrong, then where to look.
std::string usage_error_line(const CLI::App& cli, const CLI::ParseError& error) {
  auto unknown = first_unknown_option(cli);
  if (!unknown.empty()) return fmt::format("unknown option {}; see rigcheck --help", unknown);
  if (cli.get_subcommands().empty() && !cli.remaining().empty())
    return fmt::format("unknown command {}; see rigcheck --help", cli.remaining().front());
  std::string what = error.what();
  for (auto& c : what)
    if (c == '\n' || c == '\r') c = ' ';
  while (!what.empty() && what.back() == ' ') what.pop_back();
  return fmt::format("{}; see rigcheck --help", what);
}

}  // namespace

int app_main(int argc, char** argv) {
  if (argc >= 2 && argv[1] == kWorkerCommand) return worker_entry();
  install_interrupt_handler();
  CLI::App cli{"rigcheck: is this GPU build sound for GPT-2 work, and if not, what exactly is wrong?", "rigcheck"};
  cli.set_version_flag("--version", version_text, "Version, build (CUDA toolkit and architectures, Vulkan headers), "
                       "and whether cuBLAS loads here");
  cli.require_subcommand(1);
  cli.fallthrough();  // global options may follow the subcommand
  GlobalOptions options;
  add_global_options(cli, options);
  if (std::getenv("NO_COLOR") != nullptr) options.no_color = true;

  std::vector<std::pair<CLI::App*, CommandAction>> actions;
  for (const auto& entry : command_table()) {
    auto action = entry.registrar(cli, options);
    actions.emplace_back(cli.get_subcommand(entry.name), std::move(action));
  }
  list_global_options_in_command_help(cli);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "rigcheck: {}\n", usage_error_line(cli, e));
    return kExitBadInput;
  }

  if (!options.output_path.empty())
    if (auto problem = output_path_problem(options.output_path)) {
      print_error(*problem);
      return kExitBadInput;
    }
  try {
    for (auto& [sub, action] : actions)
      if (sub != nullptr && sub->parsed()) return action();
  } catch (const std::exception& e) {
    fmt::print(stderr, "rigcheck: internal error: {}\n", e.what());
    return kExitCouldNotTest;
  }
  return kExitBadInput;
}

}  // namespace rigcheck
