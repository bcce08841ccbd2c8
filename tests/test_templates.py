from datetime import date

from tracker.intake import ingest, uploads

from .conftest import ROOT

TEMPLATE = ROOT / "data" / "templates" / "进度填报模板.csv"


def test_the_template_in_the_readme_is_the_one_the_upload_page_offers():
    assert TEMPLATE.read_bytes() == uploads.template_csv()


def test_the_template_is_refused_with_its_example_row_named(store):
    upload = ingest.prepare(store, TEMPLATE.read_bytes(), TEMPLATE.name, today=date(2026, 1, 1))
    assert upload.problems[["row", "column"]].values.tolist() == [[2, "C列「任务名称」"]]
    assert "示例行" in upload.problems["message"].iloc[0]
