"""``gouji survey FOLDER --xlsx OUT.xlsx [--json OUT.json]``: one row per document of a folder.

Each file is parsed and checked by the pipeline in the batch worker pool
(:func:`gouji.io.app.batch.run_batch`, both cores); the row is built by
:func:`gouji.io.export.survey.survey_result`, the sheet written by
:func:`gouji.io.export.survey.write_survey`.  A file that cannot be read gets a row
with the Chinese reason, never an exception.
"""

from __future__ import annotations

import time
from pathlib import Path

from gouji.io.app.batch import OUT_OF_MEMORY, failed_result, internal_message
from gouji.io.errors import ReadError
from gouji.io.export.summary import ResultDict
from gouji.io.export.survey import survey_result
from gouji.io.pipeline import parse
from gouji.model.rules.registry import CheckTally, run_rules


def survey_file(path: str | Path) -> ResultDict:
    """The survey row of one file (never raises)."""
    t0 = time.perf_counter()
    try:
        doc = parse(Path(path))
        tally = CheckTally()
        row = survey_result(doc, run_rules(doc, tally=tally), tally)
    except ReadError as exc:
        row = failed_result(path, exc.message, exc.reason)
    except MemoryError:
        row = failed_result(path, OUT_OF_MEMORY, "memory")
    except Exception as exc:  # a parser bug on one file must not stop the survey
        row = failed_result(path, internal_message(exc), "internal")
    row["seconds"] = round(time.perf_counter() - t0, 2)
    return row


def totals(rows: list[ResultDict]) -> dict[str, object]:
    """Folder totals: documents (files not skipped), read failures, skipped files, errors / warnings /
    rounding, hierarchy share, uncertain tables."""
    ok = [r for r in rows if r.get("status") == "ok"]
    skipped = sum(1 for r in rows if r.get("status") == "skipped")
    checked = sum(r["hierarchy_checked"] for r in ok)
    held = sum(r["hierarchy_held"] for r in ok)
    return {
        "documents": len(rows) - skipped,
        "failed": len(rows) - len(ok) - skipped,
        "skipped": skipped,
        "error": sum(r["counts"]["error"] for r in ok),
        "warning": sum(r["counts"]["warning"] for r in ok),
        "rounding": sum(r["counts"]["rounding"] for r in ok),
        "hierarchy_checked": checked,
        "hierarchy_held": held,
        "hierarchy_share": round(held / checked, 4) if checked else None,
        "uncertain_tables": sum(r["uncertain_tables"] for r in ok),
    }
