# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write one PDF made of the pages of many PDFs to a file, one source PDF at a time.

    with open(path, "wb") as out:
        bundle = PdfBundleWriter(out)
        for data in sources:            # bytes of each PDF, produced one after the other
            bundle.add(data)
        bundle.add(cover, position=0)   # pages may go in front of the others
        bundle.close()                  # page tree, catalogue, cross-reference table, trailer

Odoo's ``odoo.tools.pdf.merge_pdf`` (and pypdf's ``PdfWriter``) keep every page of every source in memory until the
merged document is written. Here each source is read (with the pypdf/PyPDF2 reader that ``odoo.tools.pdf`` wraps),
the objects its pages use are written to the output at once with new object numbers, and the source is dropped: what
stays in memory is one source at a time, the output offset of each object written (one integer each) and the object
numbers of the pages. The sources' pages keep their content, resources, annotations and size; what belongs to a
source's catalogue (outlines, named destinations, embedded files, forms) is not carried over.

No Odoo model is used: only ``odoo.tools.pdf`` (the PDF library Odoo chose) and the standard library.
"""

from collections import deque
from io import BytesIO

from odoo.tools import pdf

# Page attributes a page may inherit from its parents in the page tree (PDF 1.7, 7.7.3.4): copied onto the page.
INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")

CATALOG_ID = 1
PAGES_ID = 2


class _Renumbered(pdf.IndirectObject):
    """A reference to an object of the bundle (already renumbered): left alone when met again."""


class PdfBundleWriter:
    """Concatenate PDFs into the binary file ``out``, page after page, holding one source at a time."""

    def __init__(self, out):
        self.out = out
        self.offsets = [0, 0, 0]  # by object number; 0 is the free head, 1 and 2 are written by ``close``
        self.page_ids = []
        self.sources = 0
        self._start = out.tell()
        self._write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    @property
    def page_count(self):
        return len(self.page_ids)

    def _write(self, data):
        self.out.write(data)

    def _tell(self):
        return self.out.tell() - self._start

    def add(self, data, position=None):
        """Add every page of the PDF ``data`` (bytes or a binary file object); return its number of pages.

        The pages go to the end of the bundle, or before the page at index ``position`` (0: in front of every page
        added so far, e.g. a cover sheet made last).

        :raises ValueError: ``data`` is not a readable PDF (the message says why)
        """
        stream = BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
        try:
            reader = pdf.PdfFileReader(stream, strict=False)
            pages = list(self._iter_pages(reader.trailer["/Root"]["/Pages"], {}))
        except (pdf.PdfReadError, KeyError, TypeError, ValueError) as err:
            raise ValueError(f"not a readable PDF ({err})") from err
        if not pages:
            raise ValueError("a PDF without pages")
        numbers = {}  # the source's (object number, generation) -> our object number
        for ref, _page, _inherited in pages:
            numbers[ref] = self._new_id()
        queue = deque()

        def renumber(value):
            """``value`` with every indirect reference renumbered, the referenced objects queued for writing."""
            if isinstance(value, _Renumbered):
                return value
            if isinstance(value, pdf.IndirectObject):
                key = (value.idnum, value.generation)
                if key not in numbers:
                    target = value.get_object()
                    if isinstance(target, pdf.DictionaryObject) and target.get("/Type") == "/Pages":
                        return _Renumbered(PAGES_ID, 0, None)  # the source's page tree is ours now
                    numbers[key] = self._new_id()
                    queue.append((numbers[key], target))
                return _Renumbered(numbers[key], 0, None)
            if isinstance(value, pdf.DictionaryObject):  # a stream object too: its data stays as it is
                for name, item in list(dict.items(value)):
                    dict.__setitem__(value, name, renumber(item))
            elif isinstance(value, pdf.ArrayObject):
                for index, item in enumerate(value):
                    value[index] = renumber(item)
            return value

        page_ids = []
        for ref, page, inherited in pages:
            for name, item in inherited.items():
                if name not in page:
                    dict.__setitem__(page, pdf.NameObject(name), item)
            dict.__setitem__(page, pdf.NameObject("/Parent"), _Renumbered(PAGES_ID, 0, None))
            queue.append((numbers[ref], page))
            page_ids.append(numbers[ref])
        if position is None:
            self.page_ids.extend(page_ids)
        else:
            self.page_ids[position:position] = page_ids
        # The pages first (in order), then whatever they use, each object once.
        while queue:
            number, target = queue.popleft()
            self._write_object(number, renumber(target))
        self.sources += 1
        return len(pages)

    def _iter_pages(self, node, inherited):
        """Yield ``((object number, generation), page, inherited attributes)`` of the page tree below ``node``."""
        inherited = {**inherited, **{name: dict.__getitem__(node, name) for name in INHERITABLE if name in node}}
        for kid in node["/Kids"]:
            child = kid.get_object()
            if child.get("/Type") == "/Pages" or "/Kids" in child:
                yield from self._iter_pages(child, inherited)
            else:
                yield (kid.idnum, kid.generation), child, inherited

    def _new_id(self):
        self.offsets.append(0)
        return len(self.offsets) - 1

    def _write_object(self, number, obj):
        self.offsets[number] = self._tell()
        self._write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self.out, None)
        self._write(b"\nendobj\n")

    def close(self):
        """Write the page tree, the catalogue, the cross-reference table and the trailer. Returns the page count."""
        if not self.page_ids:
            raise ValueError("a PDF bundle needs at least one page")
        kids = " ".join(f"{number} 0 R" for number in self.page_ids)
        self.offsets[PAGES_ID] = self._tell()
        self._write(f"{PAGES_ID} 0 obj\n<< /Type /Pages /Count {len(self.page_ids)} /Kids [ {kids} ] >>\nendobj\n"
                    .encode())
        self.offsets[CATALOG_ID] = self._tell()
        self._write(f"{CATALOG_ID} 0 obj\n<< /Type /Catalog /Pages {PAGES_ID} 0 R >>\nendobj\n".encode())
        xref = self._tell()
        self._write(f"xref\n0 {len(self.offsets)}\n0000000000 65535 f \n".encode())
        self._write(b"".join(f"{offset:010d} 00000 n \n".encode() for offset in self.offsets[1:]))
        self._write(
            f"trailer\n<< /Size {len(self.offsets)} /Root {CATALOG_ID} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        )
        return len(self.page_ids)
