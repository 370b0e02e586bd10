#!/usr/bin/env python3
"""Writes contexts read as NDJSON from stdin as CSV (Python's csv module, excel dialect: CRLF,
minimal quoting) or XML (xml.etree.ElementTree), the way another team's tooling would.

Usage: write_with_python.py csv|xml < contexts.ndjson > out
"""
import csv
import json
import sys
import xml.etree.ElementTree as ET

FIELDS = ["id", "title", "content", "type", "tags", "sessionId", "createdAt", "updatedAt"]


def main():
    records = [json.loads(line) for line in sys.stdin if line.strip()]
    out = sys.stdout
    if sys.argv[1] == "csv":
        writer = csv.writer(out)
        writer.writerow(FIELDS + ["metadata.importance", "metadata.source"])
        for r in records:
            row = [",".join(r[f]) if f == "tags" else r.get(f) for f in FIELDS]
            meta = r.get("metadata", {})
            writer.writerow(row + [meta.get("importance"), meta.get("source")])
    else:
        root = ET.Element("data")
        for r in records:
            item = ET.SubElement(root, "item")
            for key, value in r.items():
                if key == "tags":
                    tags = ET.SubElement(item, "tags")
                    for tag in value:
                        ET.SubElement(tags, "tag").text = tag
                elif key == "metadata":
                    meta = ET.SubElement(item, "metadata")
                    for mk, mv in value.items():
                        ET.SubElement(meta, mk).text = mv
                elif value is not None:  # null is an absent element
                    ET.SubElement(item, key).text = value
        out.write(ET.tostring(root, encoding="unicode"))


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8", newline="")
    main()
