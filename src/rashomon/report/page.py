"""The page around the sections: header, navigation, inline CSS and a few lines of JS."""

from __future__ import annotations

import html

from rashomon import __version__

CSS = """
:root { --ink:#1d232b; --muted:#5d6b7a; --line:#dde3ea; --bg:#fbfaf7; --accent:#9b2c2c; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.55 Georgia, 'Times New Roman', serif; color:var(--ink); background:var(--bg); }
header { padding:28px 40px 12px; border-bottom:3px double var(--ink); background:#fff; }
header h1 { margin:0; font-size:30px; letter-spacing:.5px; }
header p { margin:4px 0 0; color:var(--muted); font-family: system-ui, sans-serif; font-size:14px; }
nav { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line);
  padding:8px 40px; font:14px system-ui, sans-serif; }
nav a { margin-right:16px; color:var(--ink); text-decoration:none; }
nav a:hover { color:var(--accent); }
main { max-width:1200px; margin:0 auto; padding:8px 40px 60px; }
section { margin-top:36px; }
h2 { font-size:22px; border-bottom:1px solid var(--line); padding-bottom:4px; }
h3 { font-size:17px; margin-bottom:6px; }
table { border-collapse:collapse; width:100%; font:14px system-ui, sans-serif; margin:8px 0 16px; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#f1efe9; font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
.muted { color:var(--muted); }
.small { font-size:13px; }
a.ev { color:inherit; text-decoration:none; border-bottom:1px dotted var(--accent); }
a.ev:hover { background:#fff3c4; }
.doc { background:#fff; border:1px solid var(--line); padding:18px 24px; margin:18px 0; }
.doc h3 { margin-top:0; }
.doc .meta { font:13px system-ui, sans-serif; color:var(--muted); margin-bottom:10px; }
.doc .body { white-space:pre-wrap; }
.hl { border-radius:2px; }
.k-mentions { background:#e3eefc; }
.k-quotes { background:#fde9c9; }
.k-claims { background:#d9f2e3; }
.k-events { text-decoration:underline wavy #7b9acc; }
.k-times { background:#efe3fb; }
.k-places { background:#d7f0f2; }
.k-labels { background:#fbd5d5; }
.k-techniques { text-decoration:underline 2px #c05621; }
.hl.target { outline:2px solid var(--accent); background:#fff3a3; }
.legend span { display:inline-block; padding:0 6px; margin-right:6px; font:12px system-ui, sans-serif; }
.story { background:#fff; border:1px solid var(--line); padding:14px 20px; margin:16px 0; }
.story h3 { margin:0 0 4px; }
.story .meta, .card .meta { font:13px system-ui, sans-serif; color:var(--muted); margin-bottom:8px; }
.cols { display:grid; grid-template-columns:repeat(auto-fit, minmax(220px, 1fr)); gap:12px; }
.col { border-top:3px solid var(--ink); padding-top:4px; font-size:14px; }
.col h4 { margin:0 0 6px; font:600 13px system-ui, sans-serif; text-transform:uppercase; letter-spacing:.5px; }
.ev-row { margin:0 0 8px; }
.diff { font:600 13px system-ui, sans-serif; padding:0 4px; border-radius:3px; }
.diff.agent { background:#e3eefc; }
.diff.num { background:#fff0b3; }
tr.contra td:first-child { border-left:4px solid var(--accent); }
tr.agree td:first-child { border-left:4px solid #2f855a; }
.quote { margin-bottom:6px; }
.outlet { font:600 12px system-ui, sans-serif; color:var(--muted); margin-right:4px; }
.pill.camps { background:#c6f6d5; }
.chip { display:inline-block; margin:1px 2px; padding:0 6px; border-radius:9px; font:13px system-ui, sans-serif; }
.chip.neg { background:#fbd5d5; } .chip.pos { background:#c6f6d5; } .chip.neu { background:#edf2f7; }
.chip.quoted { font-style:italic; opacity:.75; }
.pill.neg { background:#fbd5d5; } .pill.pos { background:#c6f6d5; }
table.heat td.heat-cell { text-align:center; font-variant-numeric:tabular-nums; min-width:70px; }
table.heat td.heat-empty { background:#f7f7f7; }
table.heat th.rot { font-size:12px; vertical-align:bottom; }
.cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(340px, 1fr)); gap:16px; }
.card { background:#fff; border:1px solid var(--line); padding:12px 16px; }
.card h3 { margin:0; }
.card th { width:120px; background:none; color:var(--muted); font-weight:500; }
.bar { display:inline-block; height:10px; background:#7b9acc; vertical-align:middle; }
.pill { display:inline-block; padding:0 6px; border-radius:8px; background:#eee; font:12px system-ui, sans-serif; }
"""

JS = """
function mark(){document.querySelectorAll('.hl.target').forEach(e=>e.classList.remove('target'));
var id=location.hash.slice(1); if(!id) return; var first=null;
document.querySelectorAll('[data-i~="'+id+'"]').forEach(e=>{e.classList.add('target'); first=first||e;});
if(first) first.scrollIntoView({block:'center'});}
window.addEventListener('hashchange',mark); window.addEventListener('load',mark);
"""


def render_page(title: str, sections: list[tuple[str, str, str]]) -> str:
    """Assemble the page from (anchor, heading, html body) triples."""
    nav = "".join(
        f'<a href="#s-{name}">{html.escape(heading)}</a>' for name, heading, _ in sections
    )
    body = "".join(
        f'<section id="s-{name}"><h2>{html.escape(heading)}</h2>{content}</section>'
        for name, heading, content in sections
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{html.escape(title)}</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>Who claims what, how each outlet frames each actor, "
        f"and where the accounts agree and contradict. Every value links to the words behind it. "
        f"Made by rashomon {__version__}.</p></header>"
        f"<nav>{nav}</nav><main>{body}</main><script>{JS}</script></body></html>"
    )
