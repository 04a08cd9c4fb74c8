#!/usr/bin/env python3
"""Builds large benchmark inputs from the bundled real text (samples/).

Usage: benches/make-corpus.py OUT_DIR [--jsonl-mib N] [--files N]

Writes into OUT_DIR:
  big.jsonl   JSON Lines records of about 0.5-4 KiB, N MiB in all (default 512): paragraphs
              of the bundled articles, every third record with Windows line endings and
              trailing spaces inside its text, every fifth record in GBK (as broken scrapers
              leave them), so decoding and normalizing both have work to do;
  files/      many small text files (default 2000), a mix of UTF-8 and GBK, same content.
The content is the samples' real text, cut into paragraphs and recombined deterministically
(a fixed seed), so every run builds the same bytes.
"""
import argparse
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "samples")


def paragraphs():
    found = []
    for name in sorted(os.listdir(SAMPLES)):
        if name.endswith("-expected.txt") or name == "seed.txt":
            text = open(os.path.join(SAMPLES, name), encoding="utf-8").read()
            found.extend(p.strip() for p in text.split("\n") if len(p.strip()) > 20)
    if not found:
        raise SystemExit("no sample text found in samples/")
    return found


def record_text(rng, paras):
    text = "\n".join(rng.choice(paras) for _ in range(rng.randint(1, 6)))
    if rng.random() < 1 / 3:
        text = text.replace("\n", "  \r\n") + "\n\n"
    return text


def write_jsonl(path, mib, rng, paras):
    target = mib << 20
    written = 0
    n = 0
    with open(path, "wb") as out:
        while written < target:
            n += 1
            record = {"id": n, "url": f"https://example.com/a/{n}", "text": record_text(rng, paras)}
            line = json.dumps(record, ensure_ascii=False)
            data = line.encode("gbk") if n % 5 == 0 else line.encode("utf-8")
            out.write(data + b"\n")
            written += len(data) + 1


def write_files(directory, count, rng, paras):
    os.makedirs(directory, exist_ok=True)
    for i in range(count):
        text = "\n".join(record_text(rng, paras) for _ in range(rng.randint(4, 40)))
        data = text.encode("gbk") if i % 4 == 0 else text.encode("utf-8")
        sub = os.path.join(directory, f"d{i % 20:02}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"f{i:05}.txt"), "wb") as out:
            out.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--jsonl-mib", type=int, default=512)
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(20261126)
    paras = paragraphs()
    os.makedirs(args.out, exist_ok=True)
    if args.jsonl_mib:
        write_jsonl(os.path.join(args.out, "big.jsonl"), args.jsonl_mib, rng, paras)
    if args.files:
        write_files(os.path.join(args.out, "files"), args.files, rng, paras)


if __name__ == "__main__":
    main()
