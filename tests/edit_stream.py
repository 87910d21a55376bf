"""Child process of the kill test: applies edits forever, printing each after its commit returned.

python tests/edit_stream.py DB REPORT_ID START [toggle]

With `toggle`, the cell goes 0, 5, 0, 5, …: the report is right, then has 错误, then is right again.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.storage.store import Store  # noqa: E402


def main() -> None:
    db, report_id, start = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    store = Store(db)
    toggle = sys.argv[4:] == ["toggle"]
    number = start
    while True:
        if number % 2:
            store.edit(report_id, {"texts.problems": f"第{number}次修改"})
        else:
            value = number // 2 % 2 * 5 if toggle else number
            store.edit(report_id, {"applications.received.natural_person": value})
        print(number, flush=True)
        number += 1


if __name__ == "__main__":
    main()
