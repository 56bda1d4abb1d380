"""Size caps for every archive the platform opens (DOCX, XLSX: ZIP files; issue 13 finding 5).

A 306 KB .docx can hold a 300 MB entry (a "zip bomb"). Before any ZIP is read, its directory is
checked: at most MAX_ENTRIES entries, none over MAX_ENTRY_BYTES unpacked, all together at most
MAX_TOTAL_BYTES. Python's zipfile never returns more than an entry's declared size (a longer
stream fails its CRC check), and entries are read here in chunks against the same caps, so
neither memory nor disk can be filled by a small upload. A refusal is a ValidationFailed in
Chinese naming the file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO

from gongkai.core.errors import ValidationFailed

MAX_ENTRIES = 10_000
MAX_ENTRY_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024


def open_zip(data: bytes, *, name: str) -> zipfile.ZipFile:
    """The archive, after its directory passed the caps; ValidationFailed otherwise."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationFailed(
            [f"文件“{name}”已损坏或不是有效的 Office 文件（无法按 ZIP 格式读取）：请重新保存后再试"]
        ) from exc
    mb = 1024 * 1024
    if len(infos) > MAX_ENTRIES:
        raise ValidationFailed([f"文件“{name}”包含的部件过多（超过 {MAX_ENTRIES} 个）"])
    for info in infos:
        if info.file_size > MAX_ENTRY_BYTES:
            raise ValidationFailed(
                [
                    f"文件“{name}”中的部件“{info.filename[:80]}”解压后超过 "
                    f"{MAX_ENTRY_BYTES // mb} MB：文件可能被恶意构造，请检查后重新保存"
                ]
            )
    if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
        raise ValidationFailed(
            [f"文件“{name}”解压后超过 {MAX_TOTAL_BYTES // mb} MB：请拆分或压缩图片后再上传"]
        )
    return zf


def iter_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, name: str) -> Iterator[bytes]:
    """An entry's content in chunks, refused past its cap whatever its header says."""
    total = 0
    try:
        with zf.open(info) as src:
            while chunk := src.read(CHUNK):
                total += len(chunk)
                if total > MAX_ENTRY_BYTES:
                    raise ValidationFailed([f"文件“{name}”中的部件解压后过大"])
                yield chunk
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise ValidationFailed([f"文件“{name}”已损坏：部件“{info.filename[:80]}”无法读取"]) from exc


def copy_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dst: IO[bytes], *, name: str) -> None:
    for chunk in iter_entry(zf, info, name=name):
        dst.write(chunk)
