#pragma once
// `rigcheck --version`: what was built and how, and what this machine gives it at run time.
#include <string>

namespace rigcheck {

// Several lines: version and git revision, build type, CUDA toolkit and architectures (or why
// there is no CUDA backend), Vulkan headers, and whether cuBLAS loads here (it is loaded at run
// time, so a binary that starts can still lack it).
std::string version_text();

}  // namespace rigcheck
