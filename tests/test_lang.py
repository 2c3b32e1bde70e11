"""Language data: lists read once, a user folder overrides them, and names found for pruning."""

from __future__ import annotations

from rashomon import lang


def test_lists_and_tables_load():
    assert "say" in lang.words("quotes_cues")
    assert lang.table("numbers")["units"]["seven"] == 7
    assert "accuse" in lang.words("accuse_verbs")


def test_a_user_folder_overrides_a_list(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "accuse_verbs.txt").write_text("# mine\nreproach\n")
    monkeypatch.setenv(lang.OVERRIDE_ENV, str(tmp_path))
    lang.words.cache_clear()
    lang.word_list.cache_clear()
    try:
        assert lang.words("accuse_verbs") == frozenset({"reproach"})
        assert lang.fingerprint() != ""
    finally:
        monkeypatch.delenv(lang.OVERRIDE_ENV)
        lang.words.cache_clear()
        lang.word_list.cache_clear()
    assert "accuse" in lang.words("accuse_verbs")


def test_names_are_the_words_only_ever_capitalised():
    names = lang.capitalised_only(["Jana Orlov said the Army would march. The army marched."])
    assert names == frozenset({"jana", "orlov"})
    assert lang.names_in_feature("first_word=jana", names)
    assert lang.names_in_feature("prev|lemma=x|orlov", names)
    assert not lang.names_in_feature("pos=VERB", names)
    assert not lang.names_in_feature("bias", names)
