#include "reports/compute/math_path.hpp"

namespace rigcheck {

bool uses_library_gemm(std::string_view implementation) {
  return implementation == "cublas" || implementation == "cublaslt" || implementation == "cuda-unfused";
}

namespace {

std::optional<MathPath> first_listed(const CardSpec& card, MathPath preferred, std::optional<MathPath> otherwise) {
  if (card.peak(preferred)) return preferred;
  if (otherwise && card.peak(*otherwise)) return otherwise;
  return std::nullopt;
}

}  // namespace

std::optional<MathPath> math_path_run(const CardSpec& card, std::string_view precision, std::string_view accumulate,
                                      std::string_view implementation) {
  const bool library = uses_library_gemm(implementation);
  // Our int8 shaders multiply in int32 (no DP4A): the table lists no rate for that.
  if (precision == "int8")
    return library ? first_listed(card, MathPath::tensor_int8, MathPath::int8_dp4a) : std::nullopt;
  if (!library || precision == "fp32") return first_listed(card, MathPath::fp32, {});
  if (precision == "tf32") return first_listed(card, MathPath::tensor_tf32, {});
  if (precision == "fp8") return first_listed(card, MathPath::tensor_fp8, {});
  if (precision == "bf16") return first_listed(card, MathPath::tensor_bf16, MathPath::fp32);
  if (precision == "fp16" && accumulate == "fp16")
    return first_listed(card, MathPath::tensor_fp16_acc16, MathPath::fp16_half2);
  if (precision == "fp16") return first_listed(card, MathPath::tensor_fp16_acc32, MathPath::fp32);
  return std::nullopt;
}

}  // namespace rigcheck
