"""Every reader is bounded: bombs are refused by a named limit before they expand (issue 14, 6 and 7).

The files are real and small; where a limit would need a big file to reach, the test lowers
the limit through its environment variable, which is also what the error tells users to use.
"""

from __future__ import annotations

import json
import zipfile

import pytest

PROFILE = "language: en\nbusiness: {name: Tidy, description: Office cleaning, industry: services}\n"


def test_xlsx_with_a_far_corner_cell_is_refused_before_reading(tmp_path, xlsx, row, cli, refused):
    """One cell at A1 and one at XFD1048576: 17 billion cells once a reader fills the rectangle."""
    path = xlsx(tmp_path / "corner.xlsx", [row(1, "Metric"), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'])
    assert path.stat().st_size < 2000
    line = refused(cli("audit", path.name))
    assert "rows" in line and "METRICSMITH_MAX_" in line


def test_xlsx_with_many_rows_is_refused_by_the_row_limit(tmp_path, xlsx, row, cli, refused):
    rows = [row(1, "Metric", "Owner")] + [row(r, f"Deals closed {r}", "Ana") for r in range(2, 1503)]
    path = xlsx(tmp_path / "many.xlsx", rows)
    line = refused(cli("audit", path.name, env={"METRICSMITH_MAX_ROWS": "1000"}))
    assert "more than 1,000 rows (limit: rows = 1,000)" in line and "METRICSMITH_MAX_ROWS=10000" in line
    assert cli("audit", path.name, "--fail-on", "never", env={"METRICSMITH_MAX_ROWS": "2000"}).returncode == 0


def test_xlsx_rows_without_row_numbers_are_counted_too(tmp_path, xlsx, cli, refused):
    rows = [b"<row><c t=\"inlineStr\"><is><t>Metric</t></is></c></row>"] + [b"<row><c><v>1</v></c></row>"] * 1500
    line = refused(cli("audit", xlsx(tmp_path / "bare.xlsx", rows).name, env={"METRICSMITH_MAX_ROWS": "1000"}))
    assert "limit: rows" in line


def test_xlsx_that_expands_past_the_unzipped_limit_is_refused(tmp_path, xlsx, row, cli, refused):
    big = "x" * 2_000_000  # one cell of 2 MB deflates to a few KB
    path = xlsx(tmp_path / "wide.xlsx", [row(1, "Metric"), row(2, big)])
    line = refused(cli("audit", path.name, env={"METRICSMITH_MAX_UNZIPPED_BYTES": "1000000"}))
    assert "limit: unzipped_bytes" in line


def test_a_corrupted_workbook_archive_is_refused(tmp_path, xlsx, row, cli, refused):
    path = xlsx(tmp_path / "kpi.xlsx", [row(1, "Metric"), row(2, "Deals closed"), row(3, "NPS")])
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    name_len, extra_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little"), \
        int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len + 4  # inside the deflated sheet
    for i in range(start, start + 8):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    line = refused(cli("audit", path.name))
    assert "kpi.xlsx" in line


def test_ods_with_repeated_rows_is_refused(tmp_path, cli, refused):
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="KPI"><table:table-row table:number-rows-repeated="1000000">'
               '<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1">'
               '<text:p>1</text:p></table:table-cell></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    line = refused(cli("audit", path.name))
    assert "limit: rows" in line or "limit: cells" in line


def test_compute_refuses_an_xlsx_bomb_as_data(tmp_path, xlsx, row, cli, refused):
    from metricsmith.io.project_file import save_project
    from metricsmith.models.metric import Metric
    from metricsmith.models.project import Project

    save_project(Project(metrics=[Metric(id="aov", name="AOV", catalog_id="average_order_value")]), tmp_path / "p.json")
    path = xlsx(tmp_path / "orders.xlsx", [row(1, "order_id", "amount"),
                                           b'<row r="900000"><c r="XFD900000"><v>1</v></c></row>'])
    line = refused(cli("compute", "p.json", "--data", path.name))
    assert "limit: cells" in line and "METRICSMITH_MAX_CELLS" in line


def test_csv_table_stops_at_the_row_limit_naming_the_line(tmp_path, cli, refused):
    path = tmp_path / "kpis.csv"
    path.write_text("Metric\n" + "".join(f"Deals closed {n}\n" for n in range(60)), encoding="utf-8")
    line = refused(cli("audit", path.name, env={"METRICSMITH_MAX_ROWS": "50"}))
    assert "kpis.csv:52" in line and "limit: rows = 50" in line


def test_a_file_over_the_byte_limit_is_refused_before_reading(tmp_path, cli, refused):
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE + "# padding\n" * 200, encoding="utf-8")
    line = refused(cli("propose", path.name, env={"METRICSMITH_MAX_BYTES": "500"}))
    assert "limit: bytes" in line


def test_a_bad_limit_variable_is_named(tmp_path, cli, refused):
    (tmp_path / "k.csv").write_text("Metric\nNPS\n", encoding="utf-8")
    assert "METRICSMITH_MAX_ROWS" in refused(cli("audit", "k.csv", env={"METRICSMITH_MAX_ROWS": "lots"}))


ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 12))


def test_yaml_alias_bomb_in_a_profile_is_refused(tmp_path, cli, refused):
    (tmp_path / "bomb.yaml").write_text(PROFILE + "notes:\n" + "".join("  " + line + "\n"
                                                                        for line in ALIAS_BOMB.splitlines()),
                                        encoding="utf-8")
    line = refused(cli("propose", "bomb.yaml"))
    assert "limit: yaml_values" in line and "bomb.yaml" in line


def test_yaml_alias_loop_is_refused(tmp_path, cli, refused):
    (tmp_path / "loop.yaml").write_text(PROFILE + "goals: &g [*g]\n", encoding="utf-8")
    assert "refers to itself" in refused(cli("propose", "loop.yaml"))


@pytest.mark.parametrize("name", ["kpis.yaml", "map.yaml"])
def test_yaml_alias_bomb_in_tables_and_mapping_files_is_refused(tmp_path, cli, refused, name):
    (tmp_path / name).write_text(ALIAS_BOMB + "metrics: [Deals closed]\n", encoding="utf-8")
    if name == "kpis.yaml":
        result = cli("audit", name)
    else:
        from metricsmith.io.project_file import save_project
        from metricsmith.models.project import Project

        save_project(Project(), tmp_path / "p.json")
        (tmp_path / "o.csv").write_text("order_id,amount\n1,2\n", encoding="utf-8")
        result = cli("compute", "p.json", "--data", "o.csv", "--map-file", name)
    assert "limit: yaml_values" in refused(result)


def _nested(depth: int) -> str:
    return '{"schema_version": 1, "metrics": [], "profile": {"goals": ' + "[" * depth + "]" * depth + "}}"


@pytest.mark.parametrize("command", [["export", "deep.json", "-f", "md", "-o", "out.md"], ["audit", "deep.json"]])
def test_deeply_nested_project_json_is_refused_not_a_recursion_error(tmp_path, cli, refused, command):
    (tmp_path / "deep.json").write_text(_nested(100_000), encoding="utf-8")
    line = refused(cli(*command))
    assert "nested deeper than" in line and "limit: depth" in line


def test_depth_within_python_but_over_the_limit_is_refused_too(tmp_path, cli, refused):
    (tmp_path / "deep.json").write_text(_nested(150), encoding="utf-8")
    assert "limit: depth = 100" in refused(cli("audit", "deep.json"))


def test_a_device_is_not_read_as_a_profile(cli, refused):
    assert "not a regular file" in refused(cli("propose", "/dev/zero", "-o", "x.json"))


def test_limits_are_read_from_the_environment(monkeypatch):
    from metricsmith.limits import current

    monkeypatch.setenv("METRICSMITH_MAX_ROWS", "1_000")
    monkeypatch.setenv("METRICSMITH_MAX_SECONDS", "2.5")
    limits = current()
    assert limits.rows == 1000 and limits.seconds == 2.5 and limits.depth == 100


def test_the_json_reader_counts_depth_iteratively():
    from metricsmith.errors import InputTableError
    from metricsmith.io.user_json import load_user_json

    assert load_user_json(json.dumps({"a": [[1]]}), "x.json", InputTableError) == {"a": [[1]]}
    with pytest.raises(InputTableError, match="limit: depth = 100"):
        load_user_json("[" * 101 + "]" * 101, "x.json", InputTableError)


def test_reading_a_table_is_bounded_in_time(tmp_path, cli, refused):
    """A limit of a microsecond is certainly over after 16,384 rows: the check itself is what is tested."""
    path = tmp_path / "kpis.csv"
    path.write_text("Metric\n" + "".join(f"Deals closed {n}\n" for n in range(20_000)), encoding="utf-8")
    line = refused(cli("audit", path.name, env={"METRICSMITH_MAX_SECONDS": "0.000001"}))
    assert "limit: seconds" in line and "METRICSMITH_MAX_SECONDS" in line


def test_a_libreoffice_style_ods_with_repeated_empty_cells_is_read(tmp_path, cli):
    """LibreOffice writes the empty rest of a sheet as repeats; only cells with values count."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

    def cell(value: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    rows = "".join(f'<table:table-row>{cell(a)}{cell(b)}<table:table-cell table:number-columns-repeated="1022"/>'
                   "</table:table-row>" for a, b in [("Metric", "Owner"), ("Deals closed", "Ana"), ("NPS", "Ben")])
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="KPI">'
               f'<table:table-column table:number-columns-repeated="1024"/>{rows}'
               '<table:table-row table:number-rows-repeated="1048573">'
               '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    path = tmp_path / "kpis.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                         '<manifest:file-entry manifest:full-path="/" '
                         'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                         '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                         "</manifest:manifest>")
        archive.writestr("content.xml", content)
    result = cli("audit", path.name, "--format", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert [m["metric"] for m in json.loads(result.stdout)["metrics"]] == ["Deals closed", "NPS"]
