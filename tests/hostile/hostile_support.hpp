#pragma once
// Runs the rigcheck binary as a user would, in a scratch folder, with a time limit, and takes a
// fingerprint of a tree so a test can prove no file outside its scratch folder changed.
#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace rigcheck::hostile {

struct Outcome {
  int exit_code = -1;  // 128 + signal when killed
  bool timed_out = false;
  std::chrono::milliseconds elapsed{0};
  std::string stdout_text;
  std::string stderr_text;
};

// `args` without the program name; the child runs in `working_dir` with stdin from /dev/null.
Outcome run_rigcheck_in(const std::filesystem::path& working_dir, const std::vector<std::string>& args,
                        std::chrono::seconds limit = std::chrono::seconds(10));

// The same, started in the background: signal it, then collect its outcome.
struct Running {
  int pid = -1;
  std::filesystem::path working_dir;
  std::chrono::steady_clock::time_point started;
};
Running start_rigcheck_in(const std::filesystem::path& working_dir, const std::vector<std::string>& args);
Outcome finish(const Running& running, std::chrono::seconds limit = std::chrono::seconds(10));
std::string stderr_so_far(const Running& running);

// A fresh empty folder under the build tree.
std::filesystem::path fresh_dir(const std::string& name);
std::string machine_dir(const std::string& name);
std::string slurp(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

// path -> "type size mtime" for every entry below `root` (symbolic links not followed).
std::map<std::string, std::string> tree_fingerprint(const std::filesystem::path& root);

}  // namespace rigcheck::hostile
