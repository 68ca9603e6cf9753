// rigcheck completion bash|zsh: the shell completion script, written from the parsed command line
// itself (every command of the command table, every option of each and the global ones), so it
// cannot drift from what rigcheck accepts. The build installs its output; users may also
// `source <(rigcheck completion bash)`.
#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/completion_script.hpp"

namespace rigcheck {

CommandAction register_completion_command(CLI::App& cli, GlobalOptions&) {
  auto shell = std::make_shared<std::string>();
  auto* sub = cli.add_subcommand("completion", "Print the bash or zsh completion script for rigcheck");
  sub->add_option("shell", *shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  return [&cli, shell] {
    fmt::print("{}", completion_script(cli, *shell == "zsh" ? Shell::zsh : Shell::bash));
    return int(kExitSound);
  };
}

}  // namespace rigcheck
