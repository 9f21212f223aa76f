"""Writes the CSV edge-case fixtures of folio's CSV reader and, for each readable one, the
values pandas reads from it (the reference the Swift tests compare against).

Run from anywhere with the reference venv (pandas, numpy):
    /tmp/refvenv/bin/python Tests/FolioComputeTests/Fixtures/data/generate.py

Reference per column kind (the kind itself is folio's rule, declared below, because pandas
does not infer timestamps):
- number: pandas.read_csv(float_precision="round_trip"), i.e. Python's float() on each
  cell, with pandas' default missing-value spellings; written as repr() strings so that
  nan / inf survive JSON.
- text: pandas.read_csv(dtype=str, keep_default_na=False): the raw strings; "" -> null.
- timestamp: pandas.to_datetime(cells, format="ISO8601", utc=True), floored to whole
  seconds since the epoch; NaT -> null.
Output is deterministic: fixed inputs, sorted keys, no timestamps.
"""
import json
import warnings
import math
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "csv")

# name -> (bytes, {column: kind} or None for files that must fail to load)
FIXTURES = {}

FIXTURES["kinds.csv"] = (
    b"id,price,name,when,flag,empty_col,exit_time,code\n"
    b"1,10.5,alpha,2024-03-01,0,,2024-03-01T14:00:00Z,007\n"
    b"2,nan,NA,2024-03-02,1,,2024-03-01T15:00:00Z,7\n"
    b"3,,beta,,0,,,1e3\n"
    b"4,inf,,2024-03-04,1,,2024-03-01T17:00:00Z,-0\n"
    b"5,-inf,gamma,2024-03-05,0,,2024-03-01T18:00:00Z,+.5\n"
    b"6,NA,alpha,2024-03-06,1,,2024-03-01T19:00:00Z,5.\n"
    b"7,-0.000123,delta,2024-03-07,0,,2024-03-01T20:00:00Z,1.7976931348623157e308\n"
    b"8,123456789012345678901234567890,alpha,2024-03-08,1,,2024-03-01T21:00:00Z,4.9e-324\n",
    {"id": "number", "price": "number", "name": "text", "when": "timestamp", "flag": "number",
     "empty_col": "number", "exit_time": "timestamp", "code": "number"},
)

FIXTURES["quoted.csv"] = (
    b'symbol,note,value\n'
    b'AAPL,"plain quoted",1.5\n'
    b'MSFT,"with, comma",2.5\n'
    b'"GOOG","with ""escaped"" quotes",3.5\n'
    b'AMZN,"two\nlines",4.5\n'
    b'TSLA,"",5.5\n'
    b'NVDA,"crlf\r\ninside","6.5"\n',
    {"symbol": "text", "note": "text", "value": "number"},
)

FIXTURES["crlf_bom.csv"] = (
    b"\xef\xbb\xbftimestamp,close,symbol\r\n"
    b"2024-03-01T14:00:00Z,100.25,BTCUSD\r\n"
    b"2024-03-01T15:00:00Z,101.5,BTCUSD\r\n"
    b"2024-03-01T16:00:00Z,,ETHUSD\r\n"
    b"2024-03-01T17:00:00Z,99.75,ETHUSD",
    {"timestamp": "timestamp", "close": "number", "symbol": "text"},
)

FIXTURES["timestamps.csv"] = (
    b"label,at\n"
    b"zulu,2024-03-01T14:00:00Z\n"
    b"space,2024-03-01 14:00:00\n"
    b"date_only,2024-03-01\n"
    b"offset_zero,2024-03-01T14:00:00+00:00\n"
    b"offset_plus,2024-03-01T16:30:00+02:30\n"
    b"offset_minus,2024-02-29T23:59:59-05:00\n"
    b"before_epoch,1969-12-31T23:59:59Z\n"
    b"fraction,2024-03-01T14:00:00.750Z\n"
    b"minutes,2024-03-01T14:05Z\n"
    b"missing,\n"
    b"leap_century,2000-02-29T00:00:00Z\n",
    {"label": "text", "at": "timestamp"},
)

FIXTURES["blank_lines.csv"] = (
    b"\n"
    b"a,b\n"
    b"1,x\n"
    b"\n"
    b"2,y\n"
    b"\r\n"
    b"3,z\n"
    b"\n\n",
    {"a": "number", "b": "text"},
)

FIXTURES["header_only.csv"] = (b"timestamp,symbol,value\n", {"timestamp": "timestamp", "symbol": "number", "value": "number"})

# Files that must fail, with the line folio reports (checked in the Swift tests).
FIXTURES["empty.csv"] = (b"", None)
FIXTURES["blank.csv"] = (b"\n\r\n\n", None)
FIXTURES["ragged_short.csv"] = (b"a,b,c\n1,2,3\n4,5\n7,8,9\n", None)
FIXTURES["ragged_long.csv"] = (b"a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n", None)
FIXTURES["unterminated_quote.csv"] = (b'a,b\n1,"open\n2,3\n', None)
FIXTURES["quote_junk.csv"] = (b'a,b\n1,"x"y\n', None)
FIXTURES["bad_named_time.csv"] = (b"symbol,entry_time\nAAPL,2024-03-01T14:00:00Z\nMSFT,soon\n", None)
FIXTURES["duplicate_header.csv"] = (b"a,b,a\n1,2,3\n", None)


def cell_repr(x):
    if isinstance(x, float) and math.isnan(x):
        return "nan"
    return repr(float(x))


def reference(path, kinds):
    numbers = pd.read_csv(path, float_precision="round_trip")
    texts = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = {}
    for name, kind in kinds.items():
        if kind == "number":
            col = numbers[name]
            out[name] = {"kind": kind, "values": [cell_repr(v) for v in col.astype(float)]}
        elif kind == "text":
            out[name] = {"kind": kind, "values": [None if v == "" else v for v in texts[name]]}
        else:
            times = pd.to_datetime(texts[name].replace("", None), format="ISO8601", utc=True)
            values = []
            for t in times:
                if pd.isna(t):
                    values.append(None)
                else:
                    ns = t.value
                    values.append(int(ns // 1_000_000_000))
            out[name] = {"kind": kind, "values": values}
    return {"columns": out, "column_order": list(numbers.columns), "rows": int(len(numbers))}


def main():
    warnings.filterwarnings("ignore", message=".*float_precision.*")
    os.makedirs(OUT, exist_ok=True)
    for name, (data, kinds) in sorted(FIXTURES.items()):
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            f.write(data)
        if kinds is None:
            continue
        expected = reference(path, kinds)
        with open(path.replace(".csv", ".expected.json"), "w") as f:
            json.dump(expected, f, indent=1, sort_keys=True)
            f.write("\n")
    print(f"pandas {pd.__version__}, numpy {np.__version__}: wrote {len(FIXTURES)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
