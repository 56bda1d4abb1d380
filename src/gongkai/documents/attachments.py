"""Attachment checks (type by content, size) and metadata stripping before publication.

Stripped: DOCX/XLSX core and app properties (author, company, last editor, dates), JPEG EXIF/XMP
(APP1) and comments, PNG text and EXIF chunks, PDF document information (Info dictionary: author,
creator, producer, dates) and XMP metadata stream (rewritten with pypdf).
"""

from __future__ import annotations

import io
import logging
import struct
import zipfile
from dataclasses import dataclass

from gongkai.core.archives import copy_entry, open_zip
from gongkai.core.errors import ValidationFailed

logger = logging.getLogger(__name__)
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

ALLOWED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}

# Pictures a page may show inline (the review page, a published document's figure): raster
# formats only; SVG could carry script and is not accepted at all.
IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})

_CORE_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    stripped: bool


def extension(name: str) -> str:
    """A file name's extension, lower case ("" without one)."""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


MAX_NAME_CHARS = 200  # Attachment.name, CaseFile.name


def safe_file_name(name: str, limit: int = MAX_NAME_CHARS) -> str:
    """A file name as kept and offered for download: no path separators or control characters,
    at most ``limit`` characters, and a long name keeps its real extension (the stem is cut,
    never the ".pdf")."""
    clean = "".join("_" if c in "/\\" or ord(c) < 32 or c == "\x7f" else c for c in name).strip()
    if len(clean) <= limit:
        return clean
    ext = extension(clean)
    suffix = clean[-len(ext) - 1 :] if ext and len(ext) < 16 else ""
    stem = clean[: len(clean) - len(suffix)] if suffix else clean
    return stem[: limit - len(suffix)].rstrip() + suffix


def _sniff(ext: str, data: bytes) -> bool:
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext in ("docx", "xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
        return ("word/document.xml" if ext == "docx" else "xl/workbook.xml") in names
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    return False


def _strip_ooxml(name: str, data: bytes) -> bytes:
    """The package rewritten without its properties, entry by entry in chunks, under the caps
    of core.archives (a small file cannot unpack into hundreds of MB here)."""
    src = open_zip(data, name=name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith("docProps/custom"):
                continue
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "docProps/core.xml":
                dst.writestr(zi, _CORE_XML.encode())
            elif info.filename == "docProps/app.xml":
                dst.writestr(zi, _APP_XML.encode())
            else:
                with dst.open(zi, "w") as target:
                    copy_entry(src, info, target, name=name)
    return out.getvalue()


def _strip_jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            break
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            return bytes(out)
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        segment = data[i : i + 2 + length]
        if not (marker == 0xE1 or marker == 0xFE or 0xE2 <= marker <= 0xEF):
            out += segment  # keep everything but APP1 (EXIF/XMP), APP2-15 and comments
        i += 2 + length
    out += data[i:]
    return bytes(out)


def _strip_png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    i = 8
    drop = {b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"tIME"}
    while i + 8 <= len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        ctype = data[i + 4 : i + 8]
        chunk = data[i : i + 12 + length]
        if ctype not in drop:
            out += chunk
        i += 12 + length
    return bytes(out)


def _strip_pdf(name: str, data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationFailed([f"附件“{name}”是加密的 PDF：请上传未加密的文件，便于公众查阅"])
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, KeyError) as exc:
        # the reader's own words are English and mean nothing to the person uploading
        logger.info("unreadable PDF %r: %s", name, exc)
        raise ValidationFailed(
            [f"附件“{name}”无法读取，PDF 文件可能已损坏：请重新导出或扫描后再上传"]
        ) from exc
    writer.metadata = None  # the Info dictionary: author, creator, producer, dates
    root = writer._root_object  # the XMP stream hangs off the catalogue
    if "/Metadata" in root:
        del root["/Metadata"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def check_and_strip(name: str, data: bytes) -> CheckedFile:
    ext = extension(name)
    if ext not in ALLOWED:
        raise ValidationFailed([f"附件“{name}”的类型不支持：只接受 PDF、DOCX、XLSX、JPG、PNG 文件"])
    if len(data) == 0:
        raise ValidationFailed([f"附件“{name}”是空文件"])
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(
            [f"附件“{name}”超过 {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB：请压缩或拆分后上传"]
        )
    if not _sniff(ext, data):
        raise ValidationFailed(
            [f"附件“{name}”的内容与扩展名 .{ext} 不符：请上传真实的 {ext.upper()} 文件"]
        )
    stripped = True
    if ext in ("docx", "xlsx"):
        data = _strip_ooxml(name, data)
    elif ext in ("jpg", "jpeg"):
        data = _strip_jpeg(data)
    elif ext == "png":
        data = _strip_png(data)
    elif ext == "pdf":
        data = _strip_pdf(name, data)
    else:
        stripped = False
    return CheckedFile(
        name=safe_file_name(name), content_type=ALLOWED[ext], data=data, stripped=stripped
    )
