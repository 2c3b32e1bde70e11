"""The web app: report and JSON API over a store."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from rashomon.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(analysed_corpus):
    return TestClient(create_app(str(analysed_corpus)))


def test_report_page(client):
    response = client.get("/")
    assert response.status_code == 200 and "<!DOCTYPE html>" in response.text


def test_documents_and_items(client):
    docs = client.get("/api/documents").json()
    assert len(docs) == 10 and "text" not in docs[0]
    one = client.get(f"/api/documents/{docs[0]['id']}").json()
    for mention in one["items"]["mentions"]:
        assert one["text"][mention["start"] : mention["end"]] == mention["text"]
    mentions = client.get("/api/items/mentions", params={"doc": docs[0]["id"]}).json()
    assert mentions and all(m["doc"] == docs[0]["id"] for m in mentions)


def test_unknown_things_are_404(client):
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/items/nope").status_code == 404
