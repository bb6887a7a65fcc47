"""The JSON report, built one result at a time, is byte for byte `json.dumps` of the whole."""

import json
from dataclasses import replace

from checker.reporters import build_reporter
from checker.reporters.json_ import report_dict


def test_the_text_is_json_dumps_of_the_whole_document(report):
    for results in (report.results, report.results[:1], ()):
        shown = replace(report, results=results)
        whole = json.dumps(report_dict(shown), indent=2, ensure_ascii=False) + "\n"
        assert build_reporter("json").render(shown) == whole
