#!/usr/bin/python3
"""Validates rigcheck reports against the JSON Schema: validate_report.py SCHEMA REPORT [REPORT ...].

Uses Debian's python3-jsonschema (Draft 2020-12). Exit 0 when all are valid, 1 with the first
error of each invalid report on stdout, 2 when jsonschema is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(2)


def main():
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in sys.argv[2:]:
        report = json.load(open(path))
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
        if errors:
            bad += 1
            e = errors[0]
            print("%s: %s at /%s" % (path, e.message, "/".join(str(p) for p in e.absolute_path)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
