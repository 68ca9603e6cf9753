#!/usr/bin/env bash
# report.html in a real browser: Debian's headless Chromium renders a report with an hour-long
# series and every copies line, and a probe-only report; a script added to a copy of each page
# measures every chart's SVG text boxes (getBBox) and writes what overlaps or leaves its chart
# into the DOM, which --dump-dom prints. Screenshots stay in the scratch folder as artifacts.
# Usage: browser_report.sh RIGCHECK RENDER_TESTS FIXTURES SCRATCH   (exit 77: skipped)
set -euo pipefail
rigcheck=$1 render_tests=$2 fixtures=$3 scratch=$4
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  echo "SKIP: chromium is not installed (ci/setup-deps.sh installs it: apt-get install chromium)"
  exit 77
fi
rm -rf "$scratch" && mkdir -p "$scratch"

# The pages: the long-series one from the render fixtures, the probe-only one from the binary.
pages_dir=$(dirname "$render_tests")/../../test-reports/browser
"$render_tests" --gtest_filter='BrowserPages.*' >/dev/null
cp "$pages_dir/long-series.html" "$scratch/long-series.html"
set +e
"$rigcheck" probe --sysroot "$fixtures/machines/p40-above4g-off" \
  --kernel-log "$fixtures/machines/p40-above4g-off/kernel-log.txt" --nvml-library /nonexistent/libnvidia-ml.so.1 \
  --format html -o "$scratch/probe-only.html" 2>/dev/null
set -e
[[ -s "$scratch/probe-only.html" ]] || { echo "FAIL: probe --format html wrote nothing" >&2; exit 1; }

# Text boxes in each chart's own coordinates; rotated axis labels are left out (their box is
# the unrotated one). Output: one line "layout: N charts, M texts" and a line per problem.
measure='<script>
addEventListener("load", () => {
  const out = []; let texts = 0;
  const charts = document.querySelectorAll("svg.chart");
  charts.forEach((svg, c) => {
    const vb = svg.viewBox.baseVal;
    const boxes = [...svg.querySelectorAll("text")].filter(t => !t.hasAttribute("transform"))
      .map(t => ({t, b: t.getBBox()}));
    texts += boxes.length;
    boxes.forEach(({t, b}, i) => {
      if (b.x < -0.5 || b.y < -0.5 || b.x + b.width > vb.width + 0.5 || b.y + b.height > vb.height + 0.5)
        out.push(`OUTSIDE chart ${c}: "${t.textContent}"`);
      boxes.slice(i + 1).forEach(({t: u, b: d}) => {
        if (b.x < d.x + d.width - 0.5 && d.x < b.x + b.width - 0.5 && b.y < d.y + d.height - 0.5 && d.y < b.y + b.height - 0.5)
          out.push(`OVERLAP chart ${c}: "${t.textContent}" / "${u.textContent}"`);
      });
    });
  });
  const pre = document.createElement("pre"); pre.id = "layout-check";
  pre.textContent = `layout: ${charts.length} charts, ${texts} texts\n` + out.join("\n");
  document.body.appendChild(pre);
});
</script>'

status=0
for page in long-series probe-only; do
  # After </html> the parser puts the script into the body; no text substitution needed.
  { cat "$scratch/$page.html"; echo "$measure"; } >"$scratch/$page.measured.html"
  flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,4000 --virtual-time-budget=5000)
  timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$scratch/$page.measured.html" >"$scratch/$page.dom.html" 2>"$scratch/$page.chromium.log"
  timeout 120 "$browser" "${flags[@]}" --screenshot="$scratch/$page.png" "file://$scratch/$page.html" >/dev/null 2>>"$scratch/$page.chromium.log" || true
  report=$(sed -n '/<pre id="layout-check">/,/<\/pre>/p' "$scratch/$page.dom.html")
  echo "$page: ${report#*>}" | head -20
  grep -q 'layout: ' <<<"$report" || { echo "FAIL: $page: the measuring script did not run" >&2; status=1; }
  if grep -qE 'OVERLAP|OUTSIDE' <<<"$report"; then echo "FAIL: $page: text boxes overlap or leave a chart" >&2; status=1; fi
  # The verdict is on the page, before the machine facts.
  grep -qE 'class="verdict verdict-(sound|unsound|untested)"' "$scratch/$page.dom.html" ||
    { echo "FAIL: $page: no verdict in the rendered page" >&2; status=1; }
  [[ -s "$scratch/$page.png" ]] && echo "screenshot: $scratch/$page.png"
done
[[ $(grep -c '<svg' "$scratch/long-series.dom.html") -ge 4 ]] || { echo "FAIL: the long-series page has too few charts" >&2; status=1; }
exit $status
