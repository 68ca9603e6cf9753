// Issue 17 item 9: every VRAM kernel instantiation is loaded before the test allocates (with lazy
// loading a kernel first launched after cudaMalloc took nearly all memory can fail to load).
// Host only: counting the kernels takes no device.
#include <gtest/gtest.h>

#include "kernels/cuda/cuda_vram_kernels.hpp"
#include "kernels/vram_patterns.hpp"

namespace rigcheck {
namespace {

TEST(CudaVramKernels, EveryInstantiationIsLoadedBeforeAllocating) {
  // Five pattern kinds (own address, ones/zeros, walking ones, walking zeros, random words), each
  // with a write, a verify and a verify-then-complement kernel; the re-read in both modes; inject
  // and copy. One kernel probed (as before) leaves 18 to load lazily, after allocation.
  constexpr std::size_t kKinds = 5;
  EXPECT_EQ(cuda_vram_kernels::kernel_count(), kKinds * 3 + 2 + 2);
}

}  // namespace
}  // namespace rigcheck
