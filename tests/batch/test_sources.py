"""Reading batch inputs: JSONL lines, CSV rows, directories; lazily, with line numbers."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from offboard_policy.batch import sources
from offboard_policy.batch.sources import is_batch_input, iter_cases, total_bytes


def test_jsonl_lines_keep_their_numbers_and_skip_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\n\n  \n{"b": 2}\r\n{"c": 3}')
    items = list(iter_cases([path]))
    assert [(i.ref, i.kind, i.payload) for i in items] == [
        (f"{path}:1", "json", '{"a": 1}\n'),
        (f"{path}:4", "json", '{"b": 2}\r\n'),
        (f"{path}:5", "json", '{"c": 3}'),
    ]
    assert items[-1].end == path.stat().st_size == total_bytes([path])


def test_refs_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "c.jsonl").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert next(iter_cases([tmp_path / "c.jsonl"])).ref == "c.jsonl:1"


def test_a_line_that_is_not_utf8_is_an_error_item(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": "\xff"}\n{"c": 3}\n')
    items = list(iter_cases([path]))
    assert [i.kind for i in items] == ["json", "error", "json"]
    assert isinstance(items[1].payload, list)
    diag = items[1].payload[0]
    assert (diag.code, diag.line, diag.file) == ("OP506", 2, str(path))
    assert "not UTF-8" in diag.message


def test_an_overlong_line_is_skipped_without_being_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_LINE_BYTES", 100)
    path = tmp_path / "c.jsonl"
    path.write_text('{"a": 1}\n' + "x" * 1000 + "\n{}\n", encoding="utf-8")
    items = list(iter_cases([path]))
    assert [i.kind for i in items] == ["json", "error", "json"]
    assert items[2].ref.endswith(":3")
    assert "longer than 100 bytes" in items[1].payload[0].message  # type: ignore[index]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_reading_is_lazy(tmp_path: Path) -> None:
    """The first case comes out while the input is still being written (a FIFO): the writer
    writes the second line only after the reader has the first one."""
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    first_read = threading.Event()
    second_written = threading.Event()

    def writer() -> None:
        with fifo.open("w", encoding="utf-8") as fh:
            fh.write('{"n": 1}\n')
            fh.flush()
            first_read.wait(timeout=60)  # a reader that is not lazy waits here for a minute
            fh.write('{"n": 2}\n')
            second_written.set()

    thread = threading.Thread(target=writer)
    thread.start()
    items = iter_cases([fifo])
    first = next(items)
    written_before_first = second_written.is_set()
    first_read.set()
    rest = list(items)
    thread.join()
    assert first.payload == '{"n": 1}\n' and not written_before_first
    assert [i.payload for i in rest] == ['{"n": 2}\n']


def test_a_directory_gives_its_case_files_sorted(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.json", "c.yml", "notes.txt", "d.YAML"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "sub.yaml").mkdir()
    items = list(iter_cases([tmp_path]))
    assert [Path(i.ref).name for i in items] == ["a.json", "b.yaml", "c.yml", "d.YAML"]
    assert {i.kind for i in items} == {"file"}
    assert items[-1].end == total_bytes([tmp_path])


def test_inputs_follow_each_other_in_order(tmp_path: Path) -> None:
    (tmp_path / "one.jsonl").write_text("{}\n{}\n", encoding="utf-8")
    (tmp_path / "case.yaml").write_text("x: 1\n", encoding="utf-8")
    items = list(iter_cases([tmp_path / "one.jsonl", tmp_path / "case.yaml"]))
    assert [i.kind for i in items] == ["json", "json", "file"]
    assert [i.end for i in items] == [3, 6, 11]


def test_csv_rows_with_line_numbers_of_their_first_line(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes('\ufeffcase_id,employee.name\r\nA,"two\r\nlines"\r\n,\r\nB,李\r\n'
                     .encode())
    items = list(iter_cases([path]))
    assert [(i.ref.rsplit(":", 1)[1], i.payload) for i in items] == [
        ("2", ["A", "two\r\nlines"]), ("5", ["B", "李"])]
    assert items[0].columns is not None
    assert [c.name for c in items[0].columns.items] == ["case_id", "employee.name"]


def test_a_csv_with_a_bad_header_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("case_id,employee..name,case_id\nA,b,c\n", encoding="utf-8")
    (item,) = list(iter_cases([path]))
    assert item.kind == "error" and item.ref.endswith(":1")
    messages = [d.message for d in item.payload]  # type: ignore[attr-defined]
    assert "'employee..name' is not a field path" in messages[0]
    assert "repeats column 'case_id'" in messages[1]


def test_a_csv_row_that_is_not_utf8_is_an_error_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"case_id\nA\n" + "张三\n".encode("gb18030") + b"C\n")
    items = list(iter_cases([path]))
    assert [i.kind for i in items] == ["csv", "error", "csv"]
    assert "UTF-8" in items[1].payload[0].message  # type: ignore[index]
    assert items[1].ref.endswith(":3")


def test_an_unreadable_input_is_an_error_item(tmp_path: Path) -> None:
    path = tmp_path / "gone.jsonl"
    (item,) = list(iter_cases([path]))
    assert item.kind == "error" and item.payload[0].code == "OP507"  # type: ignore[index]


def test_batch_inputs_are_recognised(tmp_path: Path) -> None:
    assert is_batch_input(tmp_path)
    assert is_batch_input(Path("x.jsonl")) and is_batch_input(Path("X.CSV"))
    assert not is_batch_input(Path("x.yaml")) and not is_batch_input(Path("x.json"))
