"""Where a command writes: the same checks and the same Chinese messages for every --out."""

from __future__ import annotations

from pathlib import Path

from station_app.errors import InputError
from station_app.output_guard import check_output_file, check_output_folder


def out_file(text: str, suffixes: tuple[str, ...] = (".pdf",)) -> Path:
    """A file to write: not a folder, in a folder that exists, named for what is written."""
    path = check_output_file(Path(text).expanduser())
    if path.is_dir():
        inside = path / f"文件名{suffixes[0]}"
        raise InputError(f"“{path}”是一个文件夹，请在 --out 中给出文件名，如 {inside}。")
    example = f"{path.stem or '文件名'}{suffixes[0]}"  # the name typed, with the right ending
    if not path.parent.is_dir():
        raise InputError(f"保存位置“{path.parent}”不存在，请先建好文件夹或换一个位置。")
    if path.suffix.lower() not in suffixes:  # a PDF named .txt would not open in the program it names
        if suffixes == (".pdf",):
            raise InputError(
                f"“{path.name}”不是 PDF 文件名：这个命令生成 PDF 文件，请用 .pdf 结尾，如 {example}。"
            )
        kinds = " 或 ".join(suffixes)
        raise InputError(f"“{path.name}”的文件名应以 {kinds} 结尾（这个命令生成这种文件），如 {example}。")
    return path


def out_folder(text: str) -> Path:
    """A folder to write into: made when missing, but only inside a folder that exists (a mistyped
    path does not make a tree of folders somewhere)."""
    folder = Path(text).expanduser()
    if folder.exists() and not folder.is_dir():
        raise InputError(f"“{folder}”不是文件夹，请在 --out 中给出导出的文件夹。")
    if not folder.exists() and not folder.absolute().parent.is_dir():
        raise InputError(f"保存位置“{folder.absolute().parent}”不存在，请先建好文件夹或换一个位置。")
    check_output_folder(folder)
    return folder
