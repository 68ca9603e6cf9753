#pragma once
// Which cuBLAS GEMM variants and attention precisions run on a card, by the arithmetic they use
// (compute capability as major * 10 + minor). fp16 data with fp32 accumulate is converted and
// computed in fp32 by cuBLAS on any card cublasGemmEx supports (sm_50+); only fp16 accumulate
// needs fp16 arithmetic (sm_53+), and on sm_61, where that runs at 1/64 of the fp32 rate, it is
// skipped: minutes of a GPU doing next to nothing. Plain C++, tested on any machine.
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace rigcheck {

// Empty: run it; otherwise the reason it is skipped.
inline std::string cuda_gemm_skip_reason(std::string_view precision, std::string_view accumulate, int cc) {
  const std::string sm = fmt::format("this card is sm_{}", cc);
  if (cc < 50) return "cublasGemmEx needs sm_50; " + sm;
  if (precision == "tf32" && cc < 80) return "tf32 needs sm_80 tensor cores; " + sm;
  if (precision == "bf16" && cc < 80) return "bf16 needs sm_80; " + sm;
  if (precision == "int8" && cc < 61) return "int8 dot products (DP4A) need sm_61; " + sm;
  if (precision == "fp16" && accumulate == "fp16") {
    if (cc < 53) return "fp16 accumulate needs fp16 arithmetic (sm_53); " + sm + " (fp16 data with fp32 accumulate "
                        "is measured)";
    if (cc == 61)
      return "sm_61 runs fp16 arithmetic at 1/64 of the fp32 rate: fp16 accumulate skipped (minutes for nothing); "
             "fp16 data with fp32 accumulate is measured";
  }
  return "";
}

// Attention: the fused kernel converts fp16/bf16 and computes in fp32, the unfused one calls
// cuBLAS with fp32 compute; bf16 storage in cuBLAS needs sm_80.
inline std::string cuda_attention_skip_reason(std::string_view precision, int cc) {
  if (precision == "bf16" && cc < 80) return fmt::format("bf16 needs sm_80; this card is sm_{}", cc);
  return "";
}

}  // namespace rigcheck
