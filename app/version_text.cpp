#include "app/version_text.hpp"

#include <fmt/format.h>

#ifdef RIGCHECK_HAVE_CUDA
#include "kernels/cuda/cublas_loader.hpp"
#endif

// Set for this file alone by app/CMakeLists.txt, so a changed architecture list rebuilds one file.
#ifndef RIGCHECK_BUILD_TYPE
#define RIGCHECK_BUILD_TYPE "unknown"
#endif
#ifndef RIGCHECK_VULKAN_HEADERS
#define RIGCHECK_VULKAN_HEADERS "unknown"
#endif

namespace rigcheck {

std::string version_text() {
  std::string text = fmt::format("rigcheck {} (git {})\nbuild: {}\n", RIGCHECK_VERSION, RIGCHECK_GIT_DESCRIBE,
                                 RIGCHECK_BUILD_TYPE);
#ifdef RIGCHECK_HAVE_CUDA
  text += fmt::format("CUDA: toolkit {}, architectures {}, runtime linked statically\n", RIGCHECK_CUDA_TOOLKIT,
                      RIGCHECK_CUDA_ARCHITECTURES);
  text += fmt::format("cuBLAS: {}\n", cublas_runtime_summary());
#else
  text += "CUDA: not built (nvcc was not found at build time): NVIDIA cards are tested through Vulkan\n";
#endif
  text += fmt::format("Vulkan: headers {}", RIGCHECK_VULKAN_HEADERS);
  return text;
}

}  // namespace rigcheck
