"""Step charts as SVG, drawn on the server: no script, readable without JavaScript, printable."""

import datetime

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT = 900, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 24, 40
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def _nice_step(top, ticks=5):
    raw = max(top / ticks, 1)
    magnitude = 10 ** (len(str(int(raw))) - 1)
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


class Frame:
    """Maps dates and values to SVG coordinates."""

    def __init__(self, first, last, top):
        self.first, self.last = first, max(last, first + datetime.timedelta(days=1))
        self.top = max(top, 1)

    def x(self, day):
        span = (self.last - self.first).days
        return round(LEFT + (day - self.first).days / span * (WIDTH - LEFT - RIGHT), 1)

    def y(self, value):
        return round(HEIGHT - BOTTOM - value / self.top * (HEIGHT - TOP - BOTTOM), 1)


def _axes(frame, label):
    step = _nice_step(frame.top)
    y_ticks = format_html_join(
        "",
        '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>',
        ((LEFT, WIDTH - RIGHT, frame.y(v), frame.y(v), LEFT - 6, frame.y(v) + 4, v)
         for v in range(0, frame.top + 1, step)),
    )  # fmt: skip
    years = range(frame.first.year + 1, frame.last.year + 1)
    every = max(1, len(years) // 12)
    x_ticks = format_html_join(
        "",
        '<text class="year" x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
        ((frame.x(datetime.date(y, 1, 1)), HEIGHT - BOTTOM + 16, y) for y in years if y % every == 0),
    )
    axis = format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#333"/>'
        '<text x="12" y="{}" font-size="12" transform="rotate(-90 12 {})" text-anchor="middle">{}</text>',
        LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, HEIGHT - BOTTOM, HEIGHT / 2, HEIGHT / 2, label,
    )  # fmt: skip
    return y_ticks + x_ticks + axis


def _mark(frame, index, day, text):
    """A dashed vertical line on ``day`` with its label, on the right of the line unless too near the edge."""
    x = frame.x(day)
    right = x < WIDTH * 0.8
    return format_html(
        '<g class="mark" data-date="{}"><line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b00" stroke-dasharray="4 3"/>'
        '<text x="{}" y="{}" font-size="11" fill="#b00" text-anchor="{}">{}</text></g>',
        day.isoformat(), x, x, TOP, HEIGHT - BOTTOM, x + 3 if right else x - 3, HEIGHT - BOTTOM - 10 - 13 * index,
        "start" if right else "end", text,
    )  # fmt: skip


def _step_path(frame, points, last):
    """'M x,y H x V y ...': the value holds until the next change, then to ``last``."""
    if not points:
        return ""
    parts = [f"M{frame.x(points[0][0])},{frame.y(0)} V{frame.y(points[0][1])}"]
    for day, following in points[1:]:
        parts.append(f"H{frame.x(day)} V{frame.y(following)}")
    parts.append(f"H{frame.x(last)}")
    return " ".join(parts)


def step_chart(*, title, label, series, marks=(), last=None):
    """``series``: ``[(name, [(date, value)])]``; ``marks``: ``[(date, text)]`` drawn as dashed vertical lines."""
    days = [day for _, points in series for day, _ in points] + [day for day, _ in marks]
    if not days:
        return format_html('<p class="empty">{}: no data.</p>', title)
    first = datetime.date(min(days).year, 1, 1)
    last = max([*days, last or max(days)])
    highest = max((v for _, points in series for _, v in points), default=1)
    step = _nice_step(highest)
    frame = Frame(first, last, -(-highest // step) * step + (step if highest % step == 0 else 0))
    lines = format_html_join(
        "",
        '<path class="series" data-name="{}" d="{}" fill="none" stroke="{}" stroke-width="2"/>',
        ((name, _step_path(frame, points, last), COLOURS[i % len(COLOURS)]) for i, (name, points) in enumerate(series)),
    )
    mark_lines = format_html_join("", "{}", ((_mark(frame, i, day, text),) for i, (day, text) in enumerate(marks)))
    legend = format_html_join(
        "",
        '<text class="legend" x="{}" y="{}" font-size="12" fill="{}">{}</text>',
        ((LEFT + 8, TOP + 14 + 15 * i, COLOURS[i % len(COLOURS)], name)
         for i, (name, _) in enumerate(series)) if len(series) > 1 else (),
    )  # fmt: skip
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><title>{}</title>{}{}{}{}</svg>',
        WIDTH, HEIGHT, WIDTH, HEIGHT, title, title, _axes(frame, label), lines, mark_lines, legend,
    )  # fmt: skip
