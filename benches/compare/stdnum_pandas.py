"""What an office would otherwise run: pandas reads the roster, python-stdnum
checks every CURP (stdnum.mx.curp) and NSS (Luhn, stdnum.luhn: stdnum has no
IMSS module), and the findings go to an XLSX with pandas (openpyxl).

    pip install python-stdnum pandas openpyxl
    python3 benches/compare/stdnum_pandas.py roster.csv findings.xlsx
"""
import sys

import pandas as pd
from stdnum import luhn
from stdnum.mx import curp


def main(src: str, out: str) -> None:
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    findings = []
    for i, (c, n) in enumerate(zip(df["CURP"], df["NSS"]), start=2):
        try:
            curp.validate(c)
        except Exception as e:  # stdnum raises ValidationError subclasses
            findings.append((i, "CURP", c, type(e).__name__))
        digits = "".join(ch for ch in n if ch.isdigit())
        if len(digits) != 11 or not luhn.is_valid(digits):
            findings.append((i, "NSS", n, "invalid"))
    pd.DataFrame(findings, columns=["fila", "campo", "valor", "error"]).to_excel(out, index=False)
    print(f"{len(df)} rows, {len(findings)} findings")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
