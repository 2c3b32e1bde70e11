"""The event ontology (modelled on PLOVER) and the words that trigger each type."""

from __future__ import annotations

EVENT_TYPES = {
    "ASSAULT": "bombing, shelling, air strikes, killing, massacres: violence against people or places",
    "FIGHT": "conventional fighting: offensives, attacks on forces, battles, clashes, repelling",
    "CEASEFIRE": "a truce or ceasefire (signed, holding, collapsing)",
    "AGREE": "agreeing, signing, brokering a deal",
    "CONSULT": "meetings, sessions, talks, visits",
    "ACCUSE": "accusing or blaming someone (content = the alleged event)",
    "DENY": "denying a claim or a deed",
    "REJECT": "rejecting, refusing, disputing a proposal",
    "DEMAND": "demanding, calling for, urging",
    "SUPPORT": "arming, backing, funding, supplying, training",
    "AID": "humanitarian aid, donations, pledges",
    "MOBILIZE": "deploying or mobilising forces",
    "RETREAT": "withdrawing, fleeing, losing ground",
    "SEIZE": "capturing, seizing, retaking territory",
    "YIELD": "surrendering",
    "VETO": "vetoing a resolution",
    "SANCTION": "sanctions and embargoes",
}

# base verb -> type; inflections are generated, irregular forms listed in IRREGULAR.
VERBS = {
    "bomb": "ASSAULT", "shell": "ASSAULT", "strike": "ASSAULT", "kill": "ASSAULT",
    "massacre": "ASSAULT", "shoot": "ASSAULT", "fire": "ASSAULT", "hit": "ASSAULT",
    "raid": "ASSAULT", "murder": "ASSAULT", "execute": "ASSAULT", "target": "ASSAULT",
    "torture": "ASSAULT", "abduct": "ASSAULT", "kidnap": "ASSAULT", "destroy": "ASSAULT",
    "martyr": "ASSAULT", "eliminate": "ASSAULT", "wound": "ASSAULT", "injure": "ASSAULT",
    "attack": "FIGHT", "fight": "FIGHT", "repel": "FIGHT", "clash": "FIGHT", "invade": "FIGHT",
    "advance": "FIGHT", "storm": "FIGHT", "besiege": "FIGHT", "push": "FIGHT",
    "agree": "AGREE", "sign": "AGREE", "broker": "AGREE",
    "meet": "CONSULT", "visit": "CONSULT", "discuss": "CONSULT", "negotiate": "CONSULT",
    "accuse": "ACCUSE", "blame": "ACCUSE", "allege": "ACCUSE", "condemn": "ACCUSE",
    "denounce": "ACCUSE",
    "deny": "DENY", "reject": "REJECT", "refuse": "REJECT", "dispute": "REJECT",
    "dismiss": "REJECT",
    "demand": "DEMAND", "urge": "DEMAND", "call": "DEMAND",
    "arm": "SUPPORT", "back": "SUPPORT", "fund": "SUPPORT", "finance": "SUPPORT",
    "supply": "SUPPORT", "support": "SUPPORT", "train": "SUPPORT", "deliver": "SUPPORT",
    "aid": "AID", "donate": "AID", "pledge": "AID",
    "deploy": "MOBILIZE", "mobilise": "MOBILIZE", "mobilize": "MOBILIZE",
    "retreat": "RETREAT", "withdraw": "RETREAT", "flee": "RETREAT",
    "capture": "SEIZE", "seize": "SEIZE", "retake": "SEIZE", "overrun": "SEIZE",
    "occupy": "SEIZE", "free": "SEIZE", "liberate": "SEIZE",
    "surrender": "YIELD", "veto": "VETO", "sanction": "SANCTION",
}  # fmt: skip
IRREGULAR = {
    "struck": "strike", "striking": "strike", "shot": "shoot", "fought": "fight", "hitting": "hit",
    "met": "meet", "withdrew": "withdraw", "withdrawn": "withdraw", "fled": "flee",
    "overran": "overrun", "retook": "retake", "retaken": "retake", "denied": "deny",
    "denies": "deny", "supplied": "supply", "supplies": "supply", "occupied": "occupy",
    "vetoed": "veto", "vetoes": "veto", "bombed": "bomb", "shelled": "shell",
    "shelling": "shell", "repelled": "repel", "repelling": "repel",
}  # fmt: skip
NOUNS = {
    "strike": "ASSAULT", "airstrike": "ASSAULT", "bombing": "ASSAULT", "shelling": "ASSAULT",
    "massacre": "ASSAULT", "killing": "ASSAULT", "raid": "ASSAULT", "bombardment": "ASSAULT",
    "explosion": "ASSAULT", "blast": "ASSAULT", "air raid": "ASSAULT", "atrocity": "ASSAULT",
    "offensive": "FIGHT", "attack": "FIGHT", "assault": "FIGHT", "fighting": "FIGHT",
    "battle": "FIGHT", "clash": "FIGHT", "invasion": "FIGHT", "siege": "FIGHT",
    "operation": "FIGHT",
    "ceasefire": "CEASEFIRE", "truce": "CEASEFIRE", "cease-fire": "CEASEFIRE",
    "armistice": "CEASEFIRE",
    "agreement": "AGREE", "deal": "AGREE",
    "meeting": "CONSULT", "session": "CONSULT", "talks": "CONSULT", "visit": "CONSULT",
    "summit": "CONSULT",
    "accusation": "ACCUSE", "denial": "DENY", "demand": "DEMAND",
    "veto": "VETO", "sanctions": "SANCTION", "embargo": "SANCTION",
    "withdrawal": "RETREAT", "retreat": "RETREAT", "surrender": "YIELD",
    "deployment": "MOBILIZE", "capture": "SEIZE",
}  # fmt: skip
# Participles that describe a state after a number ('12 dead and 20 injured') unless an
# auxiliary makes them a clause ('nearly 100 were wounded') or they head one ('wounding 60').
STATE_PARTICIPLES = {"wounded", "injured"}
# Verbs whose object noun names the event and whose subject is its agent.
LIGHT_VERBS = {
    "launch", "launched", "launches", "launching", "carry", "carried", "conduct", "conducted",
    "stage", "staged", "mount", "mounted", "begin", "began", "start", "started", "order",
    "ordered", "announce", "announced", "sign", "signed", "hold", "held", "impose", "imposed",
    "break", "broke", "broken", "breaking", "violate", "violated", "veto", "vetoed", "tear",
    "tore", "torn", "tearing", "use", "used", "uses", "using",
}  # fmt: skip


def _forms(base: str) -> list[str]:
    """Regular inflections of a verb: bomb -> bombs, bombed, bombing."""
    stem = base[:-1] if base.endswith("e") else base
    plural = base + ("es" if base.endswith(("sh", "ch", "s")) else "s")
    past = base + "d" if base.endswith("e") else base + "ed"
    if base.endswith("y") and base[-2] not in "aeiou":
        past, plural = base[:-1] + "ied", base[:-1] + "ies"
    return [base, plural, past, stem + "ing"]


VERB_FORMS: dict[str, str] = {}
for _base, _type in VERBS.items():
    for _form in _forms(_base):
        VERB_FORMS.setdefault(_form, _base)
for _form, _base in IRREGULAR.items():
    VERB_FORMS[_form] = _base
NOUN_FORMS: dict[str, str] = {}
for _noun in NOUNS:
    NOUN_FORMS[_noun] = _noun
    NOUN_FORMS[_noun + ("es" if _noun.endswith(("sh", "ch", "s")) else "s")] = _noun


def trigger_type(word: str, pos: str) -> str | None:
    """The event type a word triggers for its part of speech ('VERB'/'NOUN'), or None."""
    low = word.lower()
    if pos in ("VERB", "AUX") and low in VERB_FORMS:
        return VERBS[VERB_FORMS[low]]
    if pos in ("NOUN", "PROPN") and low in NOUN_FORMS:
        return NOUNS[NOUN_FORMS[low]]
    return None
