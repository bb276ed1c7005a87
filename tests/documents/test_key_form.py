"""The key registration form: its title, room for the date, and a key that reads unambiguously."""

from __future__ import annotations

from datetime import datetime

from station_app.documents import build_key_registration
from station_app.documents.data import KeyRegistrationData

from .pdfcheck import page_chars, reader


def _data() -> KeyRegistrationData:
    return KeyRegistrationData(
        "乐山市峨眉山市绥山镇政协工作联络站",
        "511181100",
        "峨眉山市",
        "0O12cd34ef56" * 4,
        "age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs7u9n3c",
        datetime(2026, 1, 10, 9, 5),
        "周海燕",
        "孙春梅",
    )


def test_title_names_the_station_once() -> None:
    meta = reader(build_key_registration(_data())).metadata
    assert meta is not None and meta.title == "乐山市峨眉山市绥山镇政协工作联络站密钥登记表"


def test_key_and_fingerprint_print_in_a_face_with_a_dotted_zero() -> None:
    chars = [c for _w, _h, page in page_chars(build_key_registration(_data())) for c in page]
    letters = [c for c in chars if c["text"] == "O"]  # only in the fingerprint
    rows = {round(c["top"]) for c in letters}
    digits = [c for c in chars if c["text"] == "0" and round(c["top"]) in rows]
    assert letters and digits
    assert {c["fontname"].split("+")[1] for c in letters + digits} == {"DejaVuSansMono"}


def test_the_checking_date_leaves_room_to_write() -> None:
    chars = [c for _w, _h, page in page_chars(build_key_registration(_data())) for c in page]
    row = sorted((c for c in chars if c["text"] in "年月日期"), key=lambda c: (round(c["top"]), c["x0"]))
    label = next(c for c in row if c["text"] == "期" and c["x0"] < 200)  # 「核验日期」
    year, month, day = (
        next(c for c in row if c["text"] == t and abs(c["top"] - label["top"]) < 3 and c["x0"] > 200)
        for t in "年月日"
    )
    assert year["x0"] - label["x1"] > 40 * 72 / 25.4  # room for the year by hand
    assert month["x0"] - year["x1"] >= 2.5 * 12 and day["x0"] - month["x1"] >= 2.5 * 12
    assert year["bottom"] - year["top"] < 20 and label["top"] > 0
