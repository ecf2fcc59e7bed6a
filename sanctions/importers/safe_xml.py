"""Streaming XML reading that builds only the elements a parser asks for, as safe as defusedxml.

defusedxml's ``iterparse`` runs ElementTree's pure-Python parser (the C one cannot refuse entities): every
element of the file becomes a Python call, a dict and an ``Element``, which made reading OFAC's advanced
file most of its import. ``elements`` drives expat itself: elements outside those asked for are parsed
(the file must be well-formed throughout) but never built, and those asked for are built by the C
``TreeBuilder``. It refuses exactly what ``defusedxml`` does by default: entity declarations (no entity
expansion) and external references; a DTD without entities is read, never fetched.
"""

from xml.etree.ElementTree import ParseError, TreeBuilder
from xml.parsers import expat

from defusedxml.common import EntitiesForbidden, ExternalReferenceForbidden

BLOCK = 1 << 16  # bytes read at a time: what bounds the memory, with the largest element asked for


class _Stop(Exception):
    pass


def elements(path, tags, *, stop=(), root=False):
    """Each element of ``path`` whose local name (without its namespace, as the parsers match them) is in
    ``tags``, whole, in document order; the elements have ElementTree's ``{namespace}local`` tags. One
    inside another asked for comes only as part of it. ``stop``: local names whose start ends the reading,
    the rest of the file unread (and not checked). ``root``: only the root element, without its content.

    Raises ``ParseError`` for a file that is not well-formed XML, and defusedxml's exceptions for entities.
    """
    parser = expat.ParserCreate(None, "}")
    parser.buffer_text = True
    names = {}  # expat's names ('namespace}local') -> ElementTree's, computed once per name
    local = {}  # expat's names -> local names
    builder, depth, done = None, 0, []

    def name_of(raw):
        if raw not in names:
            names[raw] = "{" + raw if "}" in raw else raw
        return names[raw]

    # Outside the elements asked for, only starts are handled (text and ends are not even reported); the
    # handlers are swapped on the way in and out, and text goes straight to the C builder.
    def start_outside(raw, attributes):
        nonlocal builder, depth
        if raw not in local:
            local[raw] = raw.rpartition("}")[2]
        if root:
            done.append(TreeBuilder().start(name_of(raw), {name_of(k): v for k, v in attributes.items()}))
            raise _Stop
        if local[raw] in tags:
            builder, depth = TreeBuilder(), 0
            parser.StartElementHandler, parser.EndElementHandler = start_inside, end_inside
            parser.CharacterDataHandler = builder.data
            start_inside(raw, attributes)
        elif local[raw] in stop:
            raise _Stop

    def start_inside(raw, attributes):
        nonlocal depth
        depth += 1
        builder.start(name_of(raw), {name_of(k): v for k, v in attributes.items()} if attributes else {})

    def end_inside(raw):
        nonlocal depth
        builder.end(name_of(raw))
        depth -= 1
        if not depth:
            done.append(builder.close())
            parser.StartElementHandler, parser.EndElementHandler = start_outside, None
            parser.CharacterDataHandler = None

    parser.StartElementHandler = start_outside
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external

    def undefined_entity(name, is_parameter_entity):
        # Only reached when a DTD might have declared it (expat reports the error itself otherwise).
        line, column = parser.CurrentLineNumber, parser.CurrentColumnNumber
        code = expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]
        raise _parse_error(f"undefined entity &{name};: line {line}, column {column}", code, (line, column))

    parser.SkippedEntityHandler = undefined_entity
    with open(path, "rb") as file:
        try:
            while block := file.read(BLOCK):
                parser.Parse(block, False)
                yield from done
                done.clear()
            parser.Parse(b"", True)
            yield from done
        except _Stop:
            yield from done
        except expat.ExpatError as error:
            # As ElementTree reports it, so that callers handle one exception whichever parser read the file.
            raise _parse_error(str(error), error.code, (error.lineno, error.offset)) from None


def root_attributes(path):
    """The attributes of the document's root element (``{namespace}name`` keys), reading no further."""
    for root in elements(path, (), root=True):
        return root.attrib
    return {}


def _parse_error(message, code, position):
    error = ParseError(message)
    error.code, error.position = code, position
    return error


def _forbid_entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _forbid_unparsed_entity(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _forbid_external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)
