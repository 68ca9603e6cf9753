#include "app/help_text.hpp"

#include <vector>

namespace rigcheck {

void list_global_options_in_command_help(CLI::App& cli) {
  std::vector<const CLI::Option*> globals;
  for (const CLI::Option* option : cli.get_options())
    if (option != cli.get_help_ptr() && option != cli.get_version_ptr()) globals.push_back(option);
  // CLI11's default formatter, as the commands' own option lists use.
  const std::string text = CLI::Formatter{}.make_group("Global options (before or after the command)", false, globals);
  for (CLI::App* sub : cli.get_subcommands({})) sub->footer(text);
}

}  // namespace rigcheck
