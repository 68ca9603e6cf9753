// Holds the memory model to PyTorch: every row of tests/fixtures/gpt2/memory_reference.tsv (made by
// tools/gpt2_memory_reference.py, command in its header) within +-10%, and no batch offered that the
// measurement says would not fit a Tesla P40.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reports/cards.hpp"
#include "reports/gpt2/gpt2_build.hpp"
#include "reports/gpt2/gpt2_cuda_params.hpp"
#include "reports/gpt2/gpt2_memory.hpp"

namespace rigcheck::gpt2 {
namespace {

struct ReferenceRow {
  std::string model, task, precision, attention;
  std::uint64_t context = 0, peak_b1 = 0, peak_b2 = 0, max_batch = 0, peak_max = 0;
};

struct Reference {
  std::uint64_t budget_bytes = 0;
  std::vector<ReferenceRow> rows;
};

Reference load_reference() {
  Reference ref;
  std::ifstream file(std::string(RIGCHECK_FIXTURES_DIR) + "/gpt2/memory_reference.tsv");
  std::string line;
  const std::string budget_key = "budget_bytes ";
  while (std::getline(file, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (auto at = line.find(budget_key); at != std::string::npos)
        ref.budget_bytes = std::stoull(line.substr(at + budget_key.size()));
      continue;
    }
    if (line.rfind("model\t", 0) == 0) continue;
    std::istringstream in(line);
    ReferenceRow r;
    in >> r.model >> r.task >> r.precision >> r.attention >> r.context >> r.peak_b1 >> r.peak_b2 >> r.max_batch >>
        r.peak_max;
    ref.rows.push_back(r);
  }
  return ref;
}

Workload workload_of(const ReferenceRow& r, std::uint64_t batch) {
  return {*task_from_string(r.task), *precision_from_string(r.precision), *attention_from_string(r.attention),
          r.context, batch};
}

const CardSpec& p40() { return *find_card_by_key("p40"); }

TEST(Gpt2Reference, CoversEverySizeTaskPrecisionAttentionAndContext) {
  const auto ref = load_reference();
  // 4 sizes x 2 contexts x 2 attention kernels x 12 task-precisions.
  EXPECT_EQ(ref.rows.size(), 4u * 2 * 2 * 12);
}

// The reference's max-batch column was made for the P40's tensor budget; regenerate it when the
// CUDA-side parameters change.
TEST(Gpt2Reference, BudgetIsTheP40TensorBudget) {
  const auto ref = load_reference();
  EXPECT_EQ(ref.budget_bytes, tensor_budget_bytes(p40().memory_bytes, p40().compute_capability_major));
}

TEST(Gpt2Reference, EveryRowWithinTenPercent) {
  const auto ref = load_reference();
  ASSERT_FALSE(ref.rows.empty());
  for (const auto& r : ref.rows) {
    const auto config = *find_gpt2_config(r.model);
    const std::pair<std::uint64_t, std::uint64_t> points[] = {{1, r.peak_b1}, {2, r.peak_b2}, {r.max_batch, r.peak_max}};
    for (const auto& [batch, measured] : points) {
      if (batch == 0) continue;
      const double ratio = static_cast<double>(tensor_peak_bytes(config, workload_of(r, batch))) /
                           static_cast<double>(measured);
      EXPECT_NEAR(ratio, 1.0, 0.10) << r.model << " " << r.task << " " << r.precision << " " << r.attention
                                    << " s=" << r.context << " b=" << batch;
    }
  }
}

// The largest batch the model offers must be one the measurement says fits the budget.
TEST(Gpt2Reference, NoBatchOfferedThatTheReferenceSaysDoesNotFit) {
  const auto ref = load_reference();
  for (const auto& r : ref.rows) {
    const auto config = *find_gpt2_config(r.model);
    const std::uint64_t cap = r.task == "inference" ? kInferenceBatchCap : kFinetuneBatchCap;
    std::uint64_t offered = 0;
    for (std::uint64_t b = cap; b >= 1 && offered == 0; --b)
      if (tensor_peak_bytes(config, workload_of(r, b)) <= ref.budget_bytes) offered = b;
    EXPECT_LE(offered, r.max_batch) << r.model << " " << r.task << " " << r.precision << " " << r.attention
                                    << " s=" << r.context;
  }
}

// The table a P40 user sees (sdpa, context 1024) offers no batch beyond the reference either.
TEST(Gpt2Reference, P40TableBatchesFitTheReference) {
  const auto ref = load_reference();
  Gpt2Inputs in;
  in.card = &p40();
  in.vram_bytes = p40().memory_bytes;
  const auto table = build_gpt2_table(in);
  int compared = 0;
  for (const auto& row : table.rows) {
    for (const auto& r : ref.rows) {
      if (r.model != row.model || r.task != row.task || r.precision != row.precision || r.attention != row.attention ||
          static_cast<int>(r.context) != row.context)
        continue;
      ++compared;
      if (row.fit == Gpt2Fit::no) continue;
      EXPECT_LE(static_cast<std::uint64_t>(row.batch), r.max_batch) << row.model << " " << row.task << " "
                                                                     << row.precision;
    }
  }
  EXPECT_EQ(compared, 4 * 12);
}

}  // namespace
}  // namespace rigcheck::gpt2
