"""The language server, driven by a real LSP client (pytest-lsp) against the real binary.

Run by `cargo test --test lsp`, which sets VENDORLINT_BIN to the binary the test build made.
"""

import asyncio
import os
import pathlib
import sys
import time

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ["VENDORLINT_BIN"]
NORDLYS = (ROOT / "fixtures/vendors/nordlys-cloud.yaml").read_text(encoding="utf-8")


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[BIN, "lsp", "--today", "2026-11-25"]),
)
async def client(lsp_client: LanguageClient, tmp_path_factory):
    # The server's InitializeResult, as the client parsed it (pytest-lsp returns it here).
    lsp_client.server_result = await lsp_client.initialize_session(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(
                general=lsp.GeneralClientCapabilities(
                    position_encodings=[lsp.PositionEncodingKind.Utf16]
                )
            ),
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_the_client_sees_the_advertised_capabilities(client: LanguageClient):
    result: lsp.InitializeResult = client.server_result
    caps = result.capabilities
    assert caps.position_encoding == lsp.PositionEncodingKind.Utf16, caps
    sync = caps.text_document_sync
    assert isinstance(sync, lsp.TextDocumentSyncOptions), sync
    assert sync.open_close is True
    assert sync.change == lsp.TextDocumentSyncKind.Full
    assert isinstance(sync.save, lsp.SaveOptions) and sync.save.include_text is True, sync
    assert caps.hover_provider is True
    assert caps.completion_provider is not None
    assert ":" in (caps.completion_provider.trigger_characters or [])
    assert result.server_info is not None and result.server_info.name == "vendorlint"


async def open_doc(client: LanguageClient, path: pathlib.Path, text: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def utf16_col(line: str, char_index: int) -> int:
    return len(line[:char_index].encode("utf-16-le")) // 2


@pytest.mark.asyncio
async def test_diagnostics_on_open_change_and_save_with_utf16_columns(client: LanguageClient, tmp_path):
    # A Danish line before the typo: "ø" and "å" are one UTF-16 unit each, "𝔸" two.
    text = NORDLYS.replace('\n  country: "DK"', '\n  contry: "DK"', 1).replace(
        "\nvendor:\n", "\nvendor:\n  # Leverandør: å 𝔸 drift\n", 1
    )
    uri = await open_doc(client, tmp_path / "nordlys.yaml", text)
    diags = client.diagnostics[uri]
    typo = [d for d in diags if d.code == "SCHEMA-002"]
    assert len(typo) == 1, diags
    d = typo[0]
    lines = text.split("\n")
    line_no = next(i for i, l in enumerate(lines) if l.startswith("  contry:"))
    assert d.range.start.line == line_no
    assert d.range.start.character == 2
    assert d.range.end.character == 8
    assert d.severity == lsp.DiagnosticSeverity.Error
    assert d.source == "vendorlint"
    assert "did you mean `country`?" in d.message
    assert d.code_description is not None and d.code_description.href.endswith("#schema-002")

    # A finding on a line with non-BMP text: its columns are UTF-16 units.
    changed = text.replace('  website: "https://nordlys-cloud.example"', '  website: "𝔸"\n  webside: "x"', 1)
    assert changed != text
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=changed)],
        )
    )
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = [d.code for d in client.diagnostics[uri]]
    assert codes.count("SCHEMA-002") == 2, codes

    # Saving the fixed text clears the errors.
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), text=NORDLYS))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d for d in client.diagnostics[uri] if d.severity == lsp.DiagnosticSeverity.Error] == []


@pytest.mark.asyncio
async def test_rule_findings_carry_the_question_and_the_config_applies(client: LanguageClient, tmp_path):
    slow = NORDLYS.replace("  incident_notification:\n    max_hours: 24\n", "  incident_notification:\n    max_hours: 36\n", 1)
    assert slow != NORDLYS
    # Default policy: 36 hours are acceptable.
    uri = await open_doc(client, tmp_path / "a" / "v.yaml", slow)
    assert not [d for d in client.diagnostics[uri] if d.code == "INC-002"]
    # The configuration found for the file applies: under nis2, 36 hours are too long.
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "vendorlint.toml").write_text('profile = "nis2"\n', encoding="utf-8")
    uri = await open_doc(client, tmp_path / "b" / "v.yaml", slow)
    inc = [d for d in client.diagnostics[uri] if d.code == "INC-002"]
    assert len(inc) == 1, client.diagnostics[uri]
    related = inc[0].related_information or []
    assert any(r.message.startswith("Ask the vendor:") for r in related), related
    assert any(r.location.uri.endswith("vendorlint.toml") for r in related), related


@pytest.mark.asyncio
async def test_other_yaml_gets_no_diagnostics(client: LanguageClient, tmp_path):
    uri = await open_doc(client, tmp_path / "ci.yml", "on: push\njobs: {}\n")
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_hover_shows_the_schema_description(client: LanguageClient, tmp_path):
    text = "kind: vendor-declaration\nversion: 1\nvendor:\n  name: Økonomi A/S\n  country: DK\n"
    uri = await open_doc(client, tmp_path / "h.yaml", text)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=4, character=4))
    )
    assert hover is not None
    assert "country" in hover.contents.value.lower()
    assert hover.range.start.line == 4


@pytest.mark.asyncio
async def test_completion_offers_properties_and_enum_values(client: LanguageClient, tmp_path):
    text = "kind: vendor-declaration\nversion: 1\nvendor:\n  name: X\n  \ncontrols:\n  backup:\n    responsibility: \n"
    uri = await open_doc(client, tmp_path / "c.yaml", text)
    props = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=4, character=2))
    )
    labels = [i.label for i in props.items]
    assert "country" in labels, labels
    values = await client.text_document_completion_async(
        lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=7, character=20))
    )
    labels = [i.label for i in values.items]
    assert "vendor_addon" in labels and "customer" in labels, labels


def big_declaration(n: int) -> str:
    """The well-run fixture with its first service repeated `n` times (renumbered)."""
    lines = NORDLYS.split("\n")
    start = lines.index("services:") + 1
    end = next(i for i in range(start, len(lines)) if lines[i] and not lines[i].startswith(" "))
    second = next(i for i in range(start + 1, end) if lines[i].startswith("  - id:"))
    service = lines[start:second]
    out = lines[:start]
    for i in range(n):
        out += [l.replace("  - id: compute", f"  - id: compute-{i}", 1) for l in service]
    return "\n".join(out + lines[end:])


@pytest.mark.asyncio
async def test_rapid_changes_to_a_big_document_keep_hover_prompt_and_publish_the_last_text(
    client: LanguageClient, tmp_path
):
    text = NORDLYS.replace('\n  country: "DK"', '\n  contry: "DK"', 1)
    uri = await open_doc(client, tmp_path / "big.yaml", text)
    assert any(d.code == "SCHEMA-002" for d in client.diagnostics[uri])
    versions: list[int] = []

    async def record():
        while True:
            p = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if p.uri == uri:
                versions.append(p.version)
                if p.version == 12:
                    return p

    waiting = asyncio.ensure_future(record())
    big = big_declaration(1000)
    # Ten quick edits of a declaration of 1,000 services (each a full text, as the server asks).
    for v in range(2, 12):
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=v),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=big.replace("Nordlys Cloud ApS", f"Nordlys Cloud ApS {v}", 1))],
            )
        )
    # Long enough for the lint of the last one to be under way (it takes far longer).
    await asyncio.sleep(1.0)
    lines = big.split("\n")
    line_no = next(i for i, l in enumerate(lines) if l.startswith("  country:"))
    started = time.monotonic()
    hover = await asyncio.wait_for(
        client.text_document_hover_async(
            lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=line_no, character=4))
        ),
        timeout=60,
    )
    assert hover is not None and "country" in hover.contents.value.lower()
    assert time.monotonic() - started < 60
    # The last edit: back to a small text with another typo. Its diagnostics, and only
    # those, are published: none for the big texts.
    final = NORDLYS.replace('  website: "https://nordlys-cloud.example"', '  webside: "x"', 1)
    assert final != NORDLYS
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=12),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=final)],
        )
    )
    published = await asyncio.wait_for(waiting, timeout=300)
    assert versions == [12], versions
    typos = [d for d in published.diagnostics if d.code == "SCHEMA-002"]
    assert len(typos) == 1 and "webside" in typos[0].message, published.diagnostics
    final_line = next(i for i, l in enumerate(final.split("\n")) if l.startswith("  webside:"))
    assert typos[0].range.start.line == final_line
