"""The "Who said what" report section: speakers, outlets, evidence links, escaping."""

from rashomon.report import ReportContext
from rashomon.report.sections import who_said_what


def test_section_lists_speakers_with_evidence(corpus_export):
    ctx = ReportContext(corpus_export)
    html = who_said_what.render(corpus_export, ctx)
    assert "Arvid Kessel" in html and "Whom each outlet quotes" in html
    quote = next(q for q in corpus_export["quotes"] if q.get("speaker"))
    assert f'href="#i-{quote["id"]}"' in html


def test_section_escapes_text_and_skips_empty():
    export = {
        "documents": [{"id": "d", "outlet": "O<b>", "date": None, "text": "<x>"}],
        "actors": [{"id": "a", "name": "A <i>", "type": "person", "aliases": []}],
        "quotes": [
            {
                "id": "q",
                "doc": "d",
                "start": 0,
                "end": 3,
                "text": "<x>",
                "kind": "direct",
                "speaker": "a",
                "speaker_text": "A",
                "cue": "said",
            }
        ],
    }
    html = who_said_what.render(export, ReportContext(export))
    assert "<x>" not in html and "&lt;x&gt;" in html and "A &lt;i&gt;" in html
    assert who_said_what.render({"documents": [], "quotes": []}, ReportContext({})) == ""
