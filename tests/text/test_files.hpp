#pragma once
// Helpers shared by the tests of this folder: fixture paths and temporary sysroot trees.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rigcheck::testing {

inline std::filesystem::path kernel_log_fixture(const std::string& name) {
  return std::filesystem::path(RIGCHECK_FIXTURES_DIR) / "kernel-logs" / name;
}

inline std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A fresh folder under the system temp dir, removed with the object.
class TempTree {
 public:
  explicit TempTree(const std::string& name) {
    root_ = std::filesystem::temp_directory_path() /
            (name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_);
  }
  ~TempTree() {
    std::error_code ec;
    std::filesystem::permissions(root_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  // `path` is machine-absolute ("/proc/meminfo"); the file lands under the root.
  std::filesystem::path write(const std::string& path, const std::string& content) const {
    auto host = root_ / std::filesystem::path(path).relative_path();
    std::filesystem::create_directories(host.parent_path());
    std::ofstream(host, std::ios::binary) << content;
    return host;
  }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

}  // namespace rigcheck::testing
