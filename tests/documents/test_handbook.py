"""The handbook: every picture it names is shipped, and the printable PDF holds its text and pictures."""

from __future__ import annotations

from station_app.documents.handbook import handbook_pdf
from station_app.services.handbook import handbook_dir, load_handbook, parse, to_html

from .pdfcheck import page_texts, reader, squash

SECTIONS = ["一、第一次使用：初始设置", "二、日常工作", "三、打印", "四、用U盘报送数据", "五、备份与恢复"]


def test_the_handbook_covers_what_a_clerk_needs_and_ships_its_pictures() -> None:
    blocks = load_handbook()
    sections = [b.text for b in blocks if b.kind == "section"]
    for wanted in SECTIONS:
        assert any(s.startswith(wanted) for s in sections), wanted
    pictures = [b.file for b in blocks if b.kind == "picture"]
    assert len(pictures) >= 4
    for name in pictures:
        path = handbook_dir() / name
        assert path.is_file() and path.stat().st_size < 150_000, name  # kept small


def test_parse_and_html() -> None:
    blocks = parse("# 题\n\n## 节\n第一行\n接着写\n\n- 项\n![图注](a.png)\n")
    assert [(b.kind, b.text, b.file) for b in blocks] == [
        ("title", "题", ""),
        ("section", "节", ""),
        ("text", "第一行接着写", ""),
        ("item", "项", ""),
        ("picture", "图注", "a.png"),
    ]
    html = to_html(blocks)
    assert "<ul>\n<li>项</li>\n</ul>" in html and 'src="a.png"' in html


def test_the_pdf_has_the_text_and_the_pictures() -> None:
    pdf = handbook_pdf()
    text = squash("".join(page_texts(pdf)))
    for wanted in ["使用说明", *SECTIONS, "已安全写入，可以拔出U盘"]:
        assert squash(wanted) in text, wanted
    images = sum(len(page.images) for page in reader(pdf).pages)
    assert images == len([b for b in load_handbook() if b.kind == "picture"])
