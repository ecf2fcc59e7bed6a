"""Importers for the official lists. Each parser turns a file into ``Entry`` records; ``sync`` writes them.

``FORMATS`` maps the names that ``manage.py import_list`` takes to their parsers.
"""

from sanctions.importers.federal_register import FederalRegister
from sanctions.importers.formats import EuXml, EuXmlLegacy, OfacAdvancedXml, OfacCsv, OfacXml, UnXml

FORMATS = {
    "ofac-sdn-csv": OfacCsv("sdn"),
    "ofac-cons-csv": OfacCsv("cons"),
    "ofac-sdn-xml": OfacXml("sdn"),
    "ofac-cons-xml": OfacXml("cons"),
    "ofac-sdn-advanced-xml": OfacAdvancedXml("sdn"),
    "ofac-cons-advanced-xml": OfacAdvancedXml("cons"),
    "un-xml": UnXml(),
    "eu-xml": EuXml(),
    "eu-xml-1.0": EuXmlLegacy(),
    "fr-csv": FederalRegister("csv"),
    "fr-json": FederalRegister("json"),
}
