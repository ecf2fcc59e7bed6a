"""The formats ``import_list`` knows: how to read a release's date and entries, and how to load it."""

import datetime
import hashlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from sanctions.importers import ofac_advanced, ofac_csv, un_xml, xml_lists
from sanctions.importers.entries import Rejected, Release
from sanctions.importers.sync import Sync

# What the parsers read of a file; raised when they read more of it (2: identity documents; 4: places of birth,
# OFAC titles and vessels, and document dates not given to the day; 5: genders; 6: countries told by their names,
# not by a fuzzy search, where a register is kept, and document numbers set apart from the words written with
# them; 7: SWIFT/BIC codes without a digit, and the advanced format's SWIFT/BIC features; 8: one document per number
# however spaced, and executive orders' titles up to 500 characters, an over-long one not kept; 9: a document's
# issuer from the State its type names, and three more shapes of OFAC's remarks), so that bytes imported by an
# earlier reader are read again rather than reported as they were.
READER = 9


def digest(files):
    """SHA-256 of the reader, and of the files' names, sizes and bytes, in order: the same digest is the same
    release read in the same way."""
    found = hashlib.sha256(f"reader {READER}\0".encode())
    for path in files:
        found.update(f"{path.name}\0{path.stat().st_size}\0".encode())
        with open(path, "rb") as file:
            while block := file.read(1 << 20):
                found.update(block)
    return found.hexdigest()


class ListFormat:
    """A format whose entries become actors and designations through ``Sync``."""

    publisher = ""
    title = ""

    def release(self, paths, *, release_date=None):
        for path in paths:
            if not Path(path).exists():
                raise OSError(f"no such file or folder: {path}")
        try:
            published = release_date or self.published_on(paths) or datetime.date.today()
        except (ParseError, DefusedXmlException) as error:
            # Reading the date is the first look into the file; a broken one is bad input, not a crash.
            raise ValueError(f"cannot be parsed safely: {error}") from error
        return Release(
            self.publisher, self.title, published, entries=self.entries(paths), digest=digest(self.files(paths))
        )

    def files(self, paths):
        """The files a release is read from, in the order read."""
        return [Path(path) for path in paths]

    def published_on(self, paths):
        return None

    def entries(self, paths):
        raise NotImplementedError

    def load(self, release, progress=None):
        try:
            return Sync(release, progress=progress).run()
        except (ParseError, DefusedXmlException) as error:
            raise Rejected(getattr(self, "title", "file"), f"cannot be parsed safely: {error}") from error


class OfacCsv(ListFormat):
    def __init__(self, variant):
        self.variant = variant
        self.publisher = f"ofac-{variant}"
        self.title = {"sdn": "OFAC SDN list (legacy CSV)", "cons": "OFAC Consolidated list (legacy CSV)"}[variant]

    def files(self, paths):
        return [path for path in ofac_csv.find_files(paths, self.variant) if path.exists()]

    def entries(self, paths):
        return ofac_csv.parse(paths, self.variant)


class UnXml(ListFormat):
    publisher = "un"
    title = "UN Security Council Consolidated List (XML)"

    def published_on(self, paths):
        return un_xml.release_date(paths[0])

    def entries(self, paths):
        for path in paths:
            yield from un_xml.parse(path)


class EuXml(ListFormat):
    publisher = "eu"
    title = "EU Financial Sanctions File (XML 1.1)"

    def published_on(self, paths):
        return xml_lists.eu_release_date(paths[0])

    def entries(self, paths):
        for path in paths:
            yield from xml_lists.eu_parse(path)


class EuXmlLegacy(ListFormat):
    """The format the EU published until 2016; its entity ids are 1.1's logical ids, so that a 1.1 release
    read after a 1.0 one updates the same actors."""

    publisher = "eu"
    title = "EU Financial Sanctions File (XML 1.0)"

    def published_on(self, paths):
        return xml_lists.eu_legacy_release_date(paths[0])

    def entries(self, paths):
        for path in paths:
            yield from xml_lists.eu_legacy_parse(path)


class OfacXml(ListFormat):
    def __init__(self, variant):
        self.publisher = f"ofac-{variant}"
        self.title = {"sdn": "OFAC SDN list (XML)", "cons": "OFAC Consolidated list (XML)"}[variant]

    def published_on(self, paths):
        return xml_lists.ofac_xml_release_date(paths[0])

    def entries(self, paths):
        for path in paths:
            yield from xml_lists.ofac_xml_parse(path)


class OfacAdvancedXml(ListFormat):
    def __init__(self, variant):
        self.publisher = f"ofac-{variant}"
        self.title = {"sdn": "OFAC SDN list (advanced XML)", "cons": "OFAC Consolidated list (advanced XML)"}[variant]

    def published_on(self, paths):
        return ofac_advanced.release_date(paths[0])

    def entries(self, paths):
        for path in paths:
            yield from ofac_advanced.parse(path)
