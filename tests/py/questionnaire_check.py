"""Read questionnaire workbooks (and LibreOffice's CSV of them) as a third party does, and print
what tests/questionnaire_xlsx.rs asserts on, as JSON.

    questionnaire_check.py xlsx FILE.xlsx...   the workbooks, read with openpyxl
    questionnaire_check.py csv FILE.csv...     the records of each CSV (Python's csv module)

The workbook's layout (sheet names, header row, columns) is the test's to check: this script
only reports what is in the files.
"""

import csv
import json
import sys
import warnings

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries


def list_values(book, formula):
    """The values of a list validation: inline ("a,b") or a range (Lists!$A$1:$A$9)."""
    if formula is None:
        return None
    if formula.startswith('"'):
        return formula[1:-1].split(",")
    ref = formula.lstrip("=")
    sheet, _, cells = ref.rpartition("!")
    ws = book[sheet.strip("'")] if sheet else None
    if ws is None:
        return {"unresolved": formula}
    min_col, min_row, max_col, max_row = range_boundaries(cells.replace("$", ""))
    values = []
    for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
        for cell in row:
            values.append("" if cell.value is None else str(cell.value))
    return values


def hidden_columns(ws):
    hidden = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden:
            for col in range(dim.min or 0, (dim.max or dim.min or 0) + 1):
                hidden.add(col - 1)
    return sorted(hidden)


def validations(book, ws):
    """Each validation with the cells (0-based row, col) it covers."""
    out = []
    for dv in ws.data_validations.dataValidation:
        cells = []
        for rng in dv.sqref.ranges:
            for row in range(rng.min_row, rng.max_row + 1):
                for col in range(rng.min_col, rng.max_col + 1):
                    cells.append([row - 1, col - 1])
        out.append(
            {
                "cells": cells,
                "type": dv.type,
                "operator": dv.operator,
                "formula1": dv.formula1,
                "formula2": dv.formula2,
                "values": list_values(book, dv.formula1) if dv.type == "list" else None,
                "error_style": dv.errorStyle,
                "show_error": bool(dv.showErrorMessage),
                "error": dv.error,
                "show_prompt": bool(dv.showInputMessage),
                "prompt": dv.prompt,
            }
        )
    return out


def sheet(book, ws):
    rows = []
    for row in ws.iter_rows():
        rows.append(
            [
                {
                    "value": None if c.value is None else str(c.value),
                    "locked": bool(c.protection.locked),
                    "number_format": c.number_format,
                }
                for c in row
            ]
        )
    p = ws.protection
    return {
        "state": ws.sheet_state,
        "rows": rows,
        "hidden_columns": hidden_columns(ws),
        "validations": validations(book, ws),
        "protected": bool(p.sheet),
        # In the file, an option that is "1" is protected (not allowed).
        "protection": {
            "format_columns": bool(p.formatColumns),
            "format_rows": bool(p.formatRows),
            "auto_filter": bool(p.autoFilter),
        },
        "freeze_panes": ws.freeze_panes,
        "auto_filter": ws.auto_filter.ref,
        "column_widths": {
            get_column_letter(d.min): d.width for d in ws.column_dimensions.values() if d.min
        },
    }


def xlsx(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = load_workbook(path)
    return {
        "path": path,
        "sheet_names": book.sheetnames,
        "active": book.active.title,
        "created": book.properties.created.isoformat() if book.properties.created else None,
        "sheets": {ws.title: sheet(book, ws) for ws in book.worksheets},
    }


def records(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {"path": path, "records": list(csv.reader(f))}


def main(argv):
    if len(argv) < 3 or argv[1] not in ("xlsx", "csv"):
        sys.exit(__doc__)
    read = xlsx if argv[1] == "xlsx" else records
    json.dump([read(p) for p in argv[2:]], sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv)
