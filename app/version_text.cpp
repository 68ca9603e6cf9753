#include "app/version_text.hpp"

#include <fmt/format.h>

#include "kernels/backend_factory.hpp"

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
  for (const auto& line : backend_build_lines()) text += line + "\n";
  text += fmt::format("Vulkan: headers {}", RIGCHECK_VULKAN_HEADERS);
  return text;
}

}  // namespace rigcheck
