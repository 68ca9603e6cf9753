// rigcheck gather -o machine.tar.gz: pack exactly the files the probes read, for bug reports and
// fixtures. Replay: mkdir m && tar -xzf machine.tar.gz -C m && rigcheck probe --sysroot m
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "app/command.hpp"
#include "app/exit_codes.hpp"
#include "app/gather_archive.hpp"
#include "app/machine_probe.hpp"
#include "app/output.hpp"

namespace rigcheck {

CommandAction register_gather_command(CLI::App& cli, GlobalOptions& options) {
  cli.add_subcommand("gather", "Pack the files the probes read into -o ARCHIVE.tar.gz, to replay with --sysroot");
  return [&options] {
    if (options.output_path.empty()) {
      print_error("gather needs -o ARCHIVE.tar.gz");
      return int(kExitBadInput);
    }
    FileSource files(options.sysroot.empty() ? "/" : options.sysroot);
    files.start_recording();
    auto probe = probe_machine(files, options, "probe");
    if (probe.input_error) {
      print_error(*probe.input_error);
      return int(kExitBadInput);
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "rigcheck-gather-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      print_error("cannot create a temporary folder for gather");
      return int(kExitCouldNotTest);
    }
    auto staged = stage_recorded_files(files, pattern, probe.kernel_log_raw);
    Result<bool> packed = staged ? pack_directory(pattern, options.output_path) : Result<bool>(Error{staged.error()});
    std::error_code ignored;
    std::filesystem::remove_all(pattern, ignored);
    if (!packed) {
      print_error(packed.error());
      return int(kExitCouldNotTest);
    }
    print_note(options, fmt::format("wrote {} ({} files and links{}); replay with: mkdir m && tar -xzf {} -C m && "
                                    "rigcheck probe --sysroot m",
                                    options.output_path, *staged,
                                    probe.kernel_log_raw.empty() ? ", no kernel log" : ", kernel log included",
                                    options.output_path));
    return int(kExitSound);
  };
}

}  // namespace rigcheck
