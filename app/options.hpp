#pragma once
// Options shared by every command (the global options of `rigcheck --help`).
#include <optional>
#include <string>

namespace rigcheck {

struct GlobalOptions {
  std::string format = "text";  // text|json|md|html|junit|prom|csv; gate: nhc|npd
  std::string output_path;      // -o FILE; empty: stdout
  std::string sysroot;          // --sysroot DIR: read /sys, /proc, /etc below DIR
  std::string kernel_log_path;  // --kernel-log FILE
  std::string gpu_selection = "all";
  std::string backend = "auto";
  std::string nvml_library;     // --nvml-library PATH (or RIGCHECK_NVML_LIBRARY)
  std::string policy;  // empty: gpt2-finetune (for `report`: the policy the report was judged with)
  bool quiet = false;
  bool no_color = false;
  bool strict = false;
  bool in_process = false;  // --in-process: GPU steps in this process, not in workers (debugging)
};

}  // namespace rigcheck
