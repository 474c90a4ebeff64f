#!/usr/bin/python3
"""Parses Prometheus text exposition from stdin with prometheus_client's parser (the reference Python
implementation) and prints its samples as JSON: {"types": {family: type}, "samples": [[name, labels, value]]}.
Exits non-zero when the text does not parse, or a family has samples but no TYPE line of its own."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

text = sys.stdin.read()
types = {}
samples = []
for family in text_string_to_metric_families(text):
    if family.type == "unknown":
        sys.exit(f"family {family.name} has no TYPE")
    types[family.name] = family.type
    for sample in family.samples:
        value = sample.value
        if math.isinf(value) or math.isnan(value):
            value = str(value)
        samples.append([sample.name, sample.labels, value])
declared = [line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")]
if len(declared) != len(set(declared)):
    sys.exit("a family is declared twice")
json.dump({"types": types, "samples": samples}, sys.stdout)
