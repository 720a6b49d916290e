"""Fill in a questionnaire workbook from `vendorlint questions --format xlsx` as a vendor would:
open it in a spreadsheet program (openpyxl here), type answers into the Answer column and
quotes into the Source column, save it.

    fill_questionnaire.py WORKBOOK PLAN.json

PLAN.json says where the columns are (the layout contract, 0-based, as
`base::questionnaire::workbook` declares it) and what to write:

    {"sheet": "Questions", "header_row": 0,
     "columns": {"answer": 7, "source": 8, "pointer": 9, "kind": 11},
     "answers": [{"pointer": "/contract/sla/rto_hours", "value": 4, "as": "number",
                  "source": "SLA, section 2: \"4 timer\""}],
     "in_words": [{"index": 0, "value": "We use MDM on every laptop."}]}

`as` is how the cell is typed: `text` (a string, as typed or chosen from a drop-down), `number`,
`date` (`value` is YYYY-MM-DD; the cell becomes a date cell) or `bool`. `in_words` answers the
n-th question that has no pointer (a question answered in words). The workbook is saved in
place. Prints, as JSON, the address of each cell written: {"answers": {pointer: {"answer": "H7",
"source": "I7"}}, "in_words": ["H20"]}.
"""

import datetime
import json
import sys

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    path, plan_path = argv[1], argv[2]
    with open(plan_path, encoding="utf-8") as f:
        plan = json.load(f)
    cols = {k: v + 1 for k, v in plan["columns"].items()}  # openpyxl counts from 1
    first = plan.get("header_row", 0) + 2
    book = load_workbook(path)
    sheet = book[plan.get("sheet", "Questions")]

    rows_by_pointer = {}
    in_words_rows = []
    for row in range(first, sheet.max_row + 1):
        pointer = sheet.cell(row=row, column=cols["pointer"]).value
        kind = sheet.cell(row=row, column=cols["kind"]).value
        if pointer:
            rows_by_pointer[str(pointer).strip()] = row
        elif kind == "text":
            in_words_rows.append(row)

    def address(row, col):
        return f"{get_column_letter(col)}{row}"

    written = {"answers": {}, "in_words": []}
    for a in plan.get("answers", []):
        row = rows_by_pointer.get(a["pointer"])
        if row is None:
            sys.exit(f"no row for {a['pointer']} in {path}")
        cell = sheet.cell(row=row, column=cols["answer"])
        kind = a.get("as", "text")
        value = a["value"]
        if kind == "date":
            cell.value = datetime.date.fromisoformat(value)
            cell.number_format = "yyyy-mm-dd"
        elif kind == "number":
            cell.value = value
        elif kind == "bool":
            cell.value = bool(value)
        else:
            cell.value = str(value)
        where = {"answer": address(row, cols["answer"])}
        if a.get("source"):
            sheet.cell(row=row, column=cols["source"]).value = a["source"]
            where["source"] = address(row, cols["source"])
        written["answers"][a["pointer"]] = where
    for w in plan.get("in_words", []):
        row = in_words_rows[w["index"]]
        sheet.cell(row=row, column=cols["answer"]).value = w["value"]
        written["in_words"].append(address(row, cols["answer"]))
    book.save(path)
    json.dump(written, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
