"""`./dev tour`: a slice of it (one page, one size, one language) writes a real picture and its index."""

import struct
import zlib
from pathlib import Path

import pytest

from factcheck import tour
from tests.browser import pages
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of pixels (RGB or RGBA, 8 bits) of a PNG, decoded with the standard library."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks = 8, {}
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunks.setdefault(kind, b"")
        chunks[kind] += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    step = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(chunks[b"IDAT"]), width * step, [], bytes(width * step)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up, corner = previous[x], previous[x - step] if x >= step else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def test_a_slice_of_the_tour_writes_a_picture_of_the_page_and_an_index(
    browser, live_server, tmp_path, editor, reviewer, admin_user
):
    pages.build(editor, reviewer, admin_user)
    args = tour.parse_args(["--only", "articles", "--sizes", "laptop", "--languages", "en", "--out", str(tmp_path)])
    taker = tour.Tour(tmp_path, args.sizes, args.languages, args.shots, password=PASSWORD)
    taken = taker.run(browser, live_server.url, tour.Demo())
    index = taker.write_index()

    assert [(t.shot.name, t.language, t.size.name, t.error) for t in taken] == [("articles", "en", "laptop", "")]
    shot = tmp_path / "en" / "laptop" / "articles.png"
    assert taken[0].path == shot
    width, height, rows = read_png(shot)
    assert width == 1366 and height >= 768  # the whole page, at least the window
    # Not blank: many colours (text, links, the table), and dark text on the light page.
    colours = {row[x : x + 3] for row in rows[::4] for x in range(0, len(row), 12)}
    assert len(colours) > 50, f"{len(colours)} colours: a blank or nearly blank picture"
    dark = sum(1 for row in rows[::4] for x in range(0, len(row), 12) if sum(row[x : x + 3]) < 200)
    assert dark > 100, "no text on the picture"
    assert 'src="en/laptop/articles.png"' in index.read_text()


def test_the_tour_refuses_an_unknown_state_size_or_language(capsys):
    for argv in (["--only", "nowhere"], ["--sizes", "huge"], ["--languages", "de"]):
        with pytest.raises(SystemExit) as stopped:
            tour.parse_args(argv)
        assert stopped.value.code == 2
    assert "unknown language 'de'" in capsys.readouterr().err
    assert tour.parse_args(["--sizes", "1280x720"]).sizes == [tour.Size("1280x720", 1280, 720)]
