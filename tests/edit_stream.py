"""Child process of the kill test: applies edits forever, printing each after its commit returned.

python tests/edit_stream.py DB REPORT_ID START
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.storage.store import Store  # noqa: E402


def main() -> None:
    db, report_id, start = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    store = Store(db)
    number = start
    while True:
        if number % 2:
            store.edit(report_id, {"texts.problems": f"第{number}次修改"})
        else:
            store.edit(report_id, {"applications.received.natural_person": number})
        print(number, flush=True)
        number += 1


if __name__ == "__main__":
    main()
