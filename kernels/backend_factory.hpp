#pragma once
// The one place that knows which backends this build has: `--backend auto` gives all of them in
// order of preference (CUDA first: on NVIDIA cards it runs every precision, pinned memory and
// peers), a backend name gives that one. Adding a backend is one row of the table in
// backend_factory.cpp.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/backend.hpp"
#include "reports/result.hpp"

namespace rigcheck {

inline constexpr std::string_view kAutoBackend = "auto";

// "auto" and every backend name the table has, built or not ("auto", "cuda", "vulkan").
std::vector<std::string> backend_choices();

struct BackendSet {
  std::vector<std::shared_ptr<Backend>> backends;  // preferred first
  std::vector<std::string> notes;                  // the named backend is not in this build, and why
  std::vector<std::string> not_built;              // every backend this build lacks, and why (for `list`)
};

// The backends for `choice` ("auto" or a name of backend_choices()); an error for an unknown name.
Result<BackendSet> make_backends(std::string_view choice);

// What `rigcheck --version` says about the backends of this build, one line each:
// "CUDA: toolkit 13.0, architectures 75-real, runtime linked statically", "cuBLAS: ...", or why
// a backend is not built.
std::vector<std::string> backend_build_lines();

}  // namespace rigcheck
