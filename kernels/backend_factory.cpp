#include "kernels/backend_factory.hpp"

#include <fmt/format.h>

#ifdef RIGCHECK_HAVE_CUDA
#include "kernels/cuda/cublas_loader.hpp"
#include "kernels/cuda/cuda_backend.hpp"
#endif

namespace rigcheck {
namespace {

struct BackendRow {
  std::string_view name;
  std::unique_ptr<Backend> (*make)();  // null: not in this build
  std::string_view missing;            // why not, when `make` is null
};

// In order of preference for `--backend auto`.
const std::vector<BackendRow>& backend_table() {
  static const std::vector<BackendRow> table{
#ifdef RIGCHECK_HAVE_CUDA
      {"cuda", make_cuda_backend, ""},
#else
      {"cuda", nullptr, "this rigcheck was built without CUDA (nvcc was not found at build time)"},
#endif
      {"vulkan", make_vulkan_backend, ""},
  };
  return table;
}

}  // namespace

std::vector<std::string> backend_choices() {
  std::vector<std::string> out{std::string(kAutoBackend)};
  for (const auto& row : backend_table()) out.emplace_back(row.name);
  return out;
}

Result<BackendSet> make_backends(std::string_view choice) {
  BackendSet set;
  bool known = choice == kAutoBackend;
  for (const auto& row : backend_table()) {
    if (choice != kAutoBackend && choice != row.name) continue;
    known = true;
    if (row.make == nullptr) {
      // auto skips a backend the build lacks without a note in the report; naming it gets one.
      const auto why = fmt::format("{} not used: {}", row.name, row.missing);
      set.not_built.push_back(why);
      if (choice == row.name) set.notes.push_back(why);
      continue;
    }
    set.backends.push_back(row.make());
  }
  if (!known) return Error{fmt::format("--backend {}: not one of {}", choice, fmt::join(backend_choices(), ", "))};
  return set;
}

std::vector<std::string> backend_build_lines() {
#ifdef RIGCHECK_HAVE_CUDA
  // RIGCHECK_CUDA_TOOLKIT and RIGCHECK_CUDA_ARCHITECTURES are set for this file by kernels/CMakeLists.txt.
  return {fmt::format("CUDA: toolkit {}, architectures {}, runtime linked statically", RIGCHECK_CUDA_TOOLKIT,
                      RIGCHECK_CUDA_ARCHITECTURES),
          fmt::format("cuBLAS: {}", cublas_runtime_summary())};
#else
  return {"CUDA: not built (nvcc was not found at build time): NVIDIA cards are tested through Vulkan"};
#endif
}

}  // namespace rigcheck
