"""Reading the text of an uploaded file with pure-Python readers: PDF (pypdf), DOCX (python-docx), ODT (odfpy),
XLSX (openpyxl). Images have no text to read. A file that cannot be read is reported so, never raised: uploads
come from outside, and a broken or hostile file must not stop the worker.
"""

import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

from .models import FileStatus

logger = logging.getLogger(__name__)

# A DOCX, ODT or XLSX file is a ZIP archive: one that unpacks to more than this is refused (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


@dataclass
class Extraction:
    status: str
    text: str = ""
    detail: str = ""


class _Collector:
    """Gathers text up to the configured limit and then stops the reader early."""

    class Full(Exception):
        pass

    def __init__(self, limit):
        self.parts, self.size, self.limit = [], 0, limit

    def add(self, text):
        if not text:
            return
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.limit:
            raise self.Full

    @property
    def text(self):
        return "\n".join(self.parts)[: self.limit]


def _pdf(handle, collect):
    from pypdf import PdfReader

    reader = PdfReader(handle)
    if reader.is_encrypted:
        reader.decrypt("")
    for page in reader.pages:
        collect.add(page.extract_text() or "")


def _check_archive(handle):
    with zipfile.ZipFile(handle) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ValueError("the archive unpacks to more than 200 MB")
    handle.seek(0)


def _docx(handle, collect):
    import docx

    _check_archive(handle)
    document = docx.Document(handle)
    for paragraph in document.paragraphs:
        collect.add(paragraph.text)
    for table in document.tables:
        for row in table.rows:
            collect.add("\t".join(cell.text for cell in row.cells))


def _odt(handle, collect):
    from odf import teletype, text
    from odf.opendocument import load

    _check_archive(handle)
    document = load(handle)
    for element in document.getElementsByType(text.H) + document.getElementsByType(text.P):
        collect.add(teletype.extractText(element))


def _xlsx(handle, collect):
    from openpyxl import load_workbook

    _check_archive(handle)
    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            collect.add(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                collect.add("\t".join(str(value) for value in row if value is not None))
    finally:
        workbook.close()


READERS = {".pdf": _pdf, ".docx": _docx, ".odt": _odt, ".xlsx": _xlsx}


def read_text(file):
    """The text of a Django File (a FileField's value), as an Extraction."""
    extension = PurePosixPath(file.name or "").suffix.lower()
    reader = READERS.get(extension)
    if reader is None:
        return Extraction(FileStatus.UNSUPPORTED, detail=f"no text reader for {extension or 'files without a type'}")
    collect = _Collector(settings.SEARCH_FILE_TEXT_MAX_CHARS)
    try:
        with file.open("rb") as handle:
            reader(handle, collect)
    except _Collector.Full:
        pass
    except FileNotFoundError:
        return Extraction(FileStatus.UNREADABLE, detail="the file is missing from storage")
    except Exception as exc:  # noqa: BLE001 - a reader may fail in any way on a damaged or hostile file
        logger.info("could not read %s: %r", file.name, exc)
        return Extraction(FileStatus.UNREADABLE, detail=f"{type(exc).__name__}: {exc}"[:300])
    text = collect.text.replace("\x00", " ").strip()
    if not text:
        return Extraction(FileStatus.EMPTY, detail="the file has no text layer")
    return Extraction(FileStatus.EXTRACTED, text=text)
