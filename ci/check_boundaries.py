#!/usr/bin/env python3
"""Fails when code crosses a boundary the folder READMEs draw.

- reports/ includes nothing of app/, probes/ or kernels/ (the model and judgement stand alone);
- probes/ and kernels/ include nothing of app/, nor of each other;
- app/ has no CUDA #ifdef and names no backend: it reaches workloads through kernels/backend.hpp
  and builds backends with kernels/backend_factory.hpp only;
- no file refers to design documents that are not in this repository.

Usage: ci/check_boundaries.py [SOURCE_DIR]; prints one line per violation, exit 1 when any.
"""
import pathlib
import re
import sys

FORBIDDEN_INCLUDES = {
    "reports": ("app/", "probes/", "kernels/"),
    "probes": ("app/", "kernels/"),
    "kernels": ("app/", "probes/"),
}
SOURCE_SUFFIXES = {".cpp", ".hpp", ".cu", ".in", ".h"}
TEXT_SUFFIXES = SOURCE_SUFFIXES | {".md", ".txt", ".cmake", ".sh", ".py", ".comp", ".glsl", ".json", ".toml"}
SKIPPED_DIRS = {"build", ".git"}
OUTSIDE_DOCUMENTS = re.compile(r"\b(DESIGN|DOMAIN|STYLE)\.md\b")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
APP_BACKEND_NAMES = re.compile(r'RIGCHECK_HAVE_CUDA|"cuda"|"vulkan"|kernels/(cuda|vulkan|compute)/')


def files_under(root: pathlib.Path, suffixes):
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in suffixes and not SKIPPED_DIRS & set(path.relative_to(root).parts):
            yield path


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    problems = []
    for folder, forbidden in FORBIDDEN_INCLUDES.items():
        for path in files_under(root / folder, SOURCE_SUFFIXES):
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                match = INCLUDE.match(line)
                if match and match.group(1).startswith(forbidden):
                    problems.append(f"{path.relative_to(root)}:{number}: {folder}/ must not include {match.group(1)}")
    for path in files_under(root / "app", SOURCE_SUFFIXES):
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if APP_BACKEND_NAMES.search(line):
                problems.append(f"{path.relative_to(root)}:{number}: app/ names a backend: {line.strip()}")
    this_file = pathlib.Path(__file__).resolve()
    for path in files_under(root, TEXT_SUFFIXES):
        if path.resolve() == this_file:
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if OUTSIDE_DOCUMENTS.search(line):
                problems.append(f"{path.relative_to(root)}:{number}: refers to a document outside the repository")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
